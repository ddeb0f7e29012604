package io.setuprunner.command;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.migrate.CatalogChangeset;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.RunProgress;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.util.Map;
import java.util.Optional;

/**
 * {@code setup-runner mark --applied|--not-applied CHANGESET --reason TEXT}: a person tells the runner about a
 * change made by hand (an online schema change tool ran it) or asks for a changeset to run again. Under the
 * lock and the fence, recorded as a run of its own with who, when and why.
 */
public final class MarkCommand {
  /** @param applied record it as run; false: remove its record so that it runs again */
  public record Request(String changeset, boolean applied, String reason) implements CommandRequest {}

  /**
   * @param changed false when the history already said so: nothing was written
   * @param movedBack the module's recorded version went back, so that the next upgrade runs the changeset's
   *     version again
   * @param nowAt after moving back: the module's recorded version (empty: none, the module is installed afresh)
   */
  public record Result(String changeset, String module, Version version, boolean changed, boolean movedBack,
      Optional<Version> nowAt) {}

  private final Resources resources;

  public MarkCommand(Resources resources) {
    this.resources = resources;
  }

  public Result run(Request request) {
    ModuleCatalog catalog = resources.catalog();
    UpgradeRunner.Runner runner = resources.runner();
    RunProgress me = resources.newRun();
    String by = runner.user() + "@" + runner.host();
    return resources.exclusiveLock().runExclusively(me, resources.config().lockTimeout(), session -> {
      try (ChangelogExecutor executor = resources.executor()) {
        CatalogChangeset target = find(catalog, executor, request.changeset());
        Module module = catalog.find(target.module()).orElseThrow();
        if (executor.hasRun(request.changeset()) == request.applied()) {
          return new Result(request.changeset(), target.module(), target.version(), false, false, Optional.empty());
        }
        session.requireHeld("marking " + request.changeset());
        Optional<Optional<Version>> movedBack = Optional.empty(); // empty: not moved; else the version it is at now
        if (request.applied()) {
          executor.markApplied(module, target.version(), request.changeset(), "marked applied by " + by + ": "
              + request.reason());
        } else {
          executor.markNotApplied(module, target.version(), request.changeset());
          movedBack = moveBelow(module, target.version(), session.token());
        }
        resources.state().runs().recordMark(session.run(), session.token(), target.module(),
            target.version().toString(), request.changeset(), request.applied(), by, request.reason());
        return new Result(request.changeset(), target.module(), target.version(), true, movedBack.isPresent(),
            movedBack.flatMap(v -> v));
      }
    });
  }

  /**
   * A changeset of an installed version runs again only if its version is pending again: the module's recorded
   * version goes back to the one below it. A later version of the module runs again too; what it already ran
   * stays recorded and is skipped.
   */
  private Optional<Optional<Version>> moveBelow(Module module, Version version, long token) {
    Map<String, Version> recorded = resources.state().modules().moduleVersions();
    Version installed = recorded.get(module.name());
    if (installed == null || installed.compareTo(version) < 0) {
      return Optional.empty();
    }
    Optional<Version> below = module.versionBefore(version);
    if (below.isPresent()) {
      resources.state().modules().recordModuleVersion(module.name(), below.get(), null, resources.clock().instant(),
          token);
    } else {
      resources.state().modules().forgetModule(module.name(), token);
    }
    return Optional.of(below);
  }

  private static CatalogChangeset find(ModuleCatalog catalog, ChangelogExecutor executor, String changeset) {
    for (Module module : catalog.modules()) {
      for (Version version : module.changelogs().keySet()) {
        for (CatalogChangeset c : executor.changesets(module, version)) {
          if (c.changeset().equals(changeset)) {
            return c;
          }
        }
      }
    }
    throw new SetupRunnerException(ErrorKind.USAGE, "No changeset '" + changeset + "' in the code's modules"
        + " (with the contexts and labels in effect). Name it as path::id::author, as setup-runner plan and status -v"
        + " print it, such as Acme_Shop/1.1.0.xml::add-note::acme.");
  }
}
