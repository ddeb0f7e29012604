package io.setuprunner.gate;

import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.status.StatusReport;
import io.setuprunner.status.StatusReport.State;
import io.setuprunner.status.StatusService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code setup-runner wait}: blocks until the database is ready for this code and no run is in
 * progress. It re-checks when a {@link ChangeSignal} fires (ZooKeeper watches), or at the poll
 * interval without one. A run that fails or is interrupted ends the wait at once.
 */
public final class Waiter {
  private final StatusService status;
  private final ChangeSignal changes;
  private final Clock clock;

  /** How a wait ended: the status it ended on, and whether it timed out. */
  public record Outcome(StatusReport report, boolean timedOut, Duration waited) {}

  public Waiter(StatusService status, ChangeSignal changes, Clock clock) {
    this.status = status;
    this.changes = changes;
    this.clock = clock;
  }

  /** @param release when given, a run of this release must have succeeded, or the code be up to date */
  public Outcome await(ModuleCatalog catalog, Duration timeout, Optional<String> release) throws InterruptedException {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    while (true) {
      // Arm before reading, so a change between the read and the wait is not missed.
      ChangeSignal.Armed armed = changes.arm();
      StatusReport report = status.status(catalog, false);
      if (done(report, release)) {
        return new Outcome(report, false, Duration.between(start, clock.instant()));
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return new Outcome(report, true, Duration.between(start, clock.instant()));
      }
      armed.await(left);
    }
  }

  private static boolean done(StatusReport report, Optional<String> release) {
    // Failed, interrupted, drifted or ahead: waiting longer changes nothing; report it now.
    if (report.state() == State.NEEDS_ATTENTION || report.state() == State.DATABASE_AHEAD
        || report.state() == State.CHECKSUM_DRIFT) {
      return true;
    }
    if (!report.ready()) {
      return false;
    }
    return release.map(r -> report.lastRun().map(run -> r.equals(run.progress().release())).orElse(false)
        || report.plan().isUpToDate()).orElse(true);
  }
}
