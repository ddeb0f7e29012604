package io.setuprunner.lock;

import io.setuprunner.config.Durations;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.state.RunProgress;
import java.time.Duration;
import java.util.Optional;

/** The one lock every runner of an application takes before it executes anything. */
public interface DeployLock {
  /**
   * Waits up to {@code timeout} for the lock.
   *
   * @param who the run asking, recorded where other runners and {@code status} can read it
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code LOCK_TIMEOUT}, naming the holder,
   *     when the lock stays taken; of kind {@code UNAVAILABLE} when the lock service cannot be reached
   */
  Lease acquire(RunProgress who, Duration timeout);

  /** The run currently executing under this lock, as the lock's side knows it; empty when none. */
  Optional<RunProgress> runInProgress();

  /** Which backend this is, for messages: {@code ZooKeeper (…)} or {@code database GET_LOCK}. */
  String describe();

  /** The one wording of "the lock stayed taken", whichever backend timed out. */
  static SetupRunnerException timedOut(Duration waited, String lock, String holder) {
    return new SetupRunnerException(ErrorKind.LOCK_TIMEOUT, "Timed out after " + Durations.format(waited)
        + " waiting for the upgrade lock (" + lock + "); it is held by " + holder + ". Wait for that run to finish"
        + " (setup-runner status shows its progress) or raise --lock-timeout.");
  }
}
