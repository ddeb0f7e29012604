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
  /** How long a taken-over run's connections get to end once killed: a large transaction rolls back first. */
  private static final Duration CONNECTIONS_ENDING = Duration.ofSeconds(10);

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
   * Runs {@code body} while holding the lock, unless {@code needed}, asked once the lock is held and before
   * anything is written, says the work was done meanwhile: then the result is empty, and the lock passes on
   * without a write. Twenty nodes deploying at once queue for the lock; all but the first find the work done
   * and hand it on at once (docs/performance.md).
   */
  public <T> Optional<T> runExclusivelyIfNeeded(RunProgress who, Duration timeout, BooleanSupplier needed,
      Function<LockSession, T> body) {
    try (Lease lease = lock.acquire(who, timeout)) {
      return needed.getAsBoolean() ? Optional.ofNullable(run(who, lease, body)) : Optional.empty();
    }
  }

  private <T> T run(RunProgress who, Lease lease, Function<LockSession, T> body) {
    // First the fence at the server: the connections a run still marked RUNNING ran changesets on are ended, so
    // that no transaction a stalled or cut-off holder left open can commit, and none holds locks this run needs.
    state.server().end(state.connections().ofRunningRuns(), CONNECTIONS_ENDING);
    Instant now = clock.instant();
    RunProgress run = new RunProgress(who.runId(), who.host(), who.pid(), who.release(), now, null, null, null);
    long token = state.fence().takeOver(lease.fencingToken(), run.runId(), now);
    int closed = state.runs().markOtherRunsInterrupted(run.runId(), now, token);
    List<RunProgress> unsettled = state.runs().unresolvedInterruptions();
    return body.apply(new LockSession(lock, lease, state.fence(), run, token, closed, unsettled,
        Duration.between(who.startedAt(), now)));
  }

}
