package io.setuprunner.lock;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.state.Fence;
import io.setuprunner.state.RunProgress;
import java.time.Duration;
import java.util.List;

/**
 * What work under the lock is handed: the held lease, this run's identity and fencing token, and the
 * state the template settled on taking over (dead runs closed, their unsettled changesets).
 *
 * @param run this run, started the moment the lock was taken
 * @param interruptedRunsClosed how many RUNNING rows of dead runners were marked INTERRUPTED
 * @param unsettled interrupted runs that died inside a changeset not settled yet, oldest first
 * @param waited how long the lock took to get
 */
public record LockSession(DeployLock lock, Lease lease, Fence fence, RunProgress run, long token,
    int interruptedRunsClosed, List<RunProgress> unsettled, Duration waited) {

  public LockSession {
    unsettled = List.copyOf(unsettled);
  }

  /**
   * Throws unless this run still holds the lock and the database still accepts its token: called before
   * every write that must not happen after a successor took over.
   *
   * @param next what would be done, for the message
   */
  public void requireHeld(String next) {
    requireLease(next);
    fence.checkFence(token, next);
  }

  /**
   * Throws unless this run still holds the lock; for a write that checks the fence in its own transaction
   * (a fenced state write), so that the check costs no round trip of its own.
   *
   * @param next what would be done, for the message
   */
  public void requireLease(String next) {
    if (!lease.isHeld()) {
      throw new SetupRunnerException(ErrorKind.LOCK_LOST, "Lost the upgrade lock (" + lock.describe()
          + ") before " + next + "; stopped without doing it, because another runner may now hold the"
          + " lock. Run the upgrade again: it resumes where this run stopped.");
    }
  }

  /**
   * {@code failure} as this run should report it: a run that no longer holds the lock failed because another
   * runner took over (and ended its connections), not because of what it was running.
   */
  public RuntimeException explain(RuntimeException failure) {
    if (failure instanceof SetupRunnerException s && s.kind() == ErrorKind.LOCK_LOST || lease.isHeld()) {
      return failure;
    }
    return new SetupRunnerException(ErrorKind.LOCK_LOST, "Lost the upgrade lock (" + lock.describe() + ") while"
        + " running; another runner may have taken over and ended this run's database connections ("
        + failure.getMessage() + "). This run stopped and records nothing more. Check the other run with"
        + " setup-runner status; run the upgrade again if it is still needed.", failure);
  }

  /** Makes this run's progress readable to others (the ZooKeeper in-progress node). */
  public void publish(RunProgress progress) {
    lease.publish(progress);
  }
}
