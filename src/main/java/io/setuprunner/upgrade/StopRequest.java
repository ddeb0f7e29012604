package io.setuprunner.upgrade;

/**
 * Set when the process is asked to stop (SIGTERM): the run finishes the changeset under way, records
 * itself as interrupted, releases the lock and ends, rather than starting another changeset.
 */
public final class StopRequest {
  private volatile boolean requested;

  public void request() {
    requested = true;
  }

  public boolean isRequested() {
    return requested;
  }
}
