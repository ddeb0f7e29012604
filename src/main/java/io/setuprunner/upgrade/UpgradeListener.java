package io.setuprunner.upgrade;

import io.setuprunner.module.Version;
import io.setuprunner.state.RunProgress;
import java.time.Duration;
import java.util.Optional;

/** Hears how a run advances, for progress lines and, later, metrics. Every method defaults to nothing. */
public interface UpgradeListener {
  UpgradeListener NONE = new UpgradeListener() {};

  /** Something is pending and the lock is about to be requested; {@code holder} is who has it now, if anyone. */
  default void waitingForLock(String lock, Optional<RunProgress> holder) {}

  default void lockAcquired(Duration waited) {}

  default void versionStarted(String module, Optional<Version> from, Version to) {}

  default void changesetStarted(String changeset) {}

  /** The changeset ran (or, in a rollback, was rolled back) and its record was written (or removed). */
  default void changesetFinished(String changeset, Duration took) {}

  /** A rollback starts undoing {@code version}'s changesets; {@code to}: the version it leaves (empty: none). */
  default void versionRollingBack(String module, Version version, Optional<Version> to) {}

  /** A rollback undid {@code version}'s changesets. */
  default void versionRolledBack(String module, Version version, int changesets, Duration elapsed) {}

  default void versionFinished(UpgradeReport.AppliedVersion applied) {}

  /** Expand phase only: the version's expand changesets ran; its contract changesets wait. */
  default void versionExpanded(String module, Version version, int changesets, Duration elapsed) {}

  /** Without ZooKeeper no node registers: contract changesets of these modules run unchecked. */
  default void contractUnchecked(java.util.List<String> modules) {}

  /** {@code --force}: the contract phase runs although these nodes still serve older code. */
  default void contractForced(java.util.List<String> nodes) {}

  /** The changesets run on the database connection with this id (the server's {@code CONNECTION_ID()}). */
  default void executingOn(long connectionId) {}

  /**
   * The changeset still runs, {@code elapsed} after it started: every {@code progress.heartbeat}.
   *
   * @param activity what the server reports for the statement it is running, when it lists it
   */
  default void heartbeat(String changeset, Duration elapsed,
      Optional<io.setuprunner.state.ServerActivity.Snapshot> activity) {}

  /** A line for the person watching, beside the progress: maintenance switched on or off, and why. */
  default void notice(String line) {}
}
