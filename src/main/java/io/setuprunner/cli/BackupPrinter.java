package io.setuprunner.cli;

import io.setuprunner.backup.BackupManifest;
import io.setuprunner.backup.Backups;
import io.setuprunner.command.RestoreCommand;
import io.setuprunner.core.Timestamps;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes what the backup commands did: the backup made, the list, the one deleted, the restore. */
final class BackupPrinter {
  private final PrintStream out;
  private final ReportPrinter report;

  BackupPrinter(PrintStream out) {
    this.out = out;
    this.report = new ReportPrinter(out);
  }

  void made(Backups.Made made, boolean asJson) {
    if (asJson) {
      report.json(made.backup());
      return;
    }
    BackupManifest b = made.backup();
    out.println("Backup " + b.name() + " taken: " + b.sizeAndDuration() + ", " + b.file() + " in the backup folder.");
    out.println("To put the database back as it is now: setup-runner backup restore " + b.name());
    if (!made.pruned().isEmpty()) {
      out.println("Deleted the oldest beyond backup.keep: " + String.join(", ", made.pruned()));
    }
  }

  /** Newest first, each with the module versions it holds. */
  void list(List<BackupManifest> backups, boolean asJson) {
    if (asJson) {
      report.json(Map.of("schema", BackupManifest.SCHEMA, "backups", backups));
      return;
    }
    if (backups.isEmpty()) {
      out.println("No backups yet: take one with setup-runner backup create, or upgrade --backup.");
      return;
    }
    for (BackupManifest b : backups) {
      out.println(b.name() + "  " + Timestamps.format(b.createdAt()) + "  release "
          + (b.release() == null ? "-" : b.release()) + "  "
          + b.sizeAndDuration() + (b.run().map(r -> "  before run " + r).orElse("")));
      out.println("    " + (b.modules().isEmpty() ? "no modules installed" : b.modules().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
    }
  }

  void deleted(BackupManifest backup) {
    out.println("Deleted backup " + backup.name() + " (taken " + Timestamps.format(backup.createdAt()) + ").");
  }

  void restored(RestoreCommand.Result result) {
    BackupManifest b = result.backup();
    out.println("Restored backup " + b.name() + " (taken " + Timestamps.format(b.createdAt()) + ", release "
        + (b.release() == null ? "none recorded" : b.release()) + ") in " + ProgressPrinter.seconds(result.took())
        + "; the database is as it was then.");
    if (!result.dropped().isEmpty()) {
      out.println("Dropped the tables made after the backup: " + String.join(", ", result.dropped()));
    }
    out.println("Module versions now: " + (b.modules().isEmpty() ? "none installed" : b.modules().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
    result.cache().ifPresent(c -> report.cache(c.file(), c.command()));
    if (result.readyForCode()) {
      out.println("The database is ready for the code under --root.");
    } else if (result.cacheFailure().isEmpty()) {
      out.println("The database is behind the code under --root, so the config cache was left as it was and this"
          + " code keeps gating. Deploy the release the backup belongs to" + b.releaseInWords() + ", or fix the"
          + " cause and run the upgrade again. setup-runner status compares.");
    }
  }
}
