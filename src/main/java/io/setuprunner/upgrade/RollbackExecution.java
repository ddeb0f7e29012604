package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangesetListener;
import io.setuprunner.migrate.PendingVersion;
import io.setuprunner.module.Module;
import io.setuprunner.module.Version;
import io.setuprunner.state.ModuleVersions;
import io.setuprunner.state.RunConnections;
import io.setuprunner.state.RunHistory;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The execute step of a rollback: keeps the run's progress current and checks lock and fence before every
 * changeset's rollback and before each record goes. Before a version's first changeset is undone, the module is
 * recorded at the version below it, so that after a failure or a crash the next upgrade runs that version
 * again and skips what is still recorded: the database is never recorded at a version it only partly has.
 */
public final class RollbackExecution implements ChangesetListener {
  private final RunHistory runs;
  private final RunConnections connections;
  private final ModuleVersions modules;
  private final UpgradeListener listener;
  private final Clock clock;
  private final LockSession session;
  private final StopRequest stop;
  private RunProgress run;
  private int undone;
  private Version version;
  private Instant versionStarted;
  private int versionUndone;
  private Instant changesetStarted;
  private Optional<Version> nowAt = Optional.empty();

  public RollbackExecution(StateStores state, UpgradeListener listener, Clock clock, LockSession session,
      StopRequest stop) {
    this.runs = state.runs();
    this.connections = state.connections();
    this.modules = state.modules();
    this.listener = listener;
    this.clock = clock;
    this.session = session;
    this.stop = stop;
    this.run = session.run();
  }

  /** Changesets rolled back so far, for the run's record when a later one fails. */
  public int undoneSoFar() {
    return undone;
  }

  /** The module's recorded version once the last version started was moved back; empty: none moved, or forgotten. */
  public Optional<Version> recordedVersion() {
    return nowAt;
  }

  /** Reports the last version rolled back as finished; called once every changeset was undone. */
  public void finish() {
    if (version != null) {
      listener.versionRolledBack(run.module(), version, versionUndone, Duration.between(versionStarted,
          clock.instant()));
    }
  }

  @Override
  public void versionStarting(PendingVersion next) {
    finish();
    Module module = next.module();
    version = next.version();
    versionStarted = clock.instant();
    versionUndone = 0;
    nowAt = module.versionBefore(version);
    session.requireHeld("moving " + module.name() + " back below " + version);
    if (nowAt.isPresent()) {
      modules.recordModuleVersion(module.name(), nowAt.get(), run.runId(), clock.instant(), session.token());
    } else {
      modules.forgetModule(module.name(), session.token());
    }
    run = run.at(module.name(), version.toString(), null);
    session.publish(run);
    listener.versionRollingBack(module.name(), version, nowAt);
  }

  @Override
  public void executingOn(long connectionId) {
    connections.record(run.runId(), connectionId, session.token());
    listener.executingOn(connectionId);
  }

  @Override
  public void beforeChangeset(String changeset, boolean ownTransaction) {
    if (stop.isRequested()) {
      throw new SetupRunnerException(ErrorKind.STOPPED, "Stopped on request (SIGTERM) before rolling back changeset "
          + changeset + "; what was rolled back stays rolled back, the module is recorded at " + nowAt.map(
              Version::toString).orElse("no version") + ". Run the rollback again to go on, or upgrade to go back.");
    }
    session.requireLease("rolling back changeset " + changeset);
    run = run.at(run.module(), run.version(), changeset);
    runs.recordProgress(run, undone, session.token(), false);
    session.publish(run);
    changesetStarted = clock.instant();
    listener.changesetStarted(changeset);
  }

  @Override
  public void afterChange(String changeset) {
    // The rollback ran; the record still says the changeset is in. A superseded run must not touch it.
    session.requireHeld("removing the record of changeset " + changeset);
  }

  @Override
  public void afterChangeset(String changeset) {
    undone++;
    versionUndone++;
    // Its record is gone: the run is no longer inside it, and a later upgrade must not settle it as interrupted.
    run = run.at(run.module(), run.version(), null);
    runs.recordProgress(run, undone, session.token(), false);
    listener.changesetFinished(changeset, Duration.between(changesetStarted, clock.instant()));
  }
}
