package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The runner's database connection killed under it, and the runner asked to stop with SIGTERM. */
@ExtendWith(MariaDbExtension.class)
class ProcessFaultsIT {
  @TempDir Path dir;

  @Test
  void killedDatabaseConnectionNamesTheChangesetReleasesTheLockAndTheNextRunResumes(TestDatabase db)
      throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Slow", "1.0.0").changelog("Acme_Slow", "1.0.0",
        AppFixture.createTable("slow-1", "slow_one"), AppFixture.sql("slow-2", "SELECT SLEEP(20)"),
        AppFixture.createTable("slow-3", "slow_three"));
    List<String> args = NativeModule.args(db, app.root(), "--lock-timeout", "30s");
    RunnerProcess runner = NativeModule.start(dir.resolve("logs"), "killed-connection", Map.of(), args);
    NativeModule.awaitChangeset(db, runner, "Acme_Slow/1.0.0.xml::slow-2::test", Duration.ofSeconds(60));
    String connection = awaitSleepingConnection(db);
    db.execute("KILL CONNECTION " + connection);

    assertEquals(4, runner.waitFor(Duration.ofSeconds(60)), runner.output());
    assertTrue(runner.stderr().contains("Changeset Acme_Slow/1.0.0.xml::slow-2::test of module Acme_Slow 1.0.0 failed"),
        runner.output());
    assertEquals("1", db.column("SELECT IS_FREE_LOCK('setup_runner." + db.name() + "')").get(0), "lock released");

    app.changelog("Acme_Slow", "1.0.0", AppFixture.createTable("slow-1", "slow_one"),
        AppFixture.sql("slow-2", "SELECT 1"), AppFixture.createTable("slow-3", "slow_three"));
    RunnerProcess next = NativeModule.start(dir.resolve("logs"), "after-kill", Map.of(), args);
    assertEquals(0, next.waitFor(Duration.ofMinutes(1)), next.output());
    assertTrue(db.tables().contains("slow_three"));
  }

  @Test
  void sigtermFinishesTheChangesetRecordsTheRunAndReleasesTheLockAtOnce(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = NativeModule.write(dir);
      // A long session: only an orderly release lets the next run in quickly.
      List<String> args = NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
          "--zookeeper-session-timeout", "60s", "--lock-timeout", "20s");
      RunnerProcess runner = NativeModule.start(dir.resolve("logs"), "sigterm", NativeModule.pausing("1s"), args);
      NativeModule.awaitChangeset(db, runner, NativeModule.CHANGESETS.get(1), Duration.ofSeconds(60));
      StalledHolderIT.signal("TERM", runner.pid());

      assertEquals(143, runner.waitFor(Duration.ofSeconds(30)), runner.output());
      assertTrue(runner.stderr().contains("Stopped on request (SIGTERM) before changeset "
          + NativeModule.CHANGESETS.get(2)), runner.output());
      assertEquals(List.of("INTERRUPTED"), db.column("SELECT status FROM setup_runner_run"));
      assertEquals(2, db.count("SELECT COUNT(*) FROM setup_runner_changelog"), "the changeset under way finished");

      long start = System.nanoTime();
      RunnerProcess next = NativeModule.start(dir.resolve("logs"), "after-sigterm", Map.of(), args);
      assertEquals(0, next.waitFor(Duration.ofMinutes(1)), next.output());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "the lock was free at once");
      NativeModule.assertCompleteExactlyOnce(db);
    }
  }

  private static String awaitSleepingConnection(TestDatabase db) throws Exception {
    for (int i = 0; i < 200; i++) {
      List<String> ids = db.column("SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP(20)%'");
      if (!ids.isEmpty()) {
        return ids.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the slow changeset never started");
  }
}
