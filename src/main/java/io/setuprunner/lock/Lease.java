package io.setuprunner.lock;

import io.setuprunner.state.RunProgress;

/** A held {@link DeployLock}; closing it releases the lock. */
public interface Lease extends AutoCloseable {
  /** False once the lock may have passed to someone else (lost connection or session): stop executing. */
  boolean isHeld();

  /** Makes the run's progress readable to others, where the backend has a place for it. */
  void publish(RunProgress progress);

  @Override
  void close();
}
