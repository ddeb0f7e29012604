package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetListener;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.Version;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import io.setuprunner.state.ModuleVersions;
import io.setuprunner.state.RunHistory;
import io.setuprunner.state.RunProgress;
import io.setuprunner.upgrade.UpgradeReport.AppliedVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The execute step: runs every pending version of the inspection in one pass, in dependency order,
 * keeping the run's progress current and checking lock and fence before every changeset and before each
 * record. One instance runs one plan once.
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
  private final ModuleVersions modules;
  private final UpgradeListener listener;
  private final Clock clock;
  private final LockSession session;
  private final Settings settings;
  private final List<AppliedVersion> applied = new ArrayList<>();
  private final List<String> contractPending = new ArrayList<>();
  private RunProgress run;
  private int executed;

  PlanExecution(RunHistory runs, ModuleVersions modules, UpgradeListener listener, Clock clock, LockSession session,
      Settings settings) {
    this.runs = runs;
    this.modules = modules;
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
    for (Map.Entry<ModulePlan, Map<Version, List<ChangesetState>>> module : inspection.pending().entrySet()) {
      Optional<Version> from = module.getKey().databaseVersion();
      for (Version version : module.getValue().keySet()) {
        if (!runVersion(executor, module.getKey(), from, version)) {
          break; // contract pending: later versions of this module wait for it
        }
        from = Optional.of(version);
      }
    }
    return new Executed(applied, executed, contractPending);
  }

  /** Runs one version in this phase; false when its contract changesets still wait (version not recorded). */
  private boolean runVersion(ChangelogExecutor executor, ModulePlan module, Optional<Version> from, Version version) {
    String name = module.module().name();
    Instant started = clock.instant();
    int before = executed;
    run = run.at(name, version.toString(), null);
    session.publish(run);
    listener.versionStarted(name, from, version);
    executor.execute(module.module(), version, settings.phase(), this);
    if (!settings.phase().runsContract()
        && executor.inspect(module.module(), version).stream().anyMatch(c -> !c.ran())) {
      contractPending.add(name + " " + version);
      listener.versionExpanded(name, version, executed - before, Duration.between(started, clock.instant()));
      return false;
    }
    pause();
    session.requireHeld("recording " + name + " " + version);
    // Only now have all of this version's changesets run: the module's version may advance.
    modules.recordModuleVersion(name, version, run.runId(), clock.instant(), session.token());
    AppliedVersion done = new AppliedVersion(name, version, executed - before,
        Duration.between(started, clock.instant()));
    applied.add(done);
    listener.versionFinished(done);
    return true;
  }

  @Override
  public void beforeChangeset(String changeset) {
    if (settings.stop().isRequested()) {
      throw new SetupRunnerException(ErrorKind.STOPPED, "Stopped on request (SIGTERM) before changeset "
          + changeset + "; the run is recorded as interrupted and the next run resumes there.");
    }
    session.requireHeld("changeset " + changeset);
    run = run.at(run.module(), run.version(), changeset);
    session.publish(run);
    runs.recordProgress(run, executed, session.token());
    listener.changesetStarted(changeset);
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
