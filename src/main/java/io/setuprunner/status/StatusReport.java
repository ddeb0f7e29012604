package io.setuprunner.status;

import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunRecord;
import io.setuprunner.plan.OutOfStep;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the database stands against the code, and what the runners are doing.
 *
 * @param details per module name, the pending changesets and phase (empty when not inspected)
 * @param drift changesets edited after they ran (empty when not inspected)
 * @param ready the database is ready for this code: up to date, or only contract changesets pending,
 *     with no run in progress and nothing needing attention
 * @param outOfStep what the database records and the code lacks
 * @param changelogFilters the contexts and labels this status selected changesets with, in words
 * @param notRerun {@code runAlways}/{@code runOnChange} changesets of installed versions, which do not run
 *     again until their module has a new version (empty when not inspected)
 */
public record StatusReport(
    UpgradePlan plan,
    Map<String, ModuleDetail> details,
    List<String> drift,
    Optional<RunProgress> inProgress,
    Optional<RunRecord> lastRun,
    State state,
    boolean ready,
    OutOfStep outOfStep,
    String changelogFilters,
    List<String> notRerun) {

  public StatusReport {
    details = Map.copyOf(details);
    drift = List.copyOf(drift);
    notRerun = List.copyOf(notRerun);
  }

  /** Where {@code module} stands: as inspected when its changelogs were read, else as the plan alone tells. */
  public Phase phaseOf(ModulePlan module) {
    ModuleDetail detail = details.get(module.module().name());
    if (detail != null) {
      return detail.phase();
    }
    return module.databaseAhead() ? Phase.DATABASE_AHEAD
        : module.aheadCompatibly() ? Phase.AHEAD_COMPATIBLY
        : module.pending().isEmpty() ? Phase.UP_TO_DATE : Phase.PENDING;
  }

  /** A module's pending changesets and where it stands in the expand/contract cycle. */
  public record ModuleDetail(List<String> pendingChangesets, Phase phase) {
    public ModuleDetail {
      pendingChangesets = List.copyOf(pendingChangesets);
    }
  }

  /** Where one module stands. */
  public enum Phase {
    UP_TO_DATE,
    /** Expand changesets (or unlabelled ones) are pending: the new code cannot run yet. */
    PENDING,
    /** Only contract changesets are pending: new and old code can both run. */
    CONTRACT_PENDING,
    /** Newer code ran only expand changesets: this code still works against the database. */
    AHEAD_COMPATIBLY,
    DATABASE_AHEAD
  }

  /** The overall answer, most urgent first; each maps to one exit code of {@code status}. */
  public enum State {
    /** A module's database version is newer than the code. */
    DATABASE_AHEAD,
    /** A run holds the lock and is executing. */
    IN_PROGRESS,
    /** The last run failed or was interrupted (its runner died). */
    NEEDS_ATTENTION,
    /** A changeset was edited after it ran. */
    CHECKSUM_DRIFT,
    /** Upgrades are pending and nothing is running. */
    PENDING,
    UP_TO_DATE
  }
}
