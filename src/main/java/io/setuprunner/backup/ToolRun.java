package io.setuprunner.backup;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Redaction;
import io.setuprunner.core.SetupRunnerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One run of a dump or client tool: its data streamed through {@link Pump}, its error output kept (the last
 * part, which says what went wrong), and a progress line every few seconds so a deploy log shows it is alive.
 */
final class ToolRun {
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  private static final int KEPT_ERROR_BYTES = 16 * 1024;

  /** Moves the data between the tool and a file, counting the bytes moved in {@code moved}. */
  @FunctionalInterface
  interface Pump {
    void run(Process process, AtomicLong moved) throws IOException;
  }

  /** How the tool ended: its exit status, what it wrote to stderr, and how many bytes the pump moved. */
  record Result(int exitCode, String errors, long moved) {}

  private ToolRun() {}

  /**
   * @param label what is running, for the progress line ({@code Backup 20261122-101500})
   * @param verb what the count means ({@code dumped}, {@code loaded})
   * @param total the bytes expected, for "X of Y MB"; 0 when unknown
   */
  static Result run(List<String> command, String label, String verb, long total, Consumer<String> progress,
      Pump pump) throws IOException {
    Process process = withoutSecrets(new ProcessBuilder(command)).start();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Thread errorReader = daemon("setup-runner-tool-stderr", () -> keepTail(process.getErrorStream(), errors));
    AtomicLong moved = new AtomicLong();
    long start = System.nanoTime();
    Thread ticker = daemon("setup-runner-tool-progress", () -> tick(label, verb, total, moved, start, progress));
    try {
      pump.run(process, moved);
      // No time limit: a client may work long after its last input (indexes of a large table); the progress
      // line keeps saying it is alive.
      process.waitFor();
      errorReader.join(TimeUnit.SECONDS.toMillis(10));
      synchronized (errors) {
        return new Result(process.exitValue(), errors.toString(StandardCharsets.UTF_8).trim(), moved.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupRunnerException(ErrorKind.STOPPED, label + " was stopped", e);
    } finally {
      ticker.interrupt();
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * {@code builder} without the runner's password in the tool's environment: the tool logs in through its
   * option file ({@link ToolLogin}), and a wrapper script or crash report of the tool's could show its
   * environment. As for {@code cache.command}.
   */
  static ProcessBuilder withoutSecrets(ProcessBuilder builder) {
    builder.environment().remove("SETUP_RUNNER_DB_PASSWORD");
    builder.environment().computeIfPresent("SETUP_RUNNER_DB_URL", (name, url) -> Redaction.redact(url));
    return builder;
  }

  /** Megabytes (kilobytes below 0.1 MB) with one decimal, as the progress and summary lines show sizes. */
  static String megabytes(long bytes) {
    return bytes < 100_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1_000.0)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }

  private static void tick(String label, String verb, long total, AtomicLong moved, long start,
      Consumer<String> progress) {
    try {
      while (true) {
        Thread.sleep(PROGRESS_EVERY.toMillis());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        progress.accept(label + ": " + megabytes(moved.get()) + (total > 0 ? " of " + megabytes(total) : "") + " "
            + verb + " after " + seconds + " s");
      }
    } catch (InterruptedException e) {
      // done
    }
  }

  private static void keepTail(InputStream in, ByteArrayOutputStream kept) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (kept) {
          if (kept.size() + n > KEPT_ERROR_BYTES) {
            byte[] all = kept.toByteArray();
            kept.reset();
            int keep = Math.max(0, KEPT_ERROR_BYTES / 2 - n);
            kept.write(all, Math.max(0, all.length - keep), Math.min(keep, all.length));
          }
          kept.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the tool is gone; what it said so far is kept
    }
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
