package io.setuprunner.state;

/** Where a run in the history stands. */
public enum RunStatus {
  /** Holding the lock and executing, or died without saying so (then the lock is free). */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Found RUNNING by a later lock holder: its runner died mid-run. */
  INTERRUPTED
}
