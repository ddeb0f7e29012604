package io.setuprunner.command;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.Text;
import io.setuprunner.migrate.CatalogChangeset;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ForeignHistory;
import io.setuprunner.migrate.HistoryAdoption;
import io.setuprunner.migrate.LiquibaseChangelogExecutor;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.HistoryImport;
import io.setuprunner.state.RunProgress;
import io.setuprunner.wiring.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code setup-runner adopt}: takes over a database that the application's own Liquibase managed. Each row of
 * its history that is a changeset of the module catalog is recorded in Setup Runner's, and each module's
 * version follows, so the next upgrade runs only what the application's Liquibase had not run.
 */
public final class AdoptCommand {
  /**
   * @param from the application's history table
   * @param dryRun report only: no lock, no table, no row
   * @param json the report as JSON
   */
  public record Request(String from, boolean dryRun, boolean json) implements CommandRequest {}

  /** What was (or, in a dry run, would be) recorded. */
  public record Result(String from, boolean dryRun, HistoryAdoption adoption, Map<String, Version> versionsSet,
      int recorded) {}

  private final Resources resources;

  public AdoptCommand(Resources resources) {
    this.resources = resources;
  }

  public Result run(Request request) {
    ModuleCatalog catalog = resources.catalog();
    ForeignHistory foreign = resources.foreignHistory(request.from());
    HistoryAdoption preview = match(catalog, foreign);
    // Refused before the lock, too: an adoption that cannot be made should not even move the fence.
    requireSafe(preview, foreign, request.dryRun());
    if (request.dryRun()) {
      return new Result(foreign.table(), true, preview, newer(preview.versions()), 0);
    }
    RunProgress me = resources.newRun();
    return resources.exclusiveLock().runExclusively(me, resources.config().lockTimeout(), session -> {
      // Matched again under the lock: another runner may have upgraded since the caller looked.
      HistoryAdoption adoption = match(catalog, foreign);
      requireSafe(adoption, foreign, false);
      try (ChangelogExecutor executor = resources.executor()) {
        executor.createHistoryTable();
      }
      session.requireHeld("adopting " + foreign.table());
      int recorded = resources.historyImport().copy(foreign.sqlName(), LiquibaseChangelogExecutor.HISTORY_TABLE,
          adoption.matches().stream().map(m -> new HistoryImport.Copy(m.row().id(), m.row().author(),
              m.row().filename(), m.changeset().path())).toList(), session.token());
      Map<String, Version> versions = newer(adoption.versions());
      versions.forEach((module, version) -> resources.state().modules().recordModuleVersion(module, version,
          session.run().runId(), resources.clock().instant(), session.token()));
      return new Result(foreign.table(), false, adoption, versions, recorded);
    });
  }

  private HistoryAdoption match(ModuleCatalog catalog, ForeignHistory foreign) {
    List<ForeignHistory.Row> rows = foreign.rows();
    try (ChangelogExecutor executor = resources.executor()) {
      Map<String, Map<Version, List<CatalogChangeset>>> changesets = new LinkedHashMap<>();
      for (Module module : catalog.modules()) {
        Map<Version, List<CatalogChangeset>> byVersion = new LinkedHashMap<>();
        module.changelogs().keySet().stream().filter(v -> !v.isNewerThan(module.codeVersion()))
            .forEach(v -> byVersion.put(v, executor.changesets(module, v)));
        changesets.put(module.name(), byVersion);
      }
      return HistoryAdoption.of(rows, changesets, executor::hasRun);
    }
  }

  /** Versions above what the database already records: adopting never moves a module back. */
  private Map<String, Version> newer(Map<String, Version> adopted) {
    Map<String, Version> recorded = resources.state().modules().moduleVersions();
    Map<String, Version> newer = new LinkedHashMap<>();
    adopted.forEach((module, version) -> {
      Version current = recorded.get(module);
      if (current == null || version.isNewerThan(current)) {
        newer.put(module, version);
      }
    });
    return newer;
  }

  private static void requireSafe(HistoryAdoption adoption, ForeignHistory foreign, boolean dryRun) {
    if (adoption.safe()) {
      return;
    }
    StringBuilder message = new StringBuilder(foreign.table() + " cannot be adopted safely: ");
    if (!adoption.suspect().isEmpty()) {
      message.append(Text.plural(adoption.suspect().size(), "changeset")).append(" of the code ha")
          .append(adoption.suspect().size() == 1 ? "s" : "ve").append(" a row with the same id and author under a")
          .append(" path that does not fit, so the next upgrade would run ").append(adoption.suspect().size() == 1
              ? "it" : "them").append(" a second time: ").append(list(adoption.suspect().stream()
              .map(CatalogChangeset::changeset).toList())).append(". ");
    }
    if (!adoption.ambiguous().isEmpty()) {
      message.append(Text.plural(adoption.ambiguous().size(), "row")).append(" fit more than one changeset of")
          .append(" the code: ").append(list(adoption.ambiguous().stream().map(Object::toString).toList()))
          .append(". ");
    }
    message.append("A row matches a changeset by id, author and the file's path within the module (changelogs/")
        .append("<Module>/…), ignoring classpath: and leading folders; keep the application's folder layout")
        .append(" below the module's folder, then run adopt again. Nothing was ")
        .append(dryRun ? "changed (dry run)." : "changed.");
    throw new SetupRunnerException(ErrorKind.INVALID_MODULES, message.toString());
  }

  private static String list(List<String> items) {
    int shown = Math.min(items.size(), 20);
    return items.subList(0, shown).stream().collect(Collectors.joining(", "))
        + (items.size() > shown ? " and " + (items.size() - shown) + " more" : "");
  }
}
