package io.setuprunner.cache;

import io.setuprunner.core.Redaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the configured {@code cache.command} with {@code sh -c} in the application root, after the cache is written. */
public final class CacheCommand {
  private static final int MAX_OUTPUT = 4000;

  /** How the command ended: exit code, and the tail of what it printed. */
  public record Result(String command, int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  public Result run(String command, Path root) {
    try {
      ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(root.toFile())
          .redirectErrorStream(true);
      // The command flushes caches; it has no business with the database password, and its output is printed.
      builder.environment().remove("SETUP_RUNNER_DB_PASSWORD");
      builder.environment().computeIfPresent("SETUP_RUNNER_DB_URL", (name, url) -> Redaction.redact(url));
      Process process = builder.start();
      process.getOutputStream().close();
      // Reading to the end of its output is waiting for it: the command's own limits apply.
      byte[] output = process.getInputStream().readAllBytes();
      process.waitFor();
      String text = Redaction.redact(new String(output, StandardCharsets.UTF_8).strip());
      return new Result(command, process.exitValue(),
          text.length() <= MAX_OUTPUT ? text : "..." + text.substring(text.length() - MAX_OUTPUT));
    } catch (IOException e) {
      return new Result(command, -1, "could not start: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(command, -1, "interrupted");
    }
  }
}
