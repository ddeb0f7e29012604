package io.setuprunner.command;

import io.setuprunner.backup.BackupManifest;
import io.setuprunner.backup.Backups;
import io.setuprunner.state.DatabaseObjects;
import io.setuprunner.state.RunProgress;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code setup-runner backup create|list|delete}: a consistent dump of the application database, taken
 * under the deploy lock so that no upgrade changes the schema half way through it; the list of backups; and
 * deleting one. Restoring is {@link RestoreCommand}.
 */
public final class BackupCommand {
  /** What to do with backups. */
  public enum Action { CREATE, LIST, DELETE }

  /** @param name with CREATE: the new backup's name (empty: the time); with DELETE: the backup to delete */
  public record Request(Action action, Optional<String> name, boolean json) implements CommandRequest {}

  /** What was done: the backup made (and those retention deleted), the backups listed, or the one deleted. */
  public record Result(Optional<Backups.Made> made, List<BackupManifest> listed, Optional<BackupManifest> deleted) {
    public Result {
      listed = List.copyOf(listed);
    }
  }

  private final Resources resources;
  private final Consumer<String> progress;

  public BackupCommand(Resources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  public Result run(Request request) {
    return switch (request.action()) {
      case LIST -> new Result(Optional.empty(), resources.backupStore().list(), Optional.empty());
      case DELETE -> new Result(Optional.empty(), List.of(),
          Optional.of(resources.backupStore().delete(request.name().orElseThrow())));
      case CREATE -> new Result(Optional.of(create(request.name())), List.of(), Optional.empty());
    };
  }

  private Backups.Made create(Optional<String> name) {
    RunProgress me = resources.newRun();
    Backups backups = resources.backups(progress);
    String chosen = name.map(n -> backups.store().newName(n)).orElse("");
    return resources.exclusiveLock().runExclusively(me, resources.config().lockTimeout(), session -> {
      session.requireHeld("taking the backup");
      return take(backups, chosen, null, "backup create");
    });
  }

  /**
   * Takes a backup; the caller holds the deploy lock.
   *
   * @param name the name, or empty for the time
   * @param runId the upgrade run it is taken for; null for none
   * @param command what asked for it, recorded in the manifest
   */
  private Backups.Made take(Backups backups, String name, String runId, String command) {
    UpgradeRunner.Runner runner = resources.runner();
    DatabaseObjects database = resources.databaseObjects();
    String chosen = name.isEmpty() ? backups.store().defaultName(resources.clock().instant()) : name;
    progress.accept("Taking backup " + chosen + " of database " + resources.config().database().orElseThrow()
        .database() + " into " + backups.store().dir() + " ...");
    java.util.Map<String, String> modules = new java.util.TreeMap<>();
    resources.state().modules().moduleVersions().forEach((module, version) -> modules.put(module, version.toString()));
    // The release the data belongs to is the last one upgraded, not the one being deployed now: a restore
    // says which release to deploy with it.
    return backups.create(chosen, new Backups.Subject(resources.state().runs().lastUpgradedRelease().orElse(null),
        modules, database.serverVersion(), database.tables(), runId, runner.user() + "@" + runner.host() + " ("
            + command + ", release " + runner.release() + ")"));
  }

  /**
   * A backup for a run, under the lock the run holds ({@code upgrade --backup}, {@code rollback}), announced.
   *
   * @param command what asked for it, recorded in the manifest
   * @return its name
   */
  public String takeForRun(String runId, String command) {
    return announced(take(resources.backups(progress), "", runId, command));
  }

  /** Says on the progress line that {@code made} was taken, and which old backups retention deleted. */
  public String announced(Backups.Made made) {
    progress.accept("Backup " + made.backup().name() + " taken (" + made.backup().sizeAndDuration() + ")"
        + (made.pruned().isEmpty() ? "" : "; deleted the oldest beyond backup.keep: "
            + String.join(", ", made.pruned())));
    return made.backup().name();
  }
}
