package io.setuprunner.core;

/**
 * Set when the process is asked to stop (SIGTERM): the run finishes the changeset under way, records
 * itself as interrupted, releases the lock and ends, rather than starting another changeset.
 */
public final class StopRequest {
  private final java.util.concurrent.CountDownLatch requested = new java.util.concurrent.CountDownLatch(1);

  public void request() {
    requested.countDown();
  }

  public boolean isRequested() {
    return requested.getCount() == 0;
  }

  /** Blocks until a stop is requested: how {@code serve} runs until SIGTERM. */
  public void await() throws InterruptedException {
    requested.await();
  }
}
