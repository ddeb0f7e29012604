package io.setuprunner.command;

import io.setuprunner.config.BackupSettings;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.upgrade.BackupBeforeRun;
import io.setuprunner.upgrade.Heartbeat;
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
   * @param backup take a backup when something is pending ({@code --backup}: backup.before-upgrade=when-pending)
   */
  public record Request(Phase phase, boolean force, boolean maintenance, boolean backup) implements CommandRequest {
    /** Without {@code --backup}, for callers that never ask for one. */
    public Request(Phase phase, boolean force, boolean maintenance) {
      this(phase, force, maintenance, false);
    }
  }

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
      try (Heartbeat beat = resources.heartbeat(listener)) {
        UpgradeRunner runner = new UpgradeRunner(resources.state(), resources.history(), resources::exclusiveLock,
            resources::executor, resources::servingRegistry, resources.cacheRebuild(), resources.clock(), beat);
        report = runner.upgrade(catalog, resources.runner(), new UpgradeRunner.Options(
            resources.config().lockTimeout(), resources.config().debugPause(), stop, request.phase(), request.force(),
            resources.config().changelogSelection().describeFilters(), backupBeforeRun(policy(request))));
      }
      if (policy(request) == BackupSettings.Policy.ALWAYS && report.backup().isEmpty()) {
        report = withBackup(report, backupUnderLock());
      }
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

  private BackupSettings.Policy policy(Request request) {
    BackupSettings.Policy configured = resources.config().backup().beforeUpgrade();
    return request.backup() && configured == BackupSettings.Policy.NEVER ? BackupSettings.Policy.WHEN_PENDING
        : configured;
  }

  private BackupBeforeRun backupBeforeRun(BackupSettings.Policy policy) {
    if (policy == BackupSettings.Policy.NEVER) {
      return BackupBeforeRun.NONE;
    }
    return runId -> Optional.of(new BackupCommand(resources, listener::notice).takeForRun(runId, "upgrade --backup"));
  }

  /** {@code always} with nothing pending: a backup all the same, under the lock so no other upgrade runs meanwhile. */
  private String backupUnderLock() {
    BackupCommand backups = new BackupCommand(resources, listener::notice);
    return backups.announced(backups.run(new BackupCommand.Request(BackupCommand.Action.CREATE, Optional.empty(),
        false)).made().orElseThrow());
  }

  private static UpgradeReport withBackup(UpgradeReport r, String backup) {
    return new UpgradeReport(r.outcome(), r.runId(), r.applied(), r.changesetsExecuted(), r.interruptedRunsClosed(),
        r.settledChangesets(), r.contractPending(), r.lockWait(), r.elapsed(), r.cacheFile(), r.cacheCommand(),
        r.cacheFailure(), r.outOfStep(), r.workDoneByOther(), Optional.of(backup));
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
