package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ZooKeeper going away: unreachable at start, stopped mid-run, and its leader killed mid-run. */
@ExtendWith(MariaDbExtension.class)
class ZooKeeperFaultsIT {
  @TempDir Path dir;

  @Test
  void unreachableAtStartIsAClearErrorAndNothingRuns(TestDatabase db) throws Exception {
    AppFixture app = NativeModule.write(dir);
    List<String> command = new ArrayList<>(List.of("upgrade"));
    command.addAll(NativeModule.args(db, app.root(), "--zookeeper-connect", "127.0.0.1:1",
        "--zookeeper-connection-timeout", "2s"));
    long start = System.nanoTime();
    CliRun result = CliRun.run(command.toArray(String[]::new));
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    assertEquals(69, result.exitCode(), result.output());
    assertTrue(result.err().contains("Cannot reach ZooKeeper at 127.0.0.1:1 within 2s"), result.output());
    assertTrue(seconds < 10, "gave up within the connection timeout, took " + seconds + "s");
    assertEquals(List.of(), db.tables(), "nothing executed or recorded");
  }

  @Test
  void stoppedMidRunStopsBeforeTheNextChangesetAndALaterRunCompletes(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = NativeModule.write(dir);
      List<String> args = NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
          "--zookeeper-session-timeout", "3s", "--zookeeper-connection-timeout", "3s", "--lock-timeout", "30s");
      RunnerProcess runner = NativeModule.start(dir.resolve("logs"), "zk-stopped", NativeModule.pausing("700ms"), args);
      NativeModule.awaitChangeset(db, runner, NativeModule.CHANGESETS.get(1), Duration.ofSeconds(60));
      zk.stop();
      assertEquals(76, runner.waitFor(Duration.ofSeconds(30)), runner.output());
      assertTrue(runner.stderr().contains("Lost the upgrade lock"), runner.output());
      assertTrue(db.count("SELECT COUNT(*) FROM setup_runner_changelog") <= 2, "stopped before n-3");

      zk.restart();
      RunnerProcess later = NativeModule.start(dir.resolve("logs"), "zk-later", Map.of(), args);
      assertEquals(0, later.waitFor(Duration.ofMinutes(1)), later.output());
      NativeModule.assertCompleteExactlyOnce(db);
    }
  }

  @Test
  void leaderKilledMidRunEndsSafelyAndALaterRunCompletes(TestDatabase db) throws Exception {
    try (TestingCluster cluster = new TestingCluster(threeServers())) {
      cluster.start();
      AppFixture app = NativeModule.write(dir);
      List<String> args = NativeModule.args(db, app.root(), "--zookeeper-connect", cluster.getConnectString(),
          "--zookeeper-session-timeout", "6s", "--zookeeper-connection-timeout", "10s", "--lock-timeout", "60s");
      RunnerProcess runner = NativeModule.start(dir.resolve("logs"), "failover", NativeModule.pausing("500ms"), args);
      NativeModule.awaitChangeset(db, runner, NativeModule.CHANGESETS.get(1), Duration.ofSeconds(60));
      InstanceSpec leader = leader(cluster);
      assertTrue(cluster.killServer(leader), "killed the leader " + leader);

      int code = runner.waitFor(Duration.ofMinutes(1));
      assertTrue(code == 0 || code == 76, "the run either continues or stops safely, exit " + code + "\n"
          + runner.output());
      RunnerProcess later = NativeModule.start(dir.resolve("logs"), "after-failover", Map.of(), args);
      assertEquals(0, later.waitFor(Duration.ofMinutes(1)), later.output());
      NativeModule.assertCompleteExactlyOnce(db);
    }
  }

  /**
   * Three servers with nine distinct ports. TestingCluster(3) picks each port by opening and closing a socket
   * on its own, so two servers can be handed the same port and the cluster fails to build; holding every
   * socket open until all nine are chosen rules that out.
   */
  private List<InstanceSpec> threeServers() throws Exception {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 9; i++) {
        sockets.add(new ServerSocket(0));
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
    List<InstanceSpec> specs = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      File data = Files.createDirectories(dir.resolve("zk-" + id)).toFile();
      int base = (id - 1) * 3;
      specs.add(new InstanceSpec(data, sockets.get(base).getLocalPort(), sockets.get(base + 1).getLocalPort(),
          sockets.get(base + 2).getLocalPort(), false, id));
    }
    return specs;
  }

  /** Asks each server with the "srvr" four-letter word which of them leads. */
  private static InstanceSpec leader(TestingCluster cluster) throws Exception {
    for (InstanceSpec spec : cluster.getInstances()) {
      try (Socket socket = new Socket("127.0.0.1", spec.getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write("srvr".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.equals("Mode: leader")) {
            return spec;
          }
        }
      }
    }
    throw new AssertionError("no leader in " + cluster.getConnectString());
  }
}
