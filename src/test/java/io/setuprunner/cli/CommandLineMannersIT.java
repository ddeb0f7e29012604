package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a person meets it, in real processes: one line per failure without {@code -v}, our
 * own debug lines with it, and failures that come at once or within the configured time.
 */
@ExtendWith(MariaDbExtension.class)
class CommandLineMannersIT {
  @TempDir Path dir;

  private RunnerProcess start(String name, Map<String, String> env, String... args) {
    return RunnerProcess.start(dir.resolve("logs"), name, env, args);
  }

  private static void assertOneLine(RunnerProcess run) {
    List<String> lines = run.stderr().lines().toList();
    assertEquals(1, lines.size(), "one line, no log lines or stack traces:\n" + run.output());
    assertTrue(lines.get(0).startsWith("setup-runner: "), run.output());
  }

  @Test
  void mistypedZooKeeperHostFailsAtOnceWithOneLine(TestDatabase db) {
    Path root = AppFixture.sample(dir.resolve("app")).root();
    long start = System.nanoTime();
    RunnerProcess run = start("zk-typo", db.environment(), "status", "--root", root.toString(), "--zookeeper-connect", "zk-typo.invalid:2181");

    assertEquals(69, run.waitFor(Duration.ofSeconds(60)));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(seconds < 10, "the default connection timeout is 15s; took " + seconds + "s");
    assertOneLine(run);
    assertTrue(run.stderr().contains("Cannot resolve the ZooKeeper host 'zk-typo.invalid'"), run.output());
  }

  @Test
  void unreachableDatabaseFailsAfterTheConnectTimeout() throws Exception {
    Path root = AppFixture.sample(dir.resolve("app")).root();
    // A listener whose accept queue is full and never drained: the kernel drops further connection
    // attempts, as an unreachable host's would be.
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      List<SocketChannel> fillers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        SocketChannel filler = SocketChannel.open();
        filler.configureBlocking(false);
        filler.connect(new InetSocketAddress(silent.getInetAddress(), silent.getLocalPort()));
        fillers.add(filler);
      }
      long start = System.nanoTime();
      RunnerProcess run = start("db-unreachable", Map.of(), "status", "--root", root.toString(),
          "--db-url", "jdbc:mysql://127.0.0.1:" + silent.getLocalPort() + "/shop", "--db-connect-timeout", "2s");

      assertEquals(69, run.waitFor(Duration.ofSeconds(60)), run.output());
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(seconds < 12, "db.connect-timeout is 2s; took " + seconds + "s\n" + run.output());
      assertOneLine(run);
      assertTrue(run.stderr().contains("(Connect timed out)") && run.stderr().contains("db.connect-timeout is 2s"),
          run.output());
      for (SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void settingsAreCheckedBeforeAnythingConnects() {
    Path root = AppFixture.sample(dir.resolve("app")).root();
    RunnerProcess release = start("long-release", Map.of(), "upgrade", "--root", root.toString(),
        "--db-url", "jdbc:mysql://127.0.0.1:1/shop", "--release", "r".repeat(300));
    RunnerProcess namespace = start("bad-namespace", Map.of("SETUP_RUNNER_ZOOKEEPER_NAMESPACE", "shop//x"),
        "upgrade", "--root", root.toString(), "--db-url", "jdbc:mysql://127.0.0.1:1/shop",
        "--zookeeper-connect", "127.0.0.1:1");

    assertEquals(78, release.waitFor(Duration.ofSeconds(30)), release.output());
    assertOneLine(release);
    assertTrue(release.stderr().contains("release from --release is 300 characters long"), release.output());
    assertEquals(78, namespace.waitFor(Duration.ofSeconds(30)), namespace.output());
    assertOneLine(namespace);
    assertTrue(namespace.stderr().contains("SETUP_RUNNER_ZOOKEEPER_NAMESPACE"), namespace.output());
  }

  @Test
  void verboseShowsSetupRunnersOwnDebugLines(TestDatabase db) {
    Path root = AppFixture.sample(dir.resolve("app")).root();
    RunnerProcess run = start("verbose", db.environment(), "-v", "upgrade", "--root", root.toString());

    assertEquals(0, run.waitFor(Duration.ofSeconds(90)), run.output());
    assertTrue(run.stderr().contains("DEBUG i.s.w.DatabasePool - Connecting to " + db.url()), run.output());
    assertTrue(run.stderr().contains("DEBUG i.s.u.UpgradeRunner - Plan: 13 module versions pending"), run.output());
  }

  @Test
  void quietRunPrintsNoLogLines(TestDatabase db) {
    Path root = AppFixture.sample(dir.resolve("app")).root();
    RunnerProcess run = start("quiet", db.environment(), "upgrade", "--root", root.toString());

    assertEquals(0, run.waitFor(Duration.ofSeconds(90)), run.output());
    assertFalse(run.stderr().matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +(INFO|WARN|ERROR|DEBUG).*"), run.output());
  }

  @Test
  void versionWorksThroughTheHookScript() throws Exception {
    Path hook = AppFixture.projectDir().resolve("shell/upgrade.sh");
    ProcessBuilder builder = new ProcessBuilder(hook.toString(), "--version").redirectErrorStream(true);
    builder.environment().put("SETUP_RUNNER_JAR", RunnerProcess.jar().toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.startsWith("setup-runner "), output);
  }
}
