package io.setuprunner.status;

import io.setuprunner.lock.DeployLock;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetHistory;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunRecord;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStores;
import io.setuprunner.status.StatusReport.ModuleDetail;
import io.setuprunner.status.StatusReport.Phase;
import io.setuprunner.status.StatusReport.State;
import io.setuprunner.plan.Drift;
import io.setuprunner.plan.OutOfStep;
import io.setuprunner.plan.Planner;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers {@code status}, {@code wait} and the readiness endpoint: reads code, database and lock; changes nothing. */
public final class StatusService {
  private final StateStores state;
  private final ChangesetHistory history;
  private final DeployLock lock;
  private final Supplier<ChangelogExecutor> executors;
  private final String changelogFilters;

  /** @param changelogFilters the contexts and labels the executors select changesets with, in words */
  public StatusService(StateStores state, ChangesetHistory history, DeployLock lock,
      Supplier<ChangelogExecutor> executors, String changelogFilters) {
    this.changelogFilters = changelogFilters;
    this.state = state;
    this.history = history;
    this.lock = lock;
    this.executors = executors;
  }

  /**
   * @param inspectAll also read every applied changelog, for edited changesets (checksum drift);
   *     pending changelogs are read whenever something is pending, to tell expand from contract
   */
  public StatusReport status(ModuleCatalog catalog, boolean inspectAll) {
    Map<String, Version> recorded = state.modules().moduleVersions();
    UpgradePlan plan = new Planner().plan(catalog, recorded, history::versions);
    OutOfStep outOfStep = OutOfStep.find(catalog, recorded, history.files());
    Optional<RunProgress> inProgress = lock.runInProgress();
    Optional<RunRecord> lastRun = state.runs().latestRun();
    Map<String, ModuleDetail> details = new LinkedHashMap<>();
    List<String> drift = new ArrayList<>();
    List<String> notRerun = new ArrayList<>();
    boolean inspectPending = !plan.isUpToDate() && plan.ahead().isEmpty();
    if (inspectPending || inspectAll) {
      try (ChangelogExecutor executor = executors.get()) {
        if (inspectAll) {
          Drift.Applied applied = Drift.scan(executor, plan);
          drift.addAll(applied.edited());
          notRerun.addAll(applied.notRerun());
        }
        for (ModulePlan module : plan.modules()) {
          List<String> pending = new ArrayList<>();
          boolean expandPending = false;
          for (Version version : module.databaseAhead() ? List.<Version>of() : module.pending()) {
            for (ChangesetState c : executor.inspect(module.module(), version)) {
              if (c.edited()) {
                drift.add(c.changeset());
              }
              if (!c.ran()) {
                pending.add(c.changeset());
                expandPending |= !c.contract();
              }
            }
          }
          details.put(module.module().name(), new ModuleDetail(pending, phase(module, pending, expandPending)));
        }
      }
    }
    State overall = state(plan, drift, inProgress, lastRun);
    boolean ready = inProgress.isEmpty()
        && (overall == State.UP_TO_DATE || overall == State.PENDING)
        && plan.modules().stream().allMatch(m -> m.pending().isEmpty()
            || Optional.ofNullable(details.get(m.module().name())).map(d -> d.phase() == Phase.CONTRACT_PENDING
                || d.phase() == Phase.UP_TO_DATE).orElse(false));
    return new StatusReport(plan, details, drift, inProgress, lastRun, overall, ready, outOfStep, changelogFilters,
        notRerun);
  }

  private static Phase phase(ModulePlan module, List<String> pending, boolean expandPending) {
    if (module.databaseAhead()) {
      return Phase.DATABASE_AHEAD;
    }
    if (module.aheadCompatibly()) {
      return Phase.AHEAD_COMPATIBLY;
    }
    if (module.pending().isEmpty()) {
      return Phase.UP_TO_DATE;
    }
    // Versions whose changesets all ran but are not recorded yet still count as pending work.
    return expandPending || pending.isEmpty() ? Phase.PENDING : Phase.CONTRACT_PENDING;
  }

  private static State state(UpgradePlan plan, List<String> drift, Optional<RunProgress> inProgress,
      Optional<RunRecord> lastRun) {
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
    if (!drift.isEmpty()) {
      return State.CHECKSUM_DRIFT;
    }
    return plan.isUpToDate() ? State.UP_TO_DATE : State.PENDING;
  }

  /** How the last run ended, for people: RUNNING with no holder reads as interrupted. */
  public static String describe(RunRecord run, boolean holderAlive) {
    RunStatus status = run.status() == RunStatus.RUNNING && !holderAlive ? RunStatus.INTERRUPTED : run.status();
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }
}
