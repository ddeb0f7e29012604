package io.setuprunner.cli;

import io.setuprunner.command.PlanCommand;
import io.setuprunner.core.Text;
import io.setuprunner.migrate.ChangesetPreview;
import io.setuprunner.module.Version;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes what {@code plan} found: per version its changesets and their SQL, then the totals; or the JSON. */
final class PlanPrinter {
  /** The JSON document's format; a change that breaks readers gets a new number. */
  static final int SCHEMA = 1;

  private final PrintStream out;

  PlanPrinter(PrintStream out) {
    this.out = out;
  }

  void plan(PlanCommand.Result result, boolean asJson) {
    if (asJson) {
      new ReportPrinter(out).json(document(result));
      return;
    }
    String phase = result.phase().name().toLowerCase(Locale.ROOT);
    if (!result.pending()) {
      out.println("Nothing pending (phase " + phase + "): an upgrade would execute nothing.");
      result.skipped().forEach(v -> out.println(v + ": only contract changesets pending (plan --phase contract"
          + " shows them)."));
      return;
    }
    out.println("Dry run, phase " + phase + ", changelog filters: " + result.changelogFilters()
        + ". Nothing was executed, locked or written.");
    for (PlanCommand.VersionPlan version : result.versions()) {
      out.println();
      out.println(version.module() + " " + version.from().map(Version::toString).orElse("(new)") + " -> "
          + version.to() + ": " + Text.plural(version.changesets().size(), "changeset"));
      for (ChangesetPreview changeset : version.changesets()) {
        out.println("  " + changeset.changeset() + (changeset.contract() ? "  [contract]" : "  [expand]"));
        changeset.notShown().forEach(line -> out.println("    -- not shown: " + line));
        changeset.sql().forEach(line -> out.println("    " + line.replace("\n", "\n    ")));
      }
    }
    result.skipped().forEach(v -> out.println(v + ": only contract changesets pending, not in this phase."));
    out.println();
    out.println("Totals: " + Text.plural(result.versions().size(), "module version") + ", "
        + Text.plural(result.changesetCount(), "changeset") + " (" + (result.changesetCount()
        - result.contractCount()) + " expand, " + result.contractCount() + " contract)"
        + (result.notShownCount() == 0 ? "." : "; " + Text.plural(result.notShownCount(), "changeset")
            + " with what SQL generation cannot show, marked \"not shown\"."));
  }

  private static Map<String, Object> document(PlanCommand.Result result) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schema", SCHEMA);
    document.put("phase", result.phase().name().toLowerCase(Locale.ROOT));
    document.put("changelogFilters", result.changelogFilters());
    document.put("pending", result.pending());
    document.put("versions", result.versions().stream().map(v -> JsonFields.of("module", v.module(),
        "from", v.from().map(Version::toString).orElse(""), "to", v.to().toString(),
        "changesets", v.changesets().stream().map(c -> JsonFields.of("changeset", c.changeset(),
            "phase", c.contract() ? "contract" : "expand", "sql", c.sql(), "notShown", c.notShown())).toList()))
        .toList());
    document.put("skipped", result.skipped());
    document.put("totals", JsonFields.of("versions", result.versions().size(), "changesets", result.changesetCount(),
        "contract", result.contractCount(), "notShown", result.notShownCount()));
    return document;
  }
}
