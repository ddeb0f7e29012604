package io.setuprunner.command;

import io.setuprunner.config.Durations;
import io.setuprunner.core.Text;
import io.setuprunner.gate.ChangeSignal;
import io.setuprunner.gate.Waiter;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.status.StatusReport;
import io.setuprunner.wiring.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@code setup-runner wait}: blocks until the database is ready for this code and nothing runs. */
public final class WaitCommand {
  /** @param timeout how long to wait; empty: {@code lock.timeout} */
  public record Request(Optional<Duration> timeout) implements CommandRequest {}

  /**
   * How the wait ended.
   *
   * @param readyAt when it saw the database ready, for deploy logs beside the run's own finish time
   */
  public record Result(StatusReport report, boolean timedOut, Duration waited, Duration timeout, Instant readyAt) {
    /** What a timed-out wait tells: how long it waited and what it was still waiting for. */
    public String timeoutMessage() {
      return "timed out after " + Durations.format(timeout) + " waiting for the database to be ready: "
          + report.inProgress().map(p -> "a run is still in progress, " + p.describe())
              .orElse(Text.plural(report.plan().pendingVersionCount(), "module version")
                  + " pending and no run in progress") + ".";
    }
  }

  private final Resources resources;

  public WaitCommand(Resources resources) {
    this.resources = resources;
  }

  public Result run(Request request) throws InterruptedException {
    Duration timeout = request.timeout().orElse(resources.config().lockTimeout());
    ModuleCatalog catalog = resources.catalog();
    try (ChangeSignal changes = resources.changeSignal()) {
      Waiter.Outcome outcome = new Waiter(resources.statusService(), changes, resources.clock())
          .await(catalog, timeout, resources.config().release());
      return new Result(outcome.report(), outcome.timedOut(), outcome.waited(), timeout, Instant.now());
    }
  }
}
