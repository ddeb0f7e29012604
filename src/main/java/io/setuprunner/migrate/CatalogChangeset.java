package io.setuprunner.migrate;

import io.setuprunner.module.Version;

/**
 * A changeset of the module catalog, as the run's filters select it.
 *
 * @param path its changelog's path under {@code changelogs/}, as the history records it
 *     ({@code Vendor_Module/db/changelog/orders.xml})
 */
public record CatalogChangeset(String module, Version version, String path, String id, String author) {
  /** {@code path::id::author}, the history's identity of the changeset. */
  public String changeset() {
    return ChangesetId.of(path, id, author);
  }

  /** The path below the module's folder: what an application's own Liquibase set-up would have called it. */
  public String pathInModule() {
    return path.startsWith(module + "/") ? path.substring(module.length() + 1) : path;
  }
}
