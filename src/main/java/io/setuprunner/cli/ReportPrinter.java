package io.setuprunner.cli;

import io.setuprunner.command.AdoptCommand;
import io.setuprunner.command.ValidateCommand;
import io.setuprunner.core.ChangelogSelection;
import io.setuprunner.migrate.CatalogChangeset;
import io.setuprunner.migrate.HistoryAdoption;
import io.setuprunner.core.Text;
import io.setuprunner.core.Json;
import io.setuprunner.core.Timestamps;
import io.setuprunner.state.RunProgress;
import java.time.Duration;
import io.setuprunner.cache.CacheCommand;
import io.setuprunner.maintenance.MaintenanceMode;
import io.setuprunner.status.StatusDocument;
import java.util.List;
import io.setuprunner.module.Version;
import io.setuprunner.state.RunKind;
import io.setuprunner.state.RunRecord;
import io.setuprunner.state.RunStatus;
import io.setuprunner.status.StatusReport;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import io.setuprunner.upgrade.UpgradeReport;
import java.io.PrintStream;
import java.util.Optional;
import java.util.stream.Collectors;

/** Writes the end-of-command summaries people read: upgrade summary and status table. */
final class ReportPrinter {
  private final PrintStream out;

  ReportPrinter(PrintStream out) {
    this.out = out;
  }

  void upgrade(UpgradeReport report) {
    switch (report.outcome()) {
      case NOTHING_PENDING -> out.println("No upgrades available.");
      case VERIFIED_AFTER_WAIT -> {
        out.println(report.workDoneByOther().map(other -> "Nothing to execute: " + other + " "
            + ProgressPrinter.seconds(report.lockWait()) + " for the lock.")
            .orElse("Nothing to execute: checked under the lock (after waiting "
            + ProgressPrinter.seconds(report.lockWait()) + " for it).") + " No upgrades available"
            + (report.contractPending().isEmpty() ? "." : " in this phase."));
        report.contractPending().forEach(v -> out.println(v + ": contract changesets pending (run upgrade --phase"
            + " contract once the old code is drained)."));
      }
      case UPGRADED -> {
        long modules = report.applied().stream().map(UpgradeReport.AppliedVersion::module).distinct().count();
        out.println("Upgraded " + Text.plural((int) modules, "module") + " ("
            + Text.plural(report.applied().size(), "version") + ", "
            + Text.plural(report.changesetsExecuted(), "changeset") + ") in "
            + ProgressPrinter.seconds(report.elapsed()) + "; run " + report.runId().orElse("?") + ".");
        report.settledChangesets().forEach(s -> out.println("Interrupted changeset settled: " + s + "."));
        report.contractPending().forEach(v -> out.println(v + ": expand changesets done; contract changesets"
            + " pending (run upgrade --phase contract once the old code is drained)."));
        if (report.interruptedRunsClosed() > 0) {
          out.println("Closed " + Text.plural(report.interruptedRunsClosed(), "interrupted run")
              + " left by a runner that died.");
        }
      }
    }
    report.backup().ifPresent(b -> out.println("Backup " + b + " holds the database as it was before this run; to go"
        + " back to it: setup-runner backup restore " + b));
    if (report.cacheFile() != null) {
      cache(report.cacheFile(), report.cacheCommand());
    }
  }

  void cache(java.nio.file.Path file, Optional<CacheCommand.Result> command) {
    out.println("Config cache rebuilt: " + file);
    command.filter(CacheCommand.Result::succeeded).ifPresent(c -> out.println("Cache command succeeded: " + c.command()));
  }

  void json(Object document) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the documents are always serializable", e);
    }
  }

  void maintenance(MaintenanceMode.State state) {
    out.println("Maintenance mode: " + (state.enabled() ? "on" : "off")
        + (state.allowedIps().isEmpty() ? "" : "; allowed: " + String.join(", ", state.allowedIps())));
  }

  /** How many items a terminal list shows before "and N more"; JSON lists all. */
  private static final int SHOWN = 20;
  /** How many lines of validation problems a terminal shows, as the upgrade's message does. */
  private static final int PROBLEMS_SHOWN = 40;

  /** The JSON shape of {@code adopt --json}: schema 1. */
  record AdoptDocument(int schema, String from, boolean dryRun, int matched, int recorded,
      java.util.Map<String, String> versionsSet, List<String> pending, List<String> notInCode) {}

  void adopt(AdoptCommand.Result result, boolean asJson) {
    HistoryAdoption adoption = result.adoption();
    List<String> pending = adoption.pending().stream().map(CatalogChangeset::changeset).toList();
    List<String> notInCode = adoption.notInCode().stream().map(Object::toString).toList();
    java.util.Map<String, String> versions = new java.util.TreeMap<>();
    result.versionsSet().forEach((m, v) -> versions.put(m, v.toString()));
    if (asJson) {
      json(new AdoptDocument(1, result.from(), result.dryRun(), adoption.matches().size(), result.recorded(),
          versions, pending, notInCode));
      return;
    }
    out.println(result.dryRun()
        ? "Dry run: " + Text.plural(adoption.matches().size(), "row") + " of " + result.from()
            + " match changesets of the code and would be recorded. Nothing was changed."
        : "Adopted " + Text.plural(result.recorded(), "changeset") + " from " + result.from() + ".");
    out.println("Module versions " + (result.dryRun() ? "to set: " : "set: ") + (versions.isEmpty() ? "none"
        : versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
    list("Still pending (the next upgrade runs them)", pending);
    list("Rows of " + result.from() + " that are no changeset of the code (left as they are)", notInCode);
  }

  private void list(String heading, List<String> items) {
    out.println(heading + ": " + (items.isEmpty() ? "none" : items.size()));
    items.stream().limit(SHOWN).forEach(i -> out.println("  " + i));
    if (items.size() > SHOWN) {
      out.println("  … and " + (items.size() - SHOWN) + " more (--json lists them all)");
    }
  }

  /** The JSON shape of {@code validate --json}: schema 1, every problem. */
  record ValidationDocument(int schema, boolean valid, int versions, List<String> problems) {}

  /** Every problem in JSON; on a terminal, the first {@value #PROBLEMS_SHOWN} lines and a count of the rest. */
  void validation(ValidateCommand.Result result, boolean asJson) {
    if (asJson) {
      json(new ValidationDocument(1, result.valid(), result.versions(), result.problems()));
      return;
    }
    if (result.valid()) {
      out.println("Valid: " + Text.plural(result.versions(), "module version") + " checked.");
      return;
    }
    out.println("Not valid (" + Text.plural(result.versions(), "module version") + " checked); Liquibase found:");
    result.problems().stream().limit(PROBLEMS_SHOWN).forEach(out::println);
    if (result.problems().size() > PROBLEMS_SHOWN) {
      out.println("  ... and " + (result.problems().size() - PROBLEMS_SHOWN) + " more lines (--json lists them all).");
    }
  }

  void history(List<RunRecord> runs, boolean asJson) {
    if (asJson) {
      json(runs.stream().map(r -> StatusDocument.Run.of(r, /* holderAlive= */ true)).toList());
      return;
    }
    if (runs.isEmpty()) {
      out.println("No runs recorded yet.");
      return;
    }
    String row = "%-36s  %-8s  %-11s  %-24s  %9s  %-20s  %5s  %s%n";
    out.printf(row, "Run", "Kind", "Status", "Started", "Took", "Release", "Sets", "Host (pid)");
    for (RunRecord r : runs) {
      out.printf(row, r.progress().runId(), r.kind().name().toLowerCase(java.util.Locale.ROOT),
          r.status().name().toLowerCase(java.util.Locale.ROOT),
          Timestamps.format(r.progress().startedAt()),
          r.finishedAt().map(f -> String.format("%.3fs", Duration.between(r.progress().startedAt(), f).toMillis()
              / 1000.0)).orElse("-"),
          r.progress().release() == null ? "-" : r.progress().release(), r.changesetsExecuted(),
          r.progress().host() + " (" + r.progress().pid() + ")" + r.backup().map(b -> ", backup " + b).orElse("")
              + r.note().map(n -> ", " + (r.kind() == RunKind.MARK ? r.progress().changeset() + " " : "") + n
                  + r.runBy().map(by -> " (by " + by + ")").orElse("")).orElse(""));
    }
  }

  void status(StatusReport report, boolean verbose) {
    int width = Math.max(6, report.plan().modules().stream().mapToInt(m -> m.module().name().length()).max().orElse(6));
    String row = "%-" + width + "s  %-9s %-9s %s%n";
    out.printf(row, "Module", "Code", "Database", "Pending");
    for (ModulePlan m : report.plan().modules()) {
      StatusReport.ModuleDetail detail = report.details().get(m.module().name());
      String versions = m.pending().stream().map(Version::toString).collect(Collectors.joining(", "));
      String pending = switch (report.phaseOf(m)) {
        case DATABASE_AHEAD -> "database is ahead of the code";
        case AHEAD_COMPATIBLY -> "- (database ahead compatibly: newer code ran only expand changesets)";
        case UP_TO_DATE -> "-";
        case CONTRACT_PENDING -> versions + " (expand done; contract pending)";
        case PENDING -> versions;
      };
      out.printf(row, m.module().name(), m.module().codeVersion(),
          m.databaseVersion().map(Version::toString).orElse("-"), pending);
      if (verbose && detail != null) {
        detail.pendingChangesets().forEach(c -> out.println("    pending: " + c));
      }
    }
    report.outOfStep().describe().forEach(line -> out.println("Out of step: " + line));
    if (verbose) {
      report.notRerun().forEach(c -> out.println("Not run again: " + c + " (runAlways/runOnChange of an installed"
          + " version)"));
    } else if (!report.notRerun().isEmpty()) {
      out.println("Not run again: " + Text.plural(report.notRerun().size(), "runAlways/runOnChange changeset")
          + " of installed versions, until their module has a new version (status -v lists them).");
    }
    out.println();
    filters(report);
    report.lastRun().ifPresent(r -> out.println("Last run: " + lastRun(r, report.inProgress().isPresent())));
    out.println(switch (report.state()) {
      case UP_TO_DATE -> "Up to date. No upgrades available.";
      case PENDING -> Text.plural(report.plan().pendingVersionCount(), "module version") + " pending.";
      case IN_PROGRESS -> "Run in progress: " + report.inProgress().orElseThrow().describe() + ".";
      case NEEDS_ATTENTION -> report.lastRun().filter(r -> r.kind() == RunKind.RESTORE).isPresent()
          ? "The last restore did not finish: the database may be partly restored."
          : "The last run did not finish: run the upgrade again (it resumes), after fixing any failed changeset"
              + " named above.";
      case DATABASE_AHEAD -> "The database is ahead of this code: deploy the matching code; Setup Runner never"
          + " downgrades.";
      case CHECKSUM_DRIFT -> "Changesets were edited after they ran: " + report.drift() + ". Restore them; put"
          + " changes in new changesets.";
    });
    if (report.ready() && report.state() == StatusReport.State.PENDING) {
      out.println("Ready for this code: only contract changesets are pending.");
    }
  }

  /** The filters in effect, when any, and a warning when the last run selected changesets differently. */
  private void filters(StatusReport report) {
    String now = report.changelogFilters();
    String last = report.lastRun().flatMap(RunRecord::changelogFilters).orElse(now);
    if (!now.equals(ChangelogSelection.NONE.describeFilters()) || !last.equals(now)) {
      out.println("Changelog filters: " + now + (last.equals(now) ? "" : " (the last run used " + last
          + "; installed versions are not read again, so changesets only these filters select there do not run)"));
    }
  }

  /** {@code succeeded at …, took 3.4s: run … on web-1 (pid 7, release r42), 48 changesets executed}. */
  private static String lastRun(RunRecord run, boolean holderAlive) {
    String status = io.setuprunner.status.StatusService.describe(run, holderAlive);
    RunProgress p = run.progress();
    StringBuilder text = new StringBuilder(status);
    run.finishedAt().ifPresentOrElse(
        f -> text.append(" at ").append(Timestamps.format(f)).append(", took ")
            .append(ProgressPrinter.seconds(Duration.between(p.startedAt(), f))).append(": run ").append(p.runId())
            .append(" on ").append(p.host()).append(" (pid ").append(p.pid())
            .append(p.release() == null ? "" : ", release " + p.release()).append(")")
            .append(p.module() == null || run.status() == RunStatus.SUCCEEDED ? "" : ", stopped at " + p.module() + " " + p.version()
                + (p.changeset() == null ? "" : " changeset " + p.changeset())),
        () -> text.append(", ").append(p.describe()));
    text.append(", ").append(Text.plural(run.changesetsExecuted(), "changeset")).append(" executed");
    run.error().ifPresent(e -> text.append(System.lineSeparator()).append("  ").append(e));
    run.backup().ifPresent(b -> text.append(System.lineSeparator()).append("  ").append(switch (run.kind()) {
      case RESTORE -> (run.status() == RunStatus.SUCCEEDED ? "Restored backup " : "Restore of backup ") + b
          + run.runBy().map(by -> " (by " + by + ")").orElse("") + (run.status() == RunStatus.SUCCEEDED ? "."
              : " failed: maintenance stays on; fix the cause and run setup-runner backup restore " + b + " again.");
      case UPGRADE, MARK, ROLLBACK -> "Backup " + b + " was taken before this run" + (run.status() == RunStatus.SUCCEEDED
          ? "." : "; to put the database back as it was: setup-runner backup restore " + b);
    }));
    run.note().ifPresent(n -> text.append(System.lineSeparator()).append("  ")
        .append(run.kind() == RunKind.MARK ? p.changeset() + " " : "").append(n).append(run.runBy().map(by -> " (by " + by + ")").orElse("")));
    return text.toString();
  }
}
