package io.setuprunner.upgrade;

import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.Lease;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetListener;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
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
 * plan again (another runner may have done the work meanwhile), execute each pending module version
 * in dependency order, recording progress before every changeset; release; rebuild the config cache.
 */
public final class UpgradeRunner {
  /** Who is running: the parts of a run's identity that come from the process, not the run. */
  public record Runner(String host, long pid, String release) {}

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

  public UpgradeReport upgrade(ModuleCatalog catalog, Runner runner, Duration lockTimeout) {
    Instant start = clock.instant();
    UpgradePlan plan = planner.plan(catalog, state.moduleVersions()).requireDatabaseNotAhead();
    if (plan.isUpToDate() && lastRunSucceeded()) {
      // The fast path: no lock, no Liquibase, no changelog parsing.
      return finish(catalog, runner, Outcome.NOTHING_PENDING, null, List.of(), 0, 0, Duration.ZERO, start);
    }
    RunProgress request = new RunProgress(
        UUID.randomUUID().toString(), runner.host(), runner.pid(), runner.release(), start, null, null, null);
    DeployLock lock = locks.get();
    listener.waitingForLock(lock.describe(), lock.runInProgress());
    Execution execution;
    Duration waited;
    try (Lease lease = lock.acquire(request, lockTimeout)) {
      waited = Duration.between(start, clock.instant());
      listener.lockAcquired(waited);
      state.ensureSchema();
      RunProgress run = new RunProgress(request.runId(), runner.host(), runner.pid(), runner.release(),
          clock.instant(), null, null, null);
      int interrupted = state.markOtherRunsInterrupted(run.runId(), run.startedAt());
      plan = planner.plan(catalog, state.moduleVersions()).requireDatabaseNotAhead();
      // A run is recorded even with nothing to execute when the last one failed or was interrupted:
      // status reports that run until a later one succeeds.
      if (plan.isUpToDate() && interrupted == 0 && lastRunSucceeded()) {
        execution = null;
      } else {
        execution = new Execution(lock, lease, run, interrupted);
        execution.run(plan);
      }
    }
    if (execution == null) {
      return finish(catalog, runner, Outcome.VERIFIED_AFTER_WAIT, null, List.of(), 0, 0, waited, start);
    }
    return finish(catalog, runner, Outcome.UPGRADED, execution.run.runId(), execution.applied,
        execution.executed, execution.interrupted, waited, start);
  }

  private boolean lastRunSucceeded() {
    return state.latestRun().map(r -> r.status() == RunStatus.SUCCEEDED).orElse(true);
  }

  private UpgradeReport finish(ModuleCatalog catalog, Runner runner, Outcome outcome, String runId,
      List<AppliedVersion> applied, int executed, int interrupted, Duration waited, Instant start) {
    CacheRebuild.Outcome rebuilt = cache.rebuild(catalog, runner.release());
    return new UpgradeReport(outcome, Optional.ofNullable(runId), applied, executed, interrupted, waited,
        Duration.between(start, clock.instant()), rebuilt.file(), rebuilt.command());
  }

  /** One run under the lock: executes the plan and keeps the run-history row and the lock's progress current. */
  private final class Execution implements ChangesetListener {
    private final DeployLock lock;
    private final Lease lease;
    private final int interrupted;
    private final List<AppliedVersion> applied = new ArrayList<>();
    private RunProgress run;
    private int executed;

    Execution(DeployLock lock, Lease lease, RunProgress run, int interrupted) {
      this.lock = lock;
      this.lease = lease;
      this.run = run;
      this.interrupted = interrupted;
    }

    void run(UpgradePlan plan) {
      lease.publish(run);
      state.startRun(run);
      try (ChangelogExecutor executor = plan.isUpToDate() ? null : executors.get()) {
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
      } catch (RuntimeException e) {
        boolean lost = e instanceof SetupRunnerException s && s.kind() == ErrorKind.LOCK_LOST;
        state.finishRun(run.runId(), lost ? RunStatus.INTERRUPTED : RunStatus.FAILED, clock.instant(), executed,
            message(e));
        throw e;
      }
      state.finishRun(run.runId(), RunStatus.SUCCEEDED, clock.instant(), executed, null);
    }

    private void runVersion(ChangelogExecutor executor, ModulePlan module, Optional<Version> from, Version version) {
      String name = module.module().name();
      Instant started = clock.instant();
      int before = executed;
      run = run.at(name, version.toString(), null);
      lease.publish(run);
      listener.versionStarted(name, from, version);
      executor.execute(module.module(), version, this);
      requireLease("recording " + name + " " + version);
      // Only now have all of this version's changesets run: the module's version may advance.
      state.recordModuleVersion(name, version, run.runId(), clock.instant());
      AppliedVersion done = new AppliedVersion(name, version, executed - before,
          Duration.between(started, clock.instant()));
      applied.add(done);
      listener.versionFinished(done);
    }

    @Override
    public void beforeChangeset(String changeset) {
      requireLease("changeset " + changeset);
      run = run.at(run.module(), run.version(), changeset);
      lease.publish(run);
      state.recordProgress(run, executed);
      listener.changesetStarted(changeset);
    }

    @Override
    public void afterChangeset(String changeset) {
      executed++;
    }

    private void requireLease(String next) {
      if (!lease.isHeld()) {
        throw new SetupRunnerException(ErrorKind.LOCK_LOST, "Lost the upgrade lock (" + lock.describe()
            + ") before " + next + "; stopped without executing it, because another runner may now hold the"
            + " lock. Run the upgrade again: it resumes where this run stopped.");
      }
    }
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
