package io.setuprunner.state;

/** What a recorded run did. */
public enum RunKind {
  /** Ran pending changesets (the only kind before kinds were recorded). */
  UPGRADE,
  /** Loaded a backup over the database. */
  RESTORE
}
