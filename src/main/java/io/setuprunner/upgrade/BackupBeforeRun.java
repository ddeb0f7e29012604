package io.setuprunner.upgrade;

import java.util.Optional;

/**
 * The backup an upgrade takes under its lock before its first changeset ({@code backup.before-upgrade}):
 * the backup package's work, handed in so that the upgrade's steps do not depend on how backups are made.
 */
@FunctionalInterface
public interface BackupBeforeRun {
  /** No backup: {@code backup.before-upgrade=never}. */
  BackupBeforeRun NONE = runId -> Optional.empty();

  /**
   * @param runId the run the backup is for, recorded in its manifest
   * @return the backup's name; empty when none is taken
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code BACKUP_FAILED}: the run then executes nothing
   */
  Optional<String> take(String runId);
}
