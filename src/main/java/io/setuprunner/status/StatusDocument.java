package io.setuprunner.status;

import io.setuprunner.module.Version;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunRecord;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shape of {@code status --json} and {@code GET /status}: schema 1. Fields are only ever
 * added, never renamed or removed, within a schema number.
 */
public record StatusDocument(
    int schema,
    String state,
    boolean ready,
    String release,
    List<ModuleEntry> modules,
    List<String> drift,
    Run currentRun,
    Run lastRun,
    List<MissingModule> missingModules,
    List<MissingChangelog> missingChangelogs,
    String changelogFilters,
    List<String> notRerun) {
  public static final int SCHEMA = 1;

  /** A module the database records and the code lacks. */
  public record MissingModule(String name, String databaseVersion) {}

  /** A changelog whose changesets ran and whose file the code lacks. */
  public record MissingChangelog(String file, int changesetsApplied) {}

  /** One module: versions, what is pending, and its phase. */
  public record ModuleEntry(
      String name,
      String codeVersion,
      String databaseVersion,
      List<String> pendingVersions,
      List<String> pendingChangesets,
      String phase) {}

  /** A run: the current one (status "running") or the last one. */
  public record Run(
      String runId,
      String host,
      long pid,
      String release,
      Instant startedAt,
      Instant finishedAt,
      String status,
      String module,
      String version,
      String changeset,
      Integer changesetsExecuted,
      String error,
      Long durationMs,
      String changelogFilters,
      String kind,
      String backup,
      String runBy,
      String note) {

    /**
     * A recorded run; {@code holderAlive} tells a RUNNING row whose runner died (shown as interrupted). For an
     * upgrade, {@code backup} is the one it took before its first changeset; for a restore, the one it loaded.
     */
    public static Run of(RunRecord record, boolean holderAlive) {
      RunProgress p = record.progress();
      Instant finished = record.finishedAt().orElse(null);
      return new Run(p.runId(), p.host(), p.pid(), p.release(), p.startedAt(), finished,
          StatusService.describe(record, holderAlive), p.module(), p.version(), p.changeset(),
          record.changesetsExecuted(), record.error().orElse(null),
          finished == null ? null : java.time.Duration.between(p.startedAt(), finished).toMillis(),
          record.changelogFilters().orElse(null), record.kind().name(), record.backup().orElse(null),
          record.runBy().orElse(null), record.note().orElse(null));
    }

    /** The run in progress, as the lock's side publishes it. */
    static Run of(RunProgress p) {
      return new Run(p.runId(), p.host(), p.pid(), p.release(), p.startedAt(), null, "running", p.module(),
          p.version(), p.changeset(), null, null, null, null, null, null, null, null);
    }
  }

  public static StatusDocument of(StatusReport report, String release) {
    List<ModuleEntry> modules = report.plan().modules().stream().map(m -> module(report, m)).toList();
    Run current = report.inProgress().map(Run::of).orElse(null);
    Run last = report.lastRun().map(r -> Run.of(r, report.inProgress().isPresent())).orElse(null);
    return new StatusDocument(SCHEMA, name(report.state()), report.ready(), release, modules, report.drift(), current,
        last, report.outOfStep().missingModules().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> new MissingModule(e.getKey(), e.getValue().toString())).toList(),
        report.outOfStep().missingChangelogs().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> new MissingChangelog(e.getKey(), e.getValue())).toList(),
        report.changelogFilters(), report.notRerun());
  }

  private static ModuleEntry module(StatusReport report, ModulePlan m) {
    StatusReport.ModuleDetail detail = report.details().get(m.module().name());
    return new ModuleEntry(m.module().name(), m.module().codeVersion().toString(),
        m.databaseVersion().map(Version::toString).orElse(null),
        m.pending().stream().map(Version::toString).toList(),
        detail == null ? List.of() : detail.pendingChangesets(), name(report.phaseOf(m)));
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
