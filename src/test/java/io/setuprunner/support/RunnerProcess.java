package io.setuprunner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A runner in its own JVM, started from the packaged jar exactly as shell/setup-runner starts it. */
public final class RunnerProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private RunnerProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("setupRunner.jar", "target/setup-runner.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: integration tests run after `mvn package` (use mvn verify)");
    }
    return jar;
  }

  public static RunnerProcess start(Path logs, String name, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", jar().toString(), "io.setuprunner.Main"));
    command.addAll(List.of(args));
    return start(logs, name, environment, command);
  }

  /**
   * Starts the runner through {@code shell/setup-runner}, with the launcher's JVM options and class data
   * sharing as a node runs it; the archive lives in {@code cdsDir}. The launcher execs the JVM, so
   * {@link #pid()} is the runner's.
   */
  public static RunnerProcess launch(Path logs, String name, Path cdsDir, Map<String, String> environment,
      String... args) {
    List<String> command = new ArrayList<>(List.of(AppFixture.projectDir().resolve("shell/setup-runner").toString()));
    command.addAll(List.of(args));
    Map<String, String> launcher = new java.util.HashMap<>(environment);
    launcher.put("SETUP_RUNNER_JAR", jar().toString());
    launcher.put("SETUP_RUNNER_CDS_DIR", cdsDir.toString());
    launcher.put("JAVA_HOME", System.getProperty("java.home"));
    return start(logs, name, launcher, command);
  }

  private static RunnerProcess start(Path logs, String name, Map<String, String> environment, List<String> command) {
    try {
      Files.createDirectories(logs);
      Path out = logs.resolve(name + ".out");
      Path err = logs.resolve(name + ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("SETUP_RUNNER_"));
      builder.environment().putAll(environment);
      return new RunnerProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit code; fails the test if the process outlives {@code timeout}. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("runner did not exit within " + timeout + "\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** kill -9: no shutdown hook, no finally block, no goodbye to ZooKeeper or the database. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String stdout() {
    return read(out);
  }

  public String stderr() {
    return read(err);
  }

  public String output() {
    return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
