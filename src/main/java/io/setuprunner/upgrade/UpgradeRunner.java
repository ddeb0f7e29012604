package io.setuprunner.upgrade;

import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.Lease;
import io.setuprunner.gate.ServingRegistry;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.migrate.Phase;
import io.setuprunner.migrate.ChangesetListener;
import io.setuprunner.migrate.Verification;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.Resolution;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStore;
import io.setuprunner.upgrade.UpgradePlan.ModulePlan;
import io.setuprunner.upgrade.UpgradeReport.AppliedVersion;
import io.setuprunner.upgrade.UpgradeReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The upgrade, as a checklist: plan from code and database; if anything is pending, take the lock,
 * move the fence to this run's token, settle changesets that earlier runs died inside, plan again
 * (another runner may have done the work meanwhile), execute each pending module version in
 * dependency order, checking lock and fence before every changeset; release; rebuild the config cache.
 */
public final class UpgradeRunner {
  /** Who is running: the parts of a run's identity that come from the process, not the run. */
  public record Runner(String host, long pid, String user, String release) {}

  /**
   * How the runner behaves, beyond what the catalog and the lock decide.
   *
   * @param force run contract changesets even while nodes still serve code that needs what they remove
   */
  public record Options(Duration lockTimeout, Duration debugPause, StopRequest stop, Phase phase, boolean force) {}

  private final StateStore state;
  private final Supplier<DeployLock> locks;
  private final Supplier<ChangelogExecutor> executors;
  private final CacheRebuild cache;
  private final Clock clock;
  private final UpgradeListener listener;
  private final ContractGuard guard;
  private final Planner planner = new Planner();

  /** @param locks opened only when something is pending: a no-op deploy never contacts the lock service */
  public UpgradeRunner(StateStore state, Supplier<DeployLock> locks, Supplier<ChangelogExecutor> executors,
      Supplier<ServingRegistry> registries, CacheRebuild cache, Clock clock, UpgradeListener listener) {
    this.guard = new ContractGuard(registries, listener);
    this.state = state;
    this.locks = locks;
    this.executors = executors;
    this.cache = cache;
    this.clock = clock;
    this.listener = listener;
  }

  public UpgradeReport upgrade(ModuleCatalog catalog, Runner runner, Options options) {
    Instant start = clock.instant();
    UpgradePlan plan = planner.plan(catalog, state.moduleVersions(), state::historyVersions)
        .requireDatabaseNotAhead();
    if (plan.isUpToDate() && lastRunSucceeded()) {
      // The fast path: no lock, no Liquibase, no changelog parsing.
      return finish(catalog, runner, Outcome.NOTHING_PENDING, null, List.of(), Duration.ZERO, start);
    }
    RunProgress request = new RunProgress(
        UUID.randomUUID().toString(), runner.host(), runner.pid(), runner.release(), start, null, null, null);
    DeployLock lock = locks.get();
    listener.waitingForLock(lock.describe(), lock.runInProgress());
    Execution execution;
    Execution idle = null;
    Duration waited;
    try (Lease lease = lock.acquire(request, options.lockTimeout())) {
      waited = Duration.between(start, clock.instant());
      listener.lockAcquired(waited);
      RunProgress run = new RunProgress(request.runId(), runner.host(), runner.pid(), runner.release(),
          clock.instant(), null, null, null);
      long token = state.takeOver(lease.fencingToken(), run.runId(), run.startedAt());
      int interrupted = state.markOtherRunsInterrupted(run.runId(), run.startedAt(), token);
      List<RunProgress> unsettled = state.unresolvedInterruptions();
      plan = planner.plan(catalog, state.moduleVersions(), state::historyVersions).requireDatabaseNotAhead();
      // A run is recorded even with nothing to execute when the last one failed or was interrupted:
      // status reports that run until a later one succeeds.
      boolean closeOut = interrupted > 0 || !unsettled.isEmpty() || !lastRunSucceeded();
      if (plan.isUpToDate() && !closeOut) {
        execution = null;
      } else {
        execution = new Execution(lock, lease, run, token, runner, options, interrupted, waited);
        if (!execution.run(catalog, plan, unsettled, closeOut)) {
          idle = execution; // nothing to do in this phase; it still knows which contracts wait
          execution = null;
        }
      }
    }
    if (execution == null) {
      return finish(catalog, runner, Outcome.VERIFIED_AFTER_WAIT, null,
          idle == null ? List.of() : idle.contractPending, waited, start);
    }
    return finish(catalog, runner, Outcome.UPGRADED, execution, execution.contractPending, waited, start);
  }

  private boolean lastRunSucceeded() {
    return state.latestRun().map(r -> r.status() == RunStatus.SUCCEEDED).orElse(true);
  }

  private UpgradeReport finish(ModuleCatalog catalog, Runner runner, Outcome outcome, Execution execution,
      List<String> contractPending, Duration waited, Instant start) {
    CacheRebuild.Outcome rebuilt = cache.rebuild(catalog, runner.release());
    return new UpgradeReport(outcome,
        Optional.ofNullable(execution).map(e -> e.run.runId()),
        execution == null ? List.of() : execution.applied,
        execution == null ? 0 : execution.executed,
        execution == null ? 0 : execution.interrupted,
        execution == null ? List.of() : execution.settled,
        contractPending,
        waited, Duration.between(start, clock.instant()), rebuilt.file(), rebuilt.command());
  }

  /** One run under the lock: executes the plan and keeps the run-history row and the lock's progress current. */
  private final class Execution implements ChangesetListener {
    private final DeployLock lock;
    private final Lease lease;
    private final long token;
    private final Runner runner;
    private final Options options;
    private final int interrupted;
    private final List<AppliedVersion> applied = new ArrayList<>();
    private final List<String> settled = new ArrayList<>();
    private final List<String> contractPending = new ArrayList<>();
    private RunProgress run;
    private int executed;

    private final Duration waited;

    Execution(DeployLock lock, Lease lease, RunProgress run, long token, Runner runner, Options options,
        int interrupted, Duration waited) {
      this.waited = waited;
      this.lock = lock;
      this.lease = lease;
      this.run = run;
      this.token = token;
      this.runner = runner;
      this.options = options;
      this.interrupted = interrupted;
    }

    /**
     * Executes the plan in this run's phase.
     *
     * @param closeOut record a run even with nothing to execute (an earlier run needs closing)
     * @return false when there was nothing to do in this phase and no run was recorded
     */
    boolean run(ModuleCatalog catalog, UpgradePlan plan, List<RunProgress> unsettled, boolean closeOut) {
      ChangelogExecutor executor = plan.isUpToDate() && unsettled.isEmpty() ? null : executors.get();
      try {
        // Read before anything runs: a broken changelog, an edited changeset or a contract the
        // serving nodes still need stops the run with nothing executed.
        Map<ModulePlan, Map<Version, List<ChangesetState>>> pending = inspectPending(executor, plan);
        requireNoDrift(executor, plan);
        if (options.phase().runsContract()) {
          requireContractAllowed(pending);
        }
        if (!closeOut && !hasWork(pending)) {
          pending.forEach((module, versions) -> versions.forEach((version, changesets) -> {
            if (changesets.stream().anyMatch(c -> !c.ran())) {
              contractPending.add(module.module().name() + " " + version);
            }
          }));
          return false;
        }
        lease.publish(run);
        state.startRun(run, token, waited);
        execute(executor, catalog, pending, unsettled);
      } finally {
        if (executor != null) {
          executor.close();
        }
      }
      return true;
    }

    private Map<ModulePlan, Map<Version, List<ChangesetState>>> inspectPending(ChangelogExecutor executor,
        UpgradePlan plan) {
      Map<ModulePlan, Map<Version, List<ChangesetState>>> pending = new LinkedHashMap<>();
      for (ModulePlan module : plan.modules()) {
        Map<Version, List<ChangesetState>> versions = new LinkedHashMap<>();
        module.pending().forEach(v -> versions.put(v, executor.inspect(module.module(), v)));
        pending.put(module, versions);
      }
      return pending;
    }

    private void requireNoDrift(ChangelogExecutor executor, UpgradePlan plan) {
      if (executor == null) {
        return;
      }
      List<String> edited = new ArrayList<>();
      for (ModulePlan module : plan.modules()) {
        for (Version applied : module.module().changelogs().keySet()) {
          if (module.databaseVersion().map(db -> !applied.isNewerThan(db)).orElse(false)) {
            executor.inspect(module.module(), applied).stream().filter(ChangesetState::edited)
                .forEach(c -> edited.add(c.changeset()));
          }
        }
        // A half-run pending version can hold edited changesets too.
        // (Liquibase would refuse them itself; saying so up front names them all.)
      }
      if (!edited.isEmpty()) {
        throw new SetupRunnerException(ErrorKind.CHECKSUM_DRIFT, "Changesets were edited after they ran: " + edited
            + ". Restore them as they were and put the change in a new changeset of a new version."
            + " Nothing was executed.");
      }
    }

    private void requireContractAllowed(Map<ModulePlan, Map<Version, List<ChangesetState>>> pending) {
      Map<String, Version> contracts = new LinkedHashMap<>();
      pending.forEach((module, versions) -> versions.forEach((version, changesets) -> {
        if (changesets.stream().anyMatch(c -> c.contract() && !c.ran())) {
          contracts.merge(module.module().name(), version, (a, b) -> a.isNewerThan(b) ? b : a);
        }
      }));
      guard.check(contracts, options.force());
    }

    private boolean hasWork(Map<ModulePlan, Map<Version, List<ChangesetState>>> pending) {
      for (Map<Version, List<ChangesetState>> versions : pending.values()) {
        for (List<ChangesetState> changesets : versions.values()) {
          boolean runnable = changesets.stream().anyMatch(c -> !c.ran() && (options.phase().runsContract() || !c.contract()));
          boolean recordable = changesets.stream().allMatch(ChangesetState::ran);
          if (runnable || recordable) {
            return true;
          }
        }
      }
      return false;
    }

    private void execute(ChangelogExecutor executor, ModuleCatalog catalog,
        Map<ModulePlan, Map<Version, List<ChangesetState>>> pending, List<RunProgress> unsettled) {
      try {
        for (RunProgress dead : unsettled) {
          settle(executor, catalog, dead);
        }
        for (Map.Entry<ModulePlan, Map<Version, List<ChangesetState>>> module : pending.entrySet()) {
          Optional<Version> from = module.getKey().databaseVersion();
          for (Version version : module.getValue().keySet()) {
            if (!runVersion(executor, module.getKey(), from, version)) {
              break; // contract pending: later versions of this module wait for it
            }
            from = Optional.of(version);
          }
        }
      } catch (SetupRunnerException e) {
        if (e.kind() != ErrorKind.LOCK_LOST) {
          // A superseded run writes nothing more: the newer run owns the history now.
          state.finishRun(run.runId(), e.kind() == ErrorKind.STOPPED ? RunStatus.INTERRUPTED : RunStatus.FAILED,
              clock.instant(), executed, message(e), token);
        }
        throw e;
      } catch (RuntimeException e) {
        state.finishRun(run.runId(), RunStatus.FAILED, clock.instant(), executed, message(e), token);
        throw e;
      }
      state.finishRun(run.runId(), RunStatus.SUCCEEDED, clock.instant(), executed, null, token);
    }

    /**
     * Settles the changeset an earlier runner died inside: recorded already, verified complete
     * (recorded now), verified absent (runs again), or undecidable (a person resolves it).
     */
    private void settle(ChangelogExecutor executor, ModuleCatalog catalog, RunProgress dead) {
      String changeset = dead.changeset();
      Instant now = clock.instant();
      String by = "run " + run.runId() + " (" + runner.user() + "@" + runner.host() + ")";
      if (executor.hasRun(changeset)) {
        state.recordResolution(dead, Resolution.RECORDED, by, now, null, token);
        return;
      }
      Module module = catalog.find(dead.module()).orElseThrow(() -> new SetupRunnerException(
          ErrorKind.NEEDS_RESOLUTION, "Run " + dead.runId() + " died inside changeset " + changeset + " of module "
              + dead.module() + ", which this code no longer has. Check the database, then " + resolveHint(changeset)));
      Version version = Version.parse(dead.version());
      Verification verification = executor.verify(module, version, changeset);
      switch (verification.result()) {
        case APPLIED -> {
          requireLeaseAndFence("recording " + changeset + " as applied");
          executor.markApplied(module, version, changeset, "verified after interruption of run " + dead.runId());
          state.recordResolution(dead, Resolution.VERIFIED_APPLIED, by, now, verification.detail(), token);
        }
        case NOT_APPLIED -> state.recordResolution(dead, Resolution.VERIFIED_NOT_APPLIED, by, now,
            verification.detail(), token);
        case UNDETERMINED -> throw new SetupRunnerException(ErrorKind.NEEDS_RESOLUTION, "Run " + dead.runId()
            + " on " + dead.host() + " died inside changeset " + changeset + ", and the schema cannot say whether"
            + " it was applied (" + verification.detail() + "). Nothing was executed. Check the database, then "
            + resolveHint(changeset));
      }
      settled.add(changeset + ": " + verification.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }

    /** Runs one version in this phase; false when its contract changesets still wait (version not recorded). */
    private boolean runVersion(ChangelogExecutor executor, ModulePlan module, Optional<Version> from, Version version) {
      String name = module.module().name();
      Instant started = clock.instant();
      int before = executed;
      run = run.at(name, version.toString(), null);
      lease.publish(run);
      listener.versionStarted(name, from, version);
      executor.execute(module.module(), version, options.phase(), this);
      if (!options.phase().runsContract()
          && executor.inspect(module.module(), version).stream().anyMatch(c -> !c.ran())) {
        contractPending.add(name + " " + version);
        listener.versionExpanded(name, version, executed - before, Duration.between(started, clock.instant()));
        return false;
      }
      pause();
      requireLeaseAndFence("recording " + name + " " + version);
      // Only now have all of this version's changesets run: the module's version may advance.
      state.recordModuleVersion(name, version, run.runId(), clock.instant(), token);
      AppliedVersion done = new AppliedVersion(name, version, executed - before,
          Duration.between(started, clock.instant()));
      applied.add(done);
      listener.versionFinished(done);
      return true;
    }

    @Override
    public void beforeChangeset(String changeset) {
      if (options.stop().isRequested()) {
        throw new SetupRunnerException(ErrorKind.STOPPED, "Stopped on request (SIGTERM) before changeset "
            + changeset + "; the run is recorded as interrupted and the next run resumes there.");
      }
      requireLeaseAndFence("changeset " + changeset);
      run = run.at(run.module(), run.version(), changeset);
      lease.publish(run);
      state.recordProgress(run, executed, token);
      listener.changesetStarted(changeset);
    }

    @Override
    public void afterChange(String changeset) {
      pause();
      // The change is in the schema; its record is not yet. A superseded run must not write it.
      requireLeaseAndFence("recording changeset " + changeset);
    }

    @Override
    public void afterChangeset(String changeset) {
      executed++;
    }

    private void pause() {
      if (!options.debugPause().isZero()) {
        try {
          Thread.sleep(options.debugPause().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void requireLeaseAndFence(String next) {
      if (!lease.isHeld()) {
        throw new SetupRunnerException(ErrorKind.LOCK_LOST, "Lost the upgrade lock (" + lock.describe()
            + ") before " + next + "; stopped without doing it, because another runner may now hold the"
            + " lock. Run the upgrade again: it resumes where this run stopped.");
      }
      state.checkFence(token, next);
    }
  }

  private static String resolveHint(String changeset) {
    return "say what happened with one of: setup-runner resolve --applied '" + changeset + "' (its changes are"
        + " in place: record it as run) or setup-runner resolve --not-applied '" + changeset + "' (they are not:"
        + " run it again); then run the upgrade again.";
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
