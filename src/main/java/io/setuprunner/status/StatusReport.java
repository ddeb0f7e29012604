package io.setuprunner.status;

import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunRecord;
import io.setuprunner.upgrade.UpgradePlan;
import java.util.Optional;

/** Where the database stands against the code, and what the runners are doing. */
public record StatusReport(
    UpgradePlan plan, Optional<RunProgress> inProgress, Optional<RunRecord> lastRun, State state) {

  /** The overall answer, most urgent first; each maps to one exit code of {@code status}. */
  public enum State {
    /** A module's database version is newer than the code. */
    DATABASE_AHEAD,
    /** A run holds the lock and is executing. */
    IN_PROGRESS,
    /** The last run failed or was interrupted (its runner died). */
    NEEDS_ATTENTION,
    /** Upgrades are pending and nothing is running. */
    PENDING,
    UP_TO_DATE
  }
}
