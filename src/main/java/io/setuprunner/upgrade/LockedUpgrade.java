package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetHistory;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.plan.Planner;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStores;
import io.setuprunner.upgrade.PlanExecution.Executed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The upgrade's steps under the lock, each a call returning a value: plan again (another runner may have
 * done the work meanwhile), pre-flight, record the run's start, settle interrupted changesets, execute,
 * record how it ended.
 */
final class LockedUpgrade {
  /**
   * What happened under the lock.
   *
   * @param ran a run was recorded (false: nothing to do in this phase, nothing written)
   * @param contractPending versions whose expand changesets ran while their contract changesets wait
   */
  record Result(boolean ran, Executed executed, List<String> settled, int interruptedRunsClosed,
      List<String> contractPending, Duration waited, Optional<String> backup) {
    Result {
      settled = List.copyOf(settled);
      contractPending = List.copyOf(contractPending);
    }

    static Result idle(List<String> contractPending, Duration waited) {
      return new Result(false, new Executed(List.of(), 0, List.of()), List.of(), 0, contractPending, waited,
          Optional.empty());
    }
  }

  private final StateStores state;
  private final ChangesetHistory history;
  private final Supplier<ChangelogExecutor> executors;
  private final PreFlight preFlight;
  private final UpgradeListener listener;
  private final Clock clock;

  LockedUpgrade(StateStores state, ChangesetHistory history, Supplier<ChangelogExecutor> executors,
      PreFlight preFlight, UpgradeListener listener, Clock clock) {
    this.state = state;
    this.history = history;
    this.executors = executors;
    this.preFlight = preFlight;
    this.listener = listener;
    this.clock = clock;
  }

  Result run(ModuleCatalog catalog, LockSession session, UpgradeRunner.Runner runner, UpgradeRunner.Options options) {
    listener.lockAcquired(session.waited());
    UpgradePlan plan = new Planner().plan(catalog, state.modules().moduleVersions(), history::versions)
        .requireDatabaseNotAhead();
    // A run is recorded even with nothing to execute when the last one failed or was interrupted:
    // status reports that run until a later one succeeds.
    boolean closeOut = session.interruptedRunsClosed() > 0 || !session.unsettled().isEmpty()
        || !UpgradeRunner.lastRunSucceeded(state);
    if (plan.isUpToDate() && !closeOut) {
      return Result.idle(List.of(), session.waited());
    }
    boolean needsLiquibase = !plan.isUpToDate() || !session.unsettled().isEmpty();
    try (ChangelogExecutor executor = needsLiquibase ? executors.get() : null) {
      // Read before anything runs: a broken changelog, an edited changeset or a contract the serving
      // nodes still need stops the run with nothing executed.
      Inspection inspection = executor == null ? new Inspection(Map.of())
          : preFlight.check(executor, plan, options.phase(), options.force());
      if (!closeOut && !inspection.hasWork(options.phase())) {
        return Result.idle(inspection.versionsWithChangesetsLeft(), session.waited());
      }
      // Before the run is recorded: a backup that fails leaves no trace, and a restore of it brings back the
      // run table as it was before this run.
      Optional<String> backup = inspection.hasWork(options.phase())
          ? options.backup().take(session.run().runId()) : Optional.empty();
      session.publish(session.run());
      state.runs().startRun(session.run(), session.token(), session.waited(), options.changelogFilters(),
          backup.orElse(null));
      PlanExecution execution = new PlanExecution(state, listener, clock, session,
          new PlanExecution.Settings(options.phase(), options.stop(), options.debugPause()));
      List<String> settled;
      Executed executed;
      try {
        settled = executor == null ? List.of() : new Settler(state.resolutions(), state.connections(), clock)
            .settle(executor, catalog, session, "run " + session.run().runId() + " (" + runner.user() + "@"
                + runner.host() + ")");
        executed = executor == null ? new Executed(List.of(), 0, List.of()) : execution.execute(executor, inspection);
      } catch (RuntimeException failure) {
        RuntimeException e = session.explain(failure);
        recordFailure(session, execution.executedSoFar(), e);
        throw backup.isPresent() ? withRestoreHint(e, backup.get()) : e;
      }
      state.runs().finishRun(session.run().runId(), RunStatus.SUCCEEDED, clock.instant(), executed.changesets(),
          null, session.token());
      return new Result(true, executed, settled, session.interruptedRunsClosed(), executed.contractPending(),
          session.waited(), backup);
    }
  }

  /**
   * The failure's message, ending with the command that puts the database back as it was before the run
   * (PrestaShop's Error step). Not for a superseded run: the run that took over owns the database now.
   */
  private static RuntimeException withRestoreHint(RuntimeException e, String backup) {
    if (!(e instanceof SetupRunnerException s) || s.kind() == ErrorKind.LOCK_LOST) {
      return e;
    }
    return new SetupRunnerException(s.kind(), s.getMessage() + (s.getMessage().endsWith(".") ? "" : ".")
        + " Backup " + backup + " was taken before this run; to put the database back as it was, run: setup-runner"
        + " backup restore " + backup, s);
  }

  private void recordFailure(LockSession session, int executed, RuntimeException e) {
    ErrorKind kind = e instanceof SetupRunnerException s ? s.kind() : ErrorKind.INTERNAL;
    if (kind == ErrorKind.LOCK_LOST) {
      return; // a superseded run writes nothing more: the newer run owns the history now
    }
    try {
      state.runs().finishRun(session.run().runId(), kind == ErrorKind.STOPPED ? RunStatus.INTERRUPTED : RunStatus.FAILED,
          clock.instant(), executed, e.getMessage() == null ? e.getClass().getName() : e.getMessage(),
          session.token());
    } catch (RuntimeException recording) {
      // The failure itself is what the user must see; the record of it is secondary.
      e.addSuppressed(recording);
    }
  }
}
