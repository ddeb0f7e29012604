package io.setuprunner.lock;

import io.setuprunner.state.RunProgress;
import java.util.OptionalLong;

/** A held {@link DeployLock}; closing it releases the lock. */
public interface Lease extends AutoCloseable {
  /** False once the lock may have passed to someone else (lost connection or session): stop executing. */
  boolean isHeld();

  /**
   * A number that grows with every acquisition of this lock, for fencing; empty when the lock has no
   * counter of its own (the database lock, whose fence row is then the counter).
   */
  OptionalLong fencingToken();

  /** Makes the run's progress readable to others, where the backend has a place for it. */
  void publish(RunProgress progress);

  @Override
  void close();
}
