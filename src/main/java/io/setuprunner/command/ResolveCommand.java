package io.setuprunner.command;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.Resolution;
import io.setuprunner.state.RunProgress;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.util.List;

/**
 * {@code setup-runner resolve}: a person says whether the changeset a dead runner was inside got applied,
 * when the schema alone cannot tell. Done under the lock and the fence, recorded with who and when.
 */
public final class ResolveCommand {
  /** @param applied its changes are in place (record it as run); false: run it again */
  public record Request(String changeset, boolean applied) implements CommandRequest {}

  private final Resources resources;

  public ResolveCommand(Resources resources) {
    this.resources = resources;
  }

  public Resolution run(Request request) {
    ModuleCatalog catalog = resources.catalog();
    UpgradeRunner.Runner runner = resources.runner();
    String changeset = request.changeset();
    RunProgress me = resources.newRun();
    return resources.exclusiveLock().runExclusively(me, resources.config().lockTimeout(), session -> {
      List<RunProgress> open = session.unsettled();
      RunProgress dead = open.stream().filter(r -> r.changeset().equals(changeset)).findFirst()
          .orElseThrow(() -> new SetupRunnerException(ErrorKind.USAGE, "No interrupted run waits for a decision on '"
              + changeset + "'. " + (open.isEmpty() ? "Nothing needs resolving."
              : "Changesets waiting: " + open.stream().map(RunProgress::changeset).toList())));
      if (request.applied()) {
        Module module = catalog.find(dead.module()).orElseThrow(() -> new SetupRunnerException(
            ErrorKind.INVALID_MODULES, "Module " + dead.module() + " of changeset " + changeset
                + " is not in this code: deploy the code that has it, then resolve."));
        try (ChangelogExecutor executor = resources.executor()) {
          session.requireHeld("recording " + changeset + " as applied");
          executor.markApplied(module, Version.parse(dead.version()), changeset,
              "marked applied by " + runner.user() + "@" + runner.host() + " after interruption of run " + dead.runId());
        }
      }
      Resolution resolution = request.applied() ? Resolution.MARKED_APPLIED : Resolution.MARKED_NOT_APPLIED;
      resources.state().resolutions().recordResolution(dead, resolution, runner.user() + "@" + runner.host(),
          resources.clock().instant(), null, session.token());
      return resolution;
    });
  }
}
