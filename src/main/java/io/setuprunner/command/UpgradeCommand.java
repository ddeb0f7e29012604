package io.setuprunner.command;

import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.core.Timestamps;
import io.setuprunner.maintenance.MaintenanceMode;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code setup-runner upgrade}: the pending module upgrades under the lock, then the config cache; with
 * {@code --maintenance}, Magento's maintenance mode around it, switched off only by the run that owns it.
 */
public final class UpgradeCommand {
  /**
   * @param force run contract changesets although nodes still serve code that needs what they remove
   * @param maintenance switch maintenance on for the run, and off after a successful one
   */
  public record Request(Phase phase, boolean force, boolean maintenance) implements CommandRequest {}

  /**
   * How the upgrade ended, and what became of maintenance mode after it: told after the summary, so that
   * the summary is never lost to a maintenance file that could not be written.
   *
   * @param maintenance lines saying whether maintenance went off or stays on, and why
   * @param maintenanceFailure maintenance could not be switched off (the upgrade itself succeeded)
   */
  public record Result(UpgradeReport report, List<String> maintenance, Optional<String> maintenanceFailure) {
    public Result {
      maintenance = List.copyOf(maintenance);
    }
  }

  private final Resources resources;
  private final UpgradeListener listener;
  private final StopRequest stop;
  private final MaintenanceMode maintenance;

  public UpgradeCommand(Resources resources, UpgradeListener listener, StopRequest stop) {
    this.resources = resources;
    this.listener = listener;
    this.stop = stop;
    this.maintenance = new MaintenanceMode(resources.config().root());
  }

  public Result run(Request request) {
    if (request.maintenance()) {
      switchMaintenanceOn();
    }
    UpgradeReport report;
    try {
      // Bad modules fail before anything connects.
      resources.startConnecting();
      ModuleCatalog catalog = resources.catalog();
      UpgradeRunner runner = new UpgradeRunner(resources.state(), resources.history(), resources::exclusiveLock,
          resources::executor, resources::servingRegistry, resources.cacheRebuild(), resources.clock(), listener);
      report = runner.upgrade(catalog, resources.runner(), new UpgradeRunner.Options(
          resources.config().lockTimeout(), resources.config().debugPause(), stop, request.phase(), request.force(),
          resources.config().changelogSelection().describeFilters()));
    } catch (SetupRunnerException e) {
      if (request.maintenance()) {
        listener.notice("Maintenance mode stays on after the failure: fix the cause and run the upgrade again"
            + (maintenance.upgradeOwner().isPresent() ? " with --maintenance (it switches maintenance off once it"
                + " succeeds)" : "") + ", or switch it off with: setup-runner maintenance disable");
      }
      throw e;
    }
    List<String> lines = new ArrayList<>();
    try {
      if (report.cacheFailure().isPresent()) {
        if (maintenance.status().enabled()) {
          lines.add("Maintenance mode stays on until the config cache is rebuilt: then switch it off with"
              + " setup-runner maintenance disable");
        }
      } else {
        switchMaintenanceOffIfOurs(request.maintenance(), lines);
      }
    } catch (SetupRunnerException e) {
      return new Result(report, lines, Optional.of(e.getMessage()));
    }
    return new Result(report, lines, Optional.empty());
  }

  private void switchMaintenanceOn() {
    Optional<String> owner = maintenance.upgradeOwner();
    if (!maintenance.status().enabled()) {
      maintenance.enableForUpgrade("upgrade --maintenance on " + Resources.hostName() + " (pid "
          + ProcessHandle.current().pid() + ") at " + Timestamps.format(resources.clock().instant()));
      listener.notice("Maintenance mode on (" + maintenance.flagFile() + ")");
    } else if (owner.isPresent()) {
      listener.notice("Maintenance mode already on, switched on by " + owner.get() + "; it goes off when this run"
          + " succeeds");
    } else {
      listener.notice("Maintenance mode already on, switched on by hand; it stays on after this run");
    }
  }

  private void switchMaintenanceOffIfOurs(boolean asked, List<String> lines) {
    Optional<String> owner = maintenance.upgradeOwner();
    if (owner.isPresent() && asked) {
      maintenance.disable();
      lines.add("Maintenance mode off (it was switched on by " + owner.get() + ")");
    } else if (owner.isPresent()) {
      lines.add("Maintenance mode is still on: " + owner.get() + " switched it on and did not finish. Switch"
          + " it off with: setup-runner maintenance disable (or run upgrade --maintenance)");
    } else if (asked && maintenance.status().enabled()) {
      lines.add("Maintenance mode stays on: it was switched on by hand, not by upgrade --maintenance. Switch"
          + " it off with: setup-runner maintenance disable");
    }
  }
}
