package io.setuprunner.cli;

import io.setuprunner.command.RollbackCommand;
import io.setuprunner.core.Text;
import io.setuprunner.migrate.RollbackChangeset;
import io.setuprunner.module.Version;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes what {@code rollback} undid, or with {@code --dry-run} what it would undo and the SQL, as text or JSON. */
final class RollbackPrinter {
  /** The version of the {@code rollback --dry-run --json} document; raised only when a field changes meaning. */
  static final int SCHEMA = 1;

  private final PrintStream out;

  RollbackPrinter(PrintStream out) {
    this.out = out;
  }

  void rolledBack(RollbackCommand.Result result, boolean json) {
    if (json) {
      new ReportPrinter(out).json(document(result));
    } else if (result.changesets().isEmpty()) {
      out.println(result.module() + " has no changeset recorded above " + result.to() + ": nothing to roll back"
          + " (recorded version: " + result.from().map(Version::toString).orElse("none, not installed") + ").");
    } else if (result.dryRun()) {
      preview(result);
    } else {
      out.println("Rolled back " + result.module() + " " + result.from().map(Version::toString).orElse("(none)")
          + " -> " + result.to() + ": " + Text.plural(result.changesets().size(), "changeset") + " in "
          + ProgressPrinter.seconds(result.took()) + "; " + result.module() + " is recorded at "
          + result.nowAt().map(Version::toString).orElse("no version") + "."
          + result.backup().map(b -> " Backup " + b + " was taken before it.").orElse(""));
      out.println("This code still declares a newer " + result.module() + ", so status shows it pending: switch"
          + " the code back to a release that declares it at " + result.nowAt().map(Version::toString).orElse(
              "no version") + " (docs/rollback.md).");
    }
  }

  private void preview(RollbackCommand.Result result) {
    out.println("Rollback of " + result.module() + " " + result.from().map(Version::toString).orElse("(none)")
        + " -> " + result.to() + " would undo " + Text.plural(result.changesets().size(), "changeset")
        + ", in this order:");
    Version version = null;
    for (RollbackChangeset c : result.changesets()) {
      if (!c.version().equals(version)) {
        version = c.version();
        out.println();
        out.println(result.module() + " " + version);
      }
      out.println("  " + c.changeset());
      if (c.sql().isEmpty() && c.notShown().isEmpty()) {
        out.println("    (no SQL: its rollback is empty)");
      }
      c.notShown().forEach(line -> out.println("    -- not shown: " + line));
      c.sql().forEach(line -> out.println("    " + line.replace("\n", "\n    ")));
    }
    out.println();
    out.println("Then " + result.module() + " is recorded at " + result.nowAt().map(Version::toString)
        .orElse("no version") + ". Nothing was executed: this was a dry run.");
  }

  private static Map<String, Object> document(RollbackCommand.Result result) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schema", SCHEMA);
    document.put("module", result.module());
    document.put("from", result.from().map(Version::toString).orElse(null));
    document.put("to", result.to().toString());
    document.put("nowAt", result.nowAt().map(Version::toString).orElse(null));
    document.put("dryRun", result.dryRun());
    document.put("changesets", result.changesets().stream().map(c -> JsonFields.of("changeset", c.changeset(),
        "version", c.version().toString(), "sql", c.sql(), "notShown", c.notShown())).toList());
    document.put("totals", JsonFields.of("changesets", result.changesets().size()));
    return document;
  }
}
