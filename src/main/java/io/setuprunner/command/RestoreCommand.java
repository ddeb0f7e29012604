package io.setuprunner.command;

import io.setuprunner.backup.BackupManifest;
import io.setuprunner.backup.BackupTools;
import io.setuprunner.backup.Backups;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.Timestamps;
import io.setuprunner.maintenance.MaintenanceMode;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.state.RunProgress;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code setup-runner backup restore NAME}: the emergency step of every upgrade procedure. Checks the backup
 * before touching anything, then, with maintenance mode on and under the deploy lock, drops the tables the
 * backup does not hold, loads it, records a RESTORE run, and rebuilds the config cache. Maintenance stays on
 * if anything fails.
 */
public final class RestoreCommand {
  public record Request(String name) implements CommandRequest {}

  /** How the maintenance owner file names a restore, so that a later restore knows the maintenance is its own. */
  private static final String OWNER = "backup restore ";

  /**
   * @param dropped tables and views made after the backup, dropped so that the database is exactly the backup's
   * @param cacheFailure why the config cache could not be rebuilt; the restore itself succeeded
   * @param readyForCode the restored database is ready for the code under the root: only then is the cache rebuilt
   *     and maintenance switched off
   * @param maintenance what became of maintenance mode
   */
  public record Result(BackupManifest backup, List<String> dropped, Duration took, Optional<String> cacheFailure,
      Optional<CacheRebuild.Outcome> cache, boolean readyForCode, String maintenance) {
    public Result {
      dropped = List.copyOf(dropped);
    }
  }

  private final Resources resources;
  private final Consumer<String> progress;
  private final MaintenanceMode maintenance;

  public RestoreCommand(Resources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
    this.maintenance = new MaintenanceMode(resources.config().root());
  }

  public Result run(Request request) {
    Backups backups = resources.backups(progress);
    BackupManifest backup = backups.store().require(request.name());
    String target = resources.config().database().orElseThrow().database();
    if (!backup.database().equals(target)) {
      progress.accept("Backup " + backup.name() + " was taken of database " + backup.database() + "; it is restored"
          + " into " + target + ", the database db.url names.");
    }
    progress.accept("Checking backup " + backup.name() + " against its manifest ...");
    backups.verify(backup);
    // Found before the lock: a restore with no client to load the backup must not drop the newer tables first.
    BackupTools.Tool client = backups.client();
    UpgradeRunner.Runner runner = resources.runner();
    RunProgress me = resources.newRun();
    Instant start = me.startedAt();
    // Maintenance a failed restore left on is a later restore's to switch off: its way back was to restore again.
    Optional<String> earlierRestore = maintenance.upgradeOwner().filter(owner -> owner.startsWith(OWNER));
    boolean ours = !maintenance.status().enabled() || earlierRestore.isPresent();
    String by = runner.user() + "@" + runner.host();
    List<String> dropped = resources.exclusiveLock().runExclusively(me, resources.config().lockTimeout(), session -> {
      session.publish(session.run());
      // On only once the lock is held: a restore that times out waiting has touched nothing.
      if (ours) {
        maintenance.enableForUpgrade(OWNER + backup.name() + " on " + runner.host() + " (pid "
            + runner.pid() + ") at " + Timestamps.format(start));
        progress.accept(earlierRestore.map(o -> "Maintenance mode already on, switched on by " + o + "; it goes off"
            + " when this restore succeeds").orElse("Maintenance mode on (" + maintenance.flagFile() + ")"));
      }
      try {
        session.requireHeld("restoring backup " + backup.name());
        List<String> gone = resources.databaseObjects().dropAllBut(new HashSet<>(backup.tables()));
        backups.load(backup, client);
        session.requireHeld("recording the restore of " + backup.name());
        resources.state().runs().recordRestore(session.run(), session.token(), backup.name(), by,
            resources.clock().instant(), null);
        return gone;
      } catch (RuntimeException e) {
        throw failed(backup, session.run(), session.token(), by, e);
      }
    });
    Optional<String> cacheFailure = Optional.empty();
    Optional<CacheRebuild.Outcome> cache = Optional.empty();
    boolean ready = false;
    try {
      // As after an upgrade, the cache is rebuilt only for code the database is ready for: restored under the
      // failed release's root, the database is behind its code, and the old cache keeps that code gating.
      ModuleCatalog catalog = resources.catalog();
      ready = resources.statusService().status(catalog, false).ready();
      if (ready) {
        cache = Optional.of(resources.cacheRebuild().rebuild(catalog, runner.release()));
      }
    } catch (SetupRunnerException e) {
      cacheFailure = Optional.of(e.getMessage());
    }
    return new Result(backup, dropped, Duration.between(start, resources.clock().instant()), cacheFailure, cache,
        ready, maintenanceAfter(ours, cacheFailure.isPresent(), ready, backup));
  }

  private String maintenanceAfter(boolean ours, boolean cacheFailed, boolean ready, BackupManifest backup) {
    if (cacheFailed) {
      return "Maintenance mode stays on until the config cache is rebuilt (setup-runner cache rebuild); then switch"
          + " it off with setup-runner maintenance disable";
    }
    if (!ready) {
      return "Maintenance mode stays on: the database is now behind the code in " + resources.config().root()
          + " (setup-runner status lists what is pending). Deploy the release the backup belongs to"
          + backup.releaseInWords() + "; its upgrade --maintenance switches maintenance off, or run setup-runner"
          + " maintenance disable there.";
    }
    if (ours) {
      maintenance.disable();
      return "Maintenance mode off";
    }
    return "Maintenance mode stays on: it was on before the restore. Switch it off with setup-runner maintenance"
        + " disable";
  }

  /** Records the failed restore where it can, and words the way back: maintenance stays on, restore again. */
  private SetupRunnerException failed(BackupManifest backup, RunProgress run, long token, String by,
      RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (!(e instanceof SetupRunnerException s && s.kind() == ErrorKind.LOCK_LOST)) {
      try {
        resources.state().runs().recordRestore(run, token, backup.name(), by, resources.clock().instant(), message);
      } catch (RuntimeException recording) {
        e.addSuppressed(recording); // the run table may be the half-loaded one
      }
    }
    ErrorKind kind = e instanceof SetupRunnerException s ? s.kind() : ErrorKind.INTERNAL;
    return new SetupRunnerException(kind, "Restore of backup " + backup.name() + " failed: " + message
        + (message.endsWith(".") ? "" : ".") + " The database may be partly restored, and maintenance mode stays on"
        + " (" + maintenance.flagFile() + "). Fix the cause, then run setup-runner backup restore " + backup.name()
        + " again: it starts over from the backup.", e);
  }
}
