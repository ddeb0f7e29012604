package io.setuprunner.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Polling helpers the gating tests share with the fault tests. */
public final class Await {
  private Await() {}

  /** Repeats {@code command} until it exits {@code code}; fails with the last output after {@code timeout}. */
  public static CliRun exit(Supplier<CliRun> command, int code, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    CliRun last;
    do {
      last = command.get();
      if (last.exitCode() == code) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("never exited " + code + "; last:\n" + last.output());
  }
}
