package io.setuprunner.upgrade;

import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.Lease;
import io.setuprunner.migrate.ChangelogExecutor;
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
import java.util.List;
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

  /** How the runner behaves, beyond what the catalog and the lock decide. */
  public record Options(Duration lockTimeout, Duration debugPause, StopRequest stop) {}

  private final StateStore state;
  private final Supplier<DeployLock> locks;
  private final Supplier<ChangelogExecutor> executors;
  private final CacheRebuild cache;
  private final Clock clock;
  private final UpgradeListener listener;
  private final Planner planner = new Planner();

  /** @param locks opened only when something is pending: a no-op deploy never contacts the lock service */
  public UpgradeRunner(StateStore state, Supplier<DeployLock> locks, Supplier<ChangelogExecutor> executors,
      CacheRebuild cache, Clock clock, UpgradeListener listener) {
    this.state = state;
    this.locks = locks;
    this.executors = executors;
    this.cache = cache;
    this.clock = clock;
    this.listener = listener;
  }

  public UpgradeReport upgrade(ModuleCatalog catalog, Runner runner, Options options) {
    Instant start = clock.instant();
    UpgradePlan plan = planner.plan(catalog, state.moduleVersions()).requireDatabaseNotAhead();
    if (plan.isUpToDate() && lastRunSucceeded()) {
      // The fast path: no lock, no Liquibase, no changelog parsing.
      return finish(catalog, runner, Outcome.NOTHING_PENDING, null, Duration.ZERO, start);
    }
    RunProgress request = new RunProgress(
        UUID.randomUUID().toString(), runner.host(), runner.pid(), runner.release(), start, null, null, null);
    DeployLock lock = locks.get();
    listener.waitingForLock(lock.describe(), lock.runInProgress());
    Execution execution;
    Duration waited;
    try (Lease lease = lock.acquire(request, options.lockTimeout())) {
      waited = Duration.between(start, clock.instant());
      listener.lockAcquired(waited);
      state.ensureSchema();
      RunProgress run = new RunProgress(request.runId(), runner.host(), runner.pid(), runner.release(),
          clock.instant(), null, null, null);
      // The database lock has no counter of its own: under it, the fence row is the counter.
      long token = lease.fencingToken().orElseGet(() -> state.fenceToken() + 1);
      state.advanceFence(token, run.runId(), run.startedAt());
      int interrupted = state.markOtherRunsInterrupted(run.runId(), run.startedAt(), token);
      List<RunProgress> unsettled = state.unresolvedInterruptions();
      plan = planner.plan(catalog, state.moduleVersions()).requireDatabaseNotAhead();
      // A run is recorded even with nothing to execute when the last one failed or was interrupted:
      // status reports that run until a later one succeeds.
      if (plan.isUpToDate() && interrupted == 0 && unsettled.isEmpty() && lastRunSucceeded()) {
        execution = null;
      } else {
        execution = new Execution(lock, lease, run, token, runner, options, interrupted);
        execution.run(catalog, plan, unsettled);
      }
    }
    if (execution == null) {
      return finish(catalog, runner, Outcome.VERIFIED_AFTER_WAIT, null, waited, start);
    }
    return finish(catalog, runner, Outcome.UPGRADED, execution, waited, start);
  }

  private boolean lastRunSucceeded() {
    return state.latestRun().map(r -> r.status() == RunStatus.SUCCEEDED).orElse(true);
  }

  private UpgradeReport finish(ModuleCatalog catalog, Runner runner, Outcome outcome, Execution execution,
      Duration waited, Instant start) {
    CacheRebuild.Outcome rebuilt = cache.rebuild(catalog, runner.release());
    return new UpgradeReport(outcome,
        Optional.ofNullable(execution).map(e -> e.run.runId()),
        execution == null ? List.of() : execution.applied,
        execution == null ? 0 : execution.executed,
        execution == null ? 0 : execution.interrupted,
        execution == null ? List.of() : execution.settled,
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
    private RunProgress run;
    private int executed;

    Execution(DeployLock lock, Lease lease, RunProgress run, long token, Runner runner, Options options,
        int interrupted) {
      this.lock = lock;
      this.lease = lease;
      this.run = run;
      this.token = token;
      this.runner = runner;
      this.options = options;
      this.interrupted = interrupted;
    }

    void run(ModuleCatalog catalog, UpgradePlan plan, List<RunProgress> unsettled) {
      lease.publish(run);
      state.startRun(run, token);
      boolean needsLiquibase = !plan.isUpToDate() || !unsettled.isEmpty();
      try (ChangelogExecutor executor = needsLiquibase ? executors.get() : null) {
        for (RunProgress dead : unsettled) {
          settle(executor, catalog, dead);
        }
        for (ModulePlan module : plan.modules()) {
          module.pending().forEach(version -> executor.validate(module.module(), version));
        }
        for (ModulePlan module : plan.modules()) {
          Optional<Version> from = module.databaseVersion();
          for (Version version : module.pending()) {
            runVersion(executor, module, from, version);
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

    private void runVersion(ChangelogExecutor executor, ModulePlan module, Optional<Version> from, Version version) {
      String name = module.module().name();
      Instant started = clock.instant();
      int before = executed;
      run = run.at(name, version.toString(), null);
      lease.publish(run);
      listener.versionStarted(name, from, version);
      executor.execute(module.module(), version, this);
      pause();
      requireLeaseAndFence("recording " + name + " " + version);
      // Only now have all of this version's changesets run: the module's version may advance.
      state.recordModuleVersion(name, version, run.runId(), clock.instant(), token);
      AppliedVersion done = new AppliedVersion(name, version, executed - before,
          Duration.between(started, clock.instant()));
      applied.add(done);
      listener.versionFinished(done);
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
