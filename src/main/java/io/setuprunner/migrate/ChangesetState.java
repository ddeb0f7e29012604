package io.setuprunner.migrate;

/**
 * One changeset of a changelog as the history sees it.
 *
 * @param changeset {@code Vendor_Module/1.0.0.xml::id::author}
 * @param contract labelled {@code contract}: runs only in the contract phase
 * @param ran recorded in the history
 * @param edited recorded, but the changeset's checksum no longer matches the recorded one (and it is not
 *     {@code runOnChange}, whose edits are meant to run again)
 * @param repeatable {@code runAlways} or {@code runOnChange}: Liquibase runs it again, but Setup Runner only in a
 *     pass over its version, and a version installed is not passed over again (docs/module-format.md)
 */
public record ChangesetState(String changeset, boolean contract, boolean ran, boolean edited, boolean repeatable) {}
