package io.setuprunner.status;

import io.setuprunner.lock.DeployLock;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunRecord;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStore;
import io.setuprunner.status.StatusReport.State;
import io.setuprunner.upgrade.Planner;
import io.setuprunner.upgrade.UpgradePlan;
import java.util.Optional;

/** Answers {@code status}: reads the code, the database and the lock; changes nothing. */
public final class StatusService {
  private final StateStore state;
  private final DeployLock lock;

  public StatusService(StateStore state, DeployLock lock) {
    this.state = state;
    this.lock = lock;
  }

  public StatusReport status(ModuleCatalog catalog) {
    UpgradePlan plan = new Planner().plan(catalog, state.moduleVersions());
    Optional<RunProgress> inProgress = lock.runInProgress();
    Optional<RunRecord> lastRun = state.latestRun();
    return new StatusReport(plan, inProgress, lastRun, state(plan, inProgress, lastRun));
  }

  private static State state(UpgradePlan plan, Optional<RunProgress> inProgress, Optional<RunRecord> lastRun) {
    if (!plan.ahead().isEmpty()) {
      return State.DATABASE_AHEAD;
    }
    if (inProgress.isPresent()) {
      return State.IN_PROGRESS;
    }
    if (lastRun.map(r -> r.status() != RunStatus.SUCCEEDED).orElse(false)) {
      // RUNNING without a holder means its runner died: the lock freed itself, the row could not.
      return State.NEEDS_ATTENTION;
    }
    return plan.isUpToDate() ? State.UP_TO_DATE : State.PENDING;
  }

  /** How the last run ended, for people: RUNNING with no holder reads as interrupted. */
  public static String describe(RunRecord run, boolean holderAlive) {
    RunStatus status = run.status() == RunStatus.RUNNING && !holderAlive ? RunStatus.INTERRUPTED : run.status();
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }
}
