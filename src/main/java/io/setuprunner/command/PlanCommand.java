package io.setuprunner.command;

import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetPreview;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.plan.Planner;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import io.setuprunner.wiring.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code setup-runner plan} and {@code upgrade --dry-run}: what an upgrade would run, version by version, with
 * the SQL of each changeset. It only reads: no lock, no ZooKeeper, no table created, no row written, so it
 * works with a database user that may only {@code SELECT}.
 */
public final class PlanCommand {
  /** @param phase the phase the upgrade would run: its changesets only */
  public record Request(Phase phase, boolean json) implements CommandRequest {}

  /** One module version the upgrade would bring the database to, with the changesets it would run. */
  public record VersionPlan(String module, Optional<Version> from, Version to, List<ChangesetPreview> changesets) {
    public VersionPlan {
      changesets = List.copyOf(changesets);
    }
  }

  /**
   * What the upgrade would do, in execution order.
   *
   * @param versions with a version whose changesets the filters all leave out (the upgrade records it, runs
 *     nothing)
 * @param skipped versions whose changesets all belong to the contract phase, in the expand phase
   */
  public record Result(Phase phase, String changelogFilters, List<VersionPlan> versions, List<String> skipped) {
    public Result {
      versions = List.copyOf(versions);
      skipped = List.copyOf(skipped);
    }

    public int changesetCount() {
      return versions.stream().mapToInt(v -> v.changesets().size()).sum();
    }

    public long contractCount() {
      return versions.stream().flatMap(v -> v.changesets().stream()).filter(ChangesetPreview::contract).count();
    }

    /** Changesets whose SQL the preview cannot show in full. */
    public long notShownCount() {
      return versions.stream().flatMap(v -> v.changesets().stream()).filter(c -> !c.notShown().isEmpty()).count();
    }

    public boolean pending() {
      return !versions.isEmpty();
    }
  }

  private final Resources resources;

  public PlanCommand(Resources resources) {
    this.resources = resources;
  }

  public Result run(Request request) {
    ModuleCatalog catalog = resources.catalog();
    resources.startConnecting();
    UpgradePlan plan = new Planner().plan(catalog, resources.state().modules().moduleVersions(),
        resources.history()::versions).requireDatabaseNotAhead();
    List<VersionPlan> versions = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (!plan.isUpToDate()) {
      try (ChangelogExecutor executor = resources.executor()) {
        for (ModulePlan module : plan.modules()) {
          Optional<Version> from = module.databaseVersion();
          for (Version version : module.pending()) {
            List<ChangesetPreview> all = executor.preview(module.module(), version);
            List<ChangesetPreview> changesets = all.stream()
                .filter(c -> request.phase().runsContract() || !c.contract()).toList();
            if (changesets.isEmpty() && !all.isEmpty()) {
              skipped.add(module.module().name() + " " + version);
            } else {
              versions.add(new VersionPlan(module.module().name(), from, version, changesets));
            }
            from = Optional.of(version);
          }
        }
      }
    }
    return new Result(request.phase(), resources.config().changelogSelection().describeFilters(), versions, skipped);
  }
}
