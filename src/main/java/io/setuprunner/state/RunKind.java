package io.setuprunner.state;

/** What a recorded run did. */
public enum RunKind {
  /** Ran pending changesets (the only kind before kinds were recorded). */
  UPGRADE,
  /** Loaded a backup over the database. */
  RESTORE,
  /** A person recorded a changeset as applied or not applied by hand ({@code setup-runner mark}). */
  MARK,
  /** Rolled a module's changesets back to an earlier version ({@code setup-runner rollback}). */
  ROLLBACK
}
