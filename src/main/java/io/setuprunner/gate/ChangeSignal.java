package io.setuprunner.gate;

import java.time.Duration;

/** Tells a waiting reader that the runs' state may have changed: a ZooKeeper watch, or a poll interval. */
public interface ChangeSignal extends AutoCloseable {
  /** Starts listening for the next change; {@link Armed#await} returns when it comes or the time is up. */
  Armed arm();

  /** One armed listen. */
  interface Armed {
    void await(Duration atMost) throws InterruptedException;
  }

  @Override
  default void close() {}

  /** Without ZooKeeper: no events, only the poll interval. */
  static ChangeSignal polling(Duration interval) {
    // At least 50 ms: a zero interval must not turn waiting into a busy loop on the database.
    return () -> atMost -> Thread.sleep(Math.max(1, Math.min(atMost.toMillis(), Math.max(50, interval.toMillis()))));
  }
}
