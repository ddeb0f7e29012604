package io.setuprunner.plan;

import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import java.util.Map;
import java.util.Optional;
import io.setuprunner.migrate.HistoryVersions;
import java.util.function.Supplier;

/** Compares the code's modules with the versions the database records. */
public final class Planner {
  /**
   * A module's pending versions: its changelogs above the database version, up to the declared
   * version. A database ahead of the code counts as incompatible here; see the three-argument form.
   */
  public UpgradePlan plan(ModuleCatalog catalog, Map<String, Version> databaseVersions) {
    return plan(catalog, databaseVersions, Map::of);
  }

  /**
   * Like {@link #plan(ModuleCatalog, Map)}, and tells a database ahead of the code compatibly from
   * incompatibly. Compatibly means the history shows newer code's changesets above this code's version
   * and none of them labelled contract; anything else ahead (no such history, or a contract ran) is
   * incompatible, the safe answer.
   *
   * @param history per module, the newest versions in the changeset history; read only when some
   *     module's database version is ahead of the code
   */
  public UpgradePlan plan(ModuleCatalog catalog, Map<String, Version> databaseVersions,
      Supplier<Map<String, HistoryVersions>> history) {
    boolean anyAhead = catalog.modules().stream().anyMatch(m -> Optional.ofNullable(databaseVersions.get(m.name()))
        .map(v -> v.isNewerThan(m.codeVersion())).orElse(false));
    Map<String, HistoryVersions> ran = anyAhead ? history.get() : Map.of();
    return new UpgradePlan(catalog.modules().stream().map(module -> {
      Optional<Version> recorded = Optional.ofNullable(databaseVersions.get(module.name()));
      Version code = module.codeVersion();
      boolean compatible = Optional.ofNullable(ran.get(module.name()))
          .map(h -> h.newest().isNewerThan(code) && h.newestContract().map(c -> !c.isNewerThan(code)).orElse(true))
          .orElse(false);
      return new UpgradePlan.ModulePlan(module, recorded, pending(module, recorded), !compatible);
    }).toList());
  }

  private static java.util.List<Version> pending(Module module, Optional<Version> recorded) {
    return module.changelogs().keySet().stream()
        .filter(v -> recorded.map(v::isNewerThan).orElse(true))
        .filter(v -> !v.isNewerThan(module.codeVersion()))
        .toList();
  }
}
