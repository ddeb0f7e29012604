package io.setuprunner.cli;

import io.setuprunner.core.Text;
import io.setuprunner.module.Version;
import io.setuprunner.config.Durations;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.ServerActivity;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport.AppliedVersion;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/** Prints a line per module version as it starts and ends, with timings, to stderr. */
final class ProgressPrinter implements UpgradeListener {
  private final PrintStream err;

  ProgressPrinter(PrintStream err) {
    this.err = err;
  }

  @Override
  public void waitingForLock(String lock, Optional<RunProgress> holder) {
    holder.ifPresentOrElse(
        h -> err.println("Upgrades pending; waiting for the lock (" + lock + ") held by " + h.describe()),
        () -> err.println("Upgrades pending; taking the lock (" + lock + ")"));
  }

  @Override
  public void lockAcquired(Duration waited) {
    if (waited.toMillis() >= 1000) {
      err.println("Lock acquired after " + seconds(waited));
    }
  }

  @Override
  public void versionStarted(String module, Optional<Version> from, Version to) {
    err.println(module + " " + from.map(Version::toString).orElse("(new)") + " -> " + to + " ...");
  }

  @Override
  public void versionFinished(AppliedVersion applied) {
    err.println(applied.module() + " " + applied.version() + " done: " + Text.plural(applied.changesets(), "changeset")
        + " in " + seconds(applied.elapsed()));
  }

  @Override
  public void versionRollingBack(String module, Version version, Optional<Version> to) {
    err.println(module + " " + version + " -> " + to.map(Version::toString).orElse("(none)") + ": rolling back ...");
  }

  @Override
  public void versionRolledBack(String module, Version version, int changesets, Duration elapsed) {
    err.println(module + " " + version + " rolled back: " + Text.plural(changesets, "changeset") + " in "
        + seconds(elapsed));
  }

  @Override
  public void versionExpanded(String module, Version version, int changesets, Duration elapsed) {
    err.println(module + " " + version + " expand done: " + Text.plural(changesets, "changeset") + " in "
        + seconds(elapsed) + "; its contract changesets wait for --phase contract");
  }

  @Override
  public void contractUnchecked(java.util.List<String> modules) {
    err.println("Running contract changesets of " + modules + " without checking serving nodes: they register"
        + " only in ZooKeeper (zookeeper.connect), and none is configured");
  }

  @Override
  public void contractForced(java.util.List<String> nodes) {
    err.println("--force: running the contract phase although these nodes still serve older code: " + nodes);
  }

  @Override
  public void heartbeat(String changeset, Duration elapsed, Optional<ServerActivity.Snapshot> activity) {
    err.println("  still running " + changeset + " after " + Durations.format(Duration.ofSeconds(elapsed.toSeconds()))
        + activity.map(a -> "; server: " + a.describe()).orElse(""));
  }

  @Override
  public void notice(String line) {
    err.println(line);
  }

  static String seconds(Duration d) {
    return String.format("%.1fs", d.toMillis() / 1000.0);
  }

}
