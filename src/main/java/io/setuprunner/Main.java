package io.setuprunner;

import io.setuprunner.cli.Cli;
import io.setuprunner.core.StopRequest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Entry point of {@code setup-runner}; the only place that calls {@link System#exit}. */
public final class Main {
  /** How long SIGTERM waits for the changeset under way before the lock is given up regardless. */
  private static final long STOP_GRACE_SECONDS = 25;

  private Main() {}

  public static void main(String... args) {
    StopRequest stop = new StopRequest();
    CountDownLatch finished = new CountDownLatch(1);
    Cli cli = new Cli(System.out, System.err, System.getenv(), stop);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (finished.getCount() == 0) {
        return; // an ordinary exit: the command is done
      }
      // SIGTERM (a deploy tool's timeout): let the changeset under way finish, then the run records
      // itself as interrupted and releases the lock on its own thread.
      stop.request();
      try {
        if (!finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
          cli.abandonLock();
        }
      } catch (InterruptedException e) {
        cli.abandonLock();
      }
    }, "setup-runner-stop"));
    int code = cli.run(args);
    finished.countDown();
    System.exit(code);
  }
}
