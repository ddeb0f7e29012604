package io.setuprunner.upgrade;

import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import java.util.Map;
import java.util.Optional;

/** Compares the code's modules with the versions the database records. */
public final class Planner {
  /** A module's pending versions: its changelogs above the database version, up to the declared version. */
  public UpgradePlan plan(ModuleCatalog catalog, Map<String, Version> databaseVersions) {
    return new UpgradePlan(catalog.modules().stream().map(module -> {
      Optional<Version> recorded = Optional.ofNullable(databaseVersions.get(module.name()));
      return new UpgradePlan.ModulePlan(module, recorded, pending(module, recorded));
    }).toList());
  }

  private static java.util.List<Version> pending(Module module, Optional<Version> recorded) {
    return module.changelogs().keySet().stream()
        .filter(v -> recorded.map(v::isNewerThan).orElse(true))
        .filter(v -> !v.isNewerThan(module.codeVersion()))
        .toList();
  }
}
