package io.setuprunner.lock;

import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The one way to work under the deploy lock: acquire, move the fence to this run's token, close the runs
 * of runners that died, hand the body the settled state, and always release. Every command that writes
 * under the lock goes through {@link #runExclusively}; none opens a lease by hand.
 */
public final class ExclusiveLock {
  /**
   * How long a waiter waits for the lock at a time before it looks whether the work is done: a waiter
   * whose work was done exits at most this long after the holder finished.
   */
  private static final Duration RECHECK = Duration.ofMillis(250);

  private final DeployLock lock;
  private final StateStores state;
  private final Clock clock;

  public ExclusiveLock(DeployLock lock, StateStores state, Clock clock) {
    this.lock = lock;
    this.state = state;
    this.clock = clock;
  }

  /** Which backend this is, for messages. */
  public String describe() {
    return lock.describe();
  }

  /** The run executing under the lock now, as the lock's side knows it. */
  public Optional<RunProgress> runInProgress() {
    return lock.runInProgress();
  }

  /**
   * Runs {@code body} while holding the lock.
   *
   * @param who the run asking; its start time is when it asked
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code LOCK_TIMEOUT} when the lock stays taken,
   *     {@code LOCK_LOST} when a newer token is already in the fence, {@code UNAVAILABLE} when unreachable
   */
  public <T> T runExclusively(RunProgress who, Duration timeout, Function<LockSession, T> body) {
    try (Lease lease = lock.acquire(who, timeout)) {
      return run(who, lease, body);
    }
  }

  /**
   * Runs {@code body} while holding the lock, unless the work was done meanwhile: {@code needed} is asked
   * once the lock is held, before anything is written, and while waiting whenever no run is in progress
   * (at least every {@link #RECHECK}). When it says no, the result is empty and nothing was written.
   * Twenty nodes deploying at once all wait for the first; then each sees the work done and exits, instead
   * of taking the lock in turn (docs/performance.md).
   */
  public <T> Optional<T> runExclusivelyIfNeeded(RunProgress who, Duration timeout, BooleanSupplier needed,
      Function<LockSession, T> body) {
    long deadline = System.nanoTime() + timeout.toNanos(); // elapsed time, whatever the clock says
    while (true) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Optional<Lease> lease = lock.tryAcquire(who, left.compareTo(RECHECK) < 0 ? left : RECHECK);
      if (lease.isPresent()) {
        try (Lease held = lease.get()) {
          return needed.getAsBoolean() ? Optional.ofNullable(run(who, held, body)) : Optional.empty();
        }
      }
      if (lock.runInProgress().isEmpty() && !needed.getAsBoolean()) {
        return Optional.empty();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw DeployLock.timedOut(timeout, lock.describe(), lock.runInProgress().map(RunProgress::describe)
            .orElse("another runner that has not started its run yet"));
      }
    }
  }

  private <T> T run(RunProgress who, Lease lease, Function<LockSession, T> body) {
    Instant now = clock.instant();
    RunProgress run = new RunProgress(who.runId(), who.host(), who.pid(), who.release(), now, null, null, null);
    long token = state.fence().takeOver(lease.fencingToken(), run.runId(), now);
    int closed = state.runs().markOtherRunsInterrupted(run.runId(), now, token);
    List<RunProgress> unsettled = state.runs().unresolvedInterruptions();
    return body.apply(new LockSession(lock, lease, state.fence(), run, token, closed, unsettled,
        Duration.between(who.startedAt(), now)));
  }

}
