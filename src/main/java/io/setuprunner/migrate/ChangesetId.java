package io.setuprunner.migrate;

/**
 * A changeset's identity as Setup Runner names it everywhere ({@code Vendor_Module/1.0.0.xml::id::author}):
 * the changelog path relative to {@code changelogs/}, so moving the release directory changes nothing.
 */
public final class ChangesetId {
  private ChangesetId() {}

  public static String of(String changelog, String id, String author) {
    return changelog + "::" + id + "::" + author;
  }
}
