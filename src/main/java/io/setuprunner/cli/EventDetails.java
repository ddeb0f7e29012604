package io.setuprunner.cli;

import io.setuprunner.backup.BackupManifest;
import io.setuprunner.command.RestoreCommand;
import io.setuprunner.command.RollbackCommand;
import io.setuprunner.module.Version;
import io.setuprunner.upgrade.UpgradeReport;
import java.util.Map;

/** What each command's {@code run.finished} event reports beside the outcome and exit code (docs/events.md). */
final class EventDetails {
  private EventDetails() {}

  static Map<String, Object> upgrade(UpgradeReport report) {
    return JsonFields.of("result", report.outcome().name(), "runId", report.runId().orElse(null),
        "changesetsExecuted", report.changesetsExecuted(),
        "versions", report.applied().stream().map(v -> JsonFields.of("module", v.module(), "version",
            v.version().toString(), "changesets", v.changesets(), "durationMs", v.elapsed().toMillis())).toList(),
        "contractPending", report.contractPending(), "backup", report.backup().orElse(null),
        "durationMs", report.elapsed().toMillis());
  }

  static Map<String, Object> rollback(RollbackCommand.Result result) {
    return JsonFields.of("module", result.module(), "from", result.from().map(Version::toString).orElse(null),
        "to", result.to().toString(), "nowAt", result.nowAt().map(Version::toString).orElse(null),
        "changesetsRolledBack", result.changesets().size(), "backup", result.backup().orElse(null),
        "durationMs", result.took().toMillis());
  }

  static Map<String, Object> backup(BackupManifest backup) {
    return JsonFields.of("backup", backup.name(), "file", backup.file(), "sizeBytes", backup.sizeBytes(),
        "sha256", backup.sha256());
  }

  static Map<String, Object> restore(RestoreCommand.Result result) {
    return JsonFields.of("backup", result.backup().name(), "dropped", result.dropped(), "readyForCode",
        result.readyForCode(), "durationMs", result.took().toMillis());
  }
}
