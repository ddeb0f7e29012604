package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.Verification;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.Resolution;
import io.setuprunner.state.Resolutions;
import io.setuprunner.state.RunConnections;
import io.setuprunner.state.RunProgress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settles each changeset an earlier runner died inside, before anything else runs: recorded already,
 * verified complete against the live schema (recorded now), verified absent (runs again), or undecidable,
 * which stops the run for a person to {@code resolve}.
 */
public final class Settler {
  private final Resolutions resolutions;
  private final RunConnections connections;
  private final Clock clock;

  public Settler(Resolutions resolutions, RunConnections connections, Clock clock) {
    this.resolutions = resolutions;
    this.connections = connections;
    this.clock = clock;
  }

  /**
   * @param by who settles, recorded with each resolution
   * @return one line per settled changeset: {@code changeset: applied|not applied}
   * @throws SetupRunnerException of kind {@link ErrorKind#NEEDS_RESOLUTION} when the schema cannot tell
   */
  public List<String> settle(ChangelogExecutor executor, ModuleCatalog catalog, LockSession session, String by) {
    List<String> settled = new ArrayList<>();
    for (RunProgress dead : session.unsettled()) {
      settle(executor, catalog, session, by, dead).ifPresent(settled::add);
    }
    return List.copyOf(settled);
  }

  private java.util.Optional<String> settle(ChangelogExecutor executor, ModuleCatalog catalog, LockSession session,
      String by, RunProgress dead) {
    String changeset = dead.changeset();
    Instant now = clock.instant();
    if (executor.hasRun(changeset)) {
      resolutions.recordResolution(dead, Resolution.RECORDED, by, now, null, session.token());
      return java.util.Optional.empty();
    }
    Module module = catalog.find(dead.module()).orElseThrow(() -> new SetupRunnerException(
        ErrorKind.NEEDS_RESOLUTION, "Run " + dead.runId() + " died inside changeset " + changeset + " of module "
            + dead.module() + ", which this code no longer has. Check the database, then " + resolveHint(changeset)));
    Version version = Version.parse(dead.version());
    // Its changes and its record were to commit together, and the lock's template has ended the dead run's
    // connections: no record means the server rolled the changes back.
    Verification verification = connections.diedInOwnTransaction(dead.runId())
        ? new Verification(Verification.Result.NOT_APPLIED, "a data changeset, recorded in its own transaction: not"
            + " recorded, so rolled back with the interrupted run's connection")
        : executor.verify(module, version, changeset);
    switch (verification.result()) {
      case APPLIED -> {
        session.requireHeld("recording " + changeset + " as applied");
        executor.markApplied(module, version, changeset, "verified after interruption of run " + dead.runId());
        resolutions.recordResolution(dead, Resolution.VERIFIED_APPLIED, by, now, verification.detail(),
            session.token());
      }
      case NOT_APPLIED -> resolutions.recordResolution(dead, Resolution.VERIFIED_NOT_APPLIED, by, now,
          verification.detail(), session.token());
      case UNDETERMINED -> throw new SetupRunnerException(ErrorKind.NEEDS_RESOLUTION, "Run " + dead.runId()
          + " on " + dead.host() + " died inside changeset " + changeset + ", and the schema cannot say whether"
          + " it was applied (" + verification.detail() + "). Nothing was executed. Check the database, then "
          + resolveHint(changeset));
    }
    return java.util.Optional.of(changeset + ": "
        + verification.result().name().toLowerCase(Locale.ROOT).replace('_', ' '));
  }

  private static String resolveHint(String changeset) {
    return "say what happened with one of: setup-runner resolve --applied '" + changeset + "' (its changes are"
        + " in place: record it as run) or setup-runner resolve --not-applied '" + changeset + "' (they are not:"
        + " run it again); then run the upgrade again.";
  }
}
