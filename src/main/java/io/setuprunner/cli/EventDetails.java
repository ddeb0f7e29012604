package io.setuprunner.cli;

import io.setuprunner.backup.BackupManifest;
import io.setuprunner.command.RestoreCommand;
import io.setuprunner.command.RollbackCommand;
import io.setuprunner.module.Version;
import io.setuprunner.upgrade.UpgradeReport;
import java.util.LinkedHashMap;
import java.util.Map;

/** What each command's {@code run.finished} event reports beside the outcome and exit code (docs/events.md). */
final class EventDetails {
  private EventDetails() {}

  static Map<String, Object> upgrade(UpgradeReport report) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("result", report.outcome().name());
    details.put("runId", report.runId().orElse(null));
    details.put("changesetsExecuted", report.changesetsExecuted());
    details.put("versions", report.applied().stream().map(v -> JsonFields.of("module", v.module(), "version",
        v.version().toString(), "changesets", v.changesets(), "durationMs", v.elapsed().toMillis())).toList());
    details.put("contractPending", report.contractPending());
    details.put("backup", report.backup().orElse(null));
    details.put("durationMs", report.elapsed().toMillis());
    return details;
  }

  static Map<String, Object> rollback(RollbackCommand.Result result) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("module", result.module());
    details.put("from", result.from().map(Version::toString).orElse(null));
    details.put("to", result.to().toString());
    details.put("nowAt", result.nowAt().map(Version::toString).orElse(null));
    details.put("changesetsRolledBack", result.changesets().size());
    details.put("backup", result.backup().orElse(null));
    details.put("durationMs", result.took().toMillis());
    return details;
  }

  static Map<String, Object> backup(BackupManifest backup) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backup", backup.name());
    details.put("file", backup.file());
    details.put("sizeBytes", backup.sizeBytes());
    details.put("sha256", backup.sha256());
    return details;
  }

  static Map<String, Object> restore(RestoreCommand.Result result) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backup", result.backup().name());
    details.put("dropped", result.dropped());
    details.put("readyForCode", result.readyForCode());
    details.put("durationMs", result.took().toMillis());
    return details;
  }
}
