package io.setuprunner.migrate;

import java.util.List;

/**
 * A changeset an upgrade would run, with the SQL Liquibase generates for it, for {@code plan}.
 *
 * @param changeset {@code Vendor_Module/1.0.0.xml::id::author}
 * @param contract labelled {@code contract}: runs only in the contract phase
 * @param sql the statements, each with its delimiter, in the order they would run
 * @param notShown what SQL generation cannot show before the run (a custom change, a precondition that reads
 *     data, a change whose SQL depends on what it finds), one line each; never left out silently
 */
public record ChangesetPreview(String changeset, boolean contract, List<String> sql, List<String> notShown) {
  public ChangesetPreview {
    sql = List.copyOf(sql);
    notShown = List.copyOf(notShown);
  }
}
