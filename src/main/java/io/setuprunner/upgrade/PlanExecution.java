package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetListener;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.migrate.PendingVersion;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.Version;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import io.setuprunner.state.ModuleVersions;
import io.setuprunner.state.RunConnections;
import io.setuprunner.state.RunHistory;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.SharedTransaction;
import io.setuprunner.state.StateStores;
import io.setuprunner.upgrade.UpgradeReport.AppliedVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The execute step: runs every pending version of the inspection in one pass (one Liquibase update, one
 * read of the history), in dependency order, keeping the run's progress current and checking lock and
 * fence before every changeset and before each record. Each version is recorded before the next one's
 * first changeset runs. One instance runs one plan once.
 */
final class PlanExecution implements ChangesetListener {
  /** What the execute step did. */
  record Executed(List<AppliedVersion> applied, int changesets, List<String> contractPending) {
    Executed {
      applied = List.copyOf(applied);
      contractPending = List.copyOf(contractPending);
    }
  }

  /** How this execution behaves beyond the plan: the phase, SIGTERM, and the fault tests' pause. */
  record Settings(Phase phase, StopRequest stop, Duration debugPause) {}

  private final RunHistory runs;
  private final RunConnections connections;
  private final ModuleVersions modules;
  private final UpgradeListener listener;
  private final Clock clock;
  private final LockSession session;
  private final Settings settings;
  private final List<AppliedVersion> applied = new ArrayList<>();
  private final List<String> contractPending = new ArrayList<>();
  private RunProgress run;
  private int executed;
  private List<Step> steps = List.of();
  private int closed;
  private Instant started;
  private int startedExecuted;
  private Instant changesetStarted;

  /** A version of this pass: the version its module comes from, and whether it waits for its contract phase. */
  private record Step(PendingVersion version, Optional<Version> from, boolean waits) {}

  PlanExecution(StateStores state, UpgradeListener listener, Clock clock, LockSession session, Settings settings) {
    this.runs = state.runs();
    this.connections = state.connections();
    this.modules = state.modules();
    this.listener = listener;
    this.clock = clock;
    this.session = session;
    this.settings = settings;
    this.run = session.run();
  }

  /** Changesets executed so far, for the run's record when a later one fails. */
  int executedSoFar() {
    return executed;
  }

  Executed execute(ChangelogExecutor executor, Inspection inspection) {
    List<Step> steps = steps(inspection);
    this.steps = steps;
    executor.executeAll(steps.stream().map(Step::version).toList(), settings.phase(), this);
    closeUpTo(steps.size());
    return new Executed(applied, executed, contractPending);
  }

  /**
   * The versions this pass runs, in dependency order. A version whose contract changesets wait for the
   * contract phase is run for its expand changesets but not recorded, and later versions of its module
   * wait for it.
   */
  private List<Step> steps(Inspection inspection) {
    List<Step> steps = new ArrayList<>();
    for (Map.Entry<ModulePlan, Map<Version, List<ChangesetState>>> module : inspection.pending().entrySet()) {
      Optional<Version> from = module.getKey().databaseVersion();
      for (Map.Entry<Version, List<ChangesetState>> version : module.getValue().entrySet()) {
        boolean waits = !settings.phase().runsContract()
            && version.getValue().stream().anyMatch(c -> c.contract() && !c.ran());
        steps.add(new Step(new PendingVersion(module.getKey().module(), version.getKey()), from, waits));
        if (waits) {
          break; // contract pending: later versions of this module wait for it
        }
        from = Optional.of(version.getKey());
      }
    }
    return steps;
  }

  @Override
  public void versionStarting(PendingVersion version) {
    int index = indexOf(version);
    closeUpTo(index);
    start(steps.get(index));
  }

  private int indexOf(PendingVersion version) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).version().equals(version)) {
        return i;
      }
    }
    throw new IllegalStateException("not in this pass: " + version);
  }

  private void start(Step step) {
    String name = step.version().module().name();
    started = clock.instant();
    startedExecuted = executed;
    run = run.at(name, step.version().version().toString(), null);
    session.publish(run);
    listener.versionStarted(name, step.from(), step.version().version());
  }

  /**
   * Closes every version before {@code index} not closed yet, in order: records it when all its changesets
   * have run (only now may the module's version advance), or reports it waiting for its contract phase.
   */
  private void closeUpTo(int index) {
    for (; closed < index; closed++) {
      Step step = steps.get(closed);
      if (started == null) {
        start(step); // nothing of it ran in this pass: it is recorded, or reported waiting, all the same
      }
      String name = step.version().module().name();
      Version version = step.version().version();
      Duration took = Duration.between(started, clock.instant());
      if (step.waits()) {
        contractPending.add(name + " " + version);
        listener.versionExpanded(name, version, executed - startedExecuted, took);
      } else {
        pause();
        session.requireHeld("recording " + name + " " + version);
        modules.recordModuleVersion(name, version, run.runId(), clock.instant(), session.token());
        AppliedVersion done = new AppliedVersion(name, version, executed - startedExecuted, took);
        applied.add(done);
        listener.versionFinished(done);
      }
      started = null;
    }
  }

  @Override
  public void notAsWritten(String changeset, String what) {
    listener.notice("setup-runner: warning: changeset " + changeset + ": " + what);
  }

  @Override
  public void beforeChangeset(String changeset, boolean ownTransaction) {
    if (settings.stop().isRequested()) {
      throw new SetupRunnerException(ErrorKind.STOPPED, "Stopped on request (SIGTERM) before changeset "
          + changeset + "; the run is recorded as interrupted and the next run resumes there.");
    }
    // The progress write is fenced: with the lease checked here, lock and fence are checked before it runs.
    session.requireLease("changeset " + changeset);
    run = run.at(run.module(), run.version(), changeset);
    runs.recordProgress(run, executed, session.token(), ownTransaction);
    session.publish(run); // after the fenced write: a superseded run publishes nothing
    changesetStarted = clock.instant();
    listener.changesetStarted(changeset);
  }

  @Override
  public void executingOn(long connectionId) {
    connections.record(run.runId(), connectionId, session.token());
    listener.executingOn(connectionId);
  }

  @Override
  public void beforeCommit(String changeset, SharedTransaction transaction) {
    session.requireLease("committing changeset " + changeset);
    connections.recordInTransaction(transaction, run.runId(), executed + 1, session.token(), "committing changeset "
        + changeset);
  }

  @Override
  public void afterChange(String changeset) {
    pause();
    // The change is in the schema; its record is not yet. A superseded run must not write it.
    session.requireHeld("recording changeset " + changeset);
  }

  @Override
  public void afterChangeset(String changeset) {
    executed++;
    listener.changesetFinished(changeset, Duration.between(changesetStarted, clock.instant()));
  }

  private void pause() {
    if (!settings.debugPause().isZero()) {
      try {
        Thread.sleep(settings.debugPause().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
