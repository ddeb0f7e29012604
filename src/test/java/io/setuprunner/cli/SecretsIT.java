package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The database password never reaches output, logs or ZooKeeper, whatever happens. */
@ExtendWith(MariaDbExtension.class)
class SecretsIT {
  private static final String PASSWORD = "Tr0ub4dor-and-3";

  @TempDir Path dir;

  @Test
  void passwordStaysOutOfOutputAndZooKeeper(TestDatabase db) throws Exception {
    // What matters here is that the password given is sent to the server and shown nowhere else.
    db.allowLogin("app", PASSWORD);
    AppFixture app = AppFixture.empty(dir).module("Acme_Slow", "1.0.0").changelog("Acme_Slow", "1.0.0",
        AppFixture.sql("slow-1", "SELECT SLEEP(3)"), AppFixture.createTable("slow-2", "slow_two"));
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> env = Map.of("SETUP_RUNNER_DB_URL", db.url(), "SETUP_RUNNER_DB_USER", "app",
          "SETUP_RUNNER_DB_PASSWORD", PASSWORD, "SETUP_RUNNER_ZOOKEEPER_CONNECT", zk.getConnectString());
      RunnerProcess runner = RunnerProcess.start(dir.resolve("logs"), "verbose", env,
          "upgrade", "--verbose", "--root", app.root().toString());
      List<String> zkData = new ArrayList<>();
      try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
        client.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runner.isAlive() && System.nanoTime() < deadline) {
          collect(client, "/", zkData);
          Thread.sleep(100);
        }
      }
      assertEquals(0, runner.waitFor(Duration.ofMinutes(1)), runner.output());
      assertTrue(zkData.stream().anyMatch(d -> d.contains("slow-1")), "the in-progress node was read: " + zkData);
      zkData.forEach(d -> assertFalse(d.contains(PASSWORD), "ZooKeeper node holds the password: " + d));
      assertFalse(runner.output().contains(PASSWORD), runner.output());
      assertTrue(runner.stderr().contains("INFO"), "verbose shows Liquibase's log: " + runner.output());
    }

    CliRun wrong = CliRun.run("status", "--root", app.root().toString(),
        "--db-url", "jdbc:mysql://127.0.0.1:1/nowhere?password=" + PASSWORD, "--db-user", "app");
    assertEquals(69, wrong.exitCode(), wrong.output());
    assertFalse(wrong.output().contains(PASSWORD), wrong.output());
    assertTrue(wrong.err().contains("password=******"), wrong.output());

    Path passwordFile = dir.resolve("db-password");
    Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
    CliRun fromFile = CliRun.run("status", "--verbose", "--root", app.root().toString(), "--db-url", db.url(),
        "--db-user", "app", "--db-password-file", passwordFile.toString());
    assertEquals(0, fromFile.exitCode(), fromFile.output());
    assertFalse(fromFile.output().contains(PASSWORD), fromFile.output());
  }

  private static void collect(CuratorFramework client, String path, List<String> into) {
    try {
      byte[] data = client.getData().forPath(path);
      if (data != null) {
        into.add(path + " " + new String(data, StandardCharsets.UTF_8));
      }
      for (String child : client.getChildren().forPath(path)) {
        collect(client, path.equals("/") ? "/" + child : path + "/" + child, into);
      }
    } catch (Exception ignore) {
      // ignore: nodes come and go while the run advances
    }
  }
}
