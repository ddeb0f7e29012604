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

/**
 * A holder stalls (SIGSTOP) longer than its session, a second runner takes the lock and finishes,
 * then the first wakes up (SIGCONT): the fence stops it before it records or executes anything more.
 */
@ExtendWith(MariaDbExtension.class)
class StalledHolderIT {
  @TempDir Path dir;

  @Test
  void aWokenHolderExecutesNothingMoreAndExitsLockLost(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = NativeModule.write(dir);
      List<String> args = NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
          "--zookeeper-session-timeout", "2s", "--lock-timeout", "60s");
      RunnerProcess stalled = NativeModule.start(dir.resolve("logs"), "stalled", NativeModule.pausing("1500ms"), args);
      NativeModule.awaitChangeset(db, stalled, NativeModule.CHANGESETS.get(1), Duration.ofSeconds(60));
      Thread.sleep(300); // n-2 is applied; its record waits behind the pause
      signal("STOP", stalled.pid());
      try {
        Thread.sleep(5000); // longer than the session: ZooKeeper frees the lock

        RunnerProcess taker = NativeModule.start(dir.resolve("logs"), "taker", Map.of(), args);
        assertEquals(0, taker.waitFor(Duration.ofMinutes(1)), taker.output());
        assertTrue(taker.stdout().contains("Interrupted changeset settled: " + NativeModule.CHANGESETS.get(1)
            + ": applied."), taker.output());
      } finally {
        signal("CONT", stalled.pid());
      }
      assertEquals(76, stalled.waitFor(Duration.ofSeconds(30)), stalled.output());
      assertTrue(stalled.stderr().contains("Lost the upgrade lock") || stalled.stderr().contains("taken over"),
          stalled.output());

      NativeModule.assertCompleteExactlyOnce(db);
      // The detector: the stalled run's history rows all come before the taker's first one, so the
      // two were never inside the critical section together.
      List<String> deployments = db.column("SELECT deployment_id FROM setup_runner_changelog ORDER BY orderexecuted");
      assertEquals(deployments.stream().distinct().count(), countRuns(deployments), "history interleaved: " + deployments);
      assertEquals(List.of("INTERRUPTED", "SUCCEEDED"), db.column("SELECT status FROM setup_runner_run ORDER BY id"));
    }
  }

  private static long countRuns(List<String> deployments) {
    long runs = 0;
    for (int i = 0; i < deployments.size(); i++) {
      if (i == 0 || !deployments.get(i).equals(deployments.get(i - 1))) {
        runs++;
      }
    }
    return runs;
  }

  static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor());
  }
}
