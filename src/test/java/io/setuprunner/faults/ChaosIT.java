package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run: round after round, a runner upgrading a module that alternates native DDL and data changesets is
 * killed (kill -9) at a random moment, then a plain {@code upgrade} runs. Every round must end with exit 0, no
 * manual step, every table present and every audit row exactly once. Rounds alternate the two lock backends.
 * {@code -Dchaos.rounds} (default 3; {@code mvn -Pchaos verify}: 20), {@code -Dchaos.seed} to repeat the moments.
 */
@ExtendWith(MariaDbExtension.class)
class ChaosIT {
  @TempDir Path dir;

  @Test
  void everyRoundOfKillsEndsCompleteWithNoPerson(TestDatabase db) throws Exception {
    int rounds = Integer.getInteger("chaos.rounds", 3);
    long seed = Long.getLong("chaos.seed", System.nanoTime());
    Random random = new Random(seed);
    Map<String, Integer> killedAt = new TreeMap<>();
    Map<String, Integer> settled = new TreeMap<>();
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AuditModule.write(dir);
      for (int round = 1; round <= rounds; round++) {
        for (String table : db.tables()) {
          db.execute("DROP TABLE `" + table + "`");
        }
        String backend = round % 2 == 0 ? "zookeeper" : "database";
        List<String> args = backend.equals("zookeeper")
            ? NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
                "--zookeeper-session-timeout", "2s", "--lock-timeout", "60s")
            : NativeModule.args(db, app.root(), "--lock-lease", "2s", "--lock-timeout", "60s");
        long delay = 300 + random.nextInt(3700);
        RunnerProcess victim = NativeModule.start(dir.resolve("logs"), "round-" + round + "-victim",
            NativeModule.pausing("150ms"), args);
        Thread.sleep(delay);
        victim.kill();
        killedAt.merge(where(db), 1, Integer::sum);

        RunnerProcess next = NativeModule.start(dir.resolve("logs"), "round-" + round + "-next", Map.of(), args);
        assertEquals(0, next.waitFor(Duration.ofMinutes(1)), "round " + round + " (seed " + seed + ", " + backend
            + ", killed after " + delay + " ms): " + next.output());
        AuditModule.assertCompleteExactlyOnce(db);
        for (String outcome : db.column("SELECT outcome FROM setup_runner_resolution")) {
          settled.merge(outcome, 1, Integer::sum);
        }
      }
    }
    System.out.println("Chaos: " + rounds + " rounds (seed " + seed + "), all exit 0 with every audit row once;"
        + " killed at " + killedAt + "; interrupted changesets settled: " + settled);
  }

  /** Where the run was when it was killed, as its run row says. */
  private static String where(TestDatabase db) throws Exception {
    try {
      List<String> at = db.column("SELECT COALESCE(changeset, 'between changesets') FROM setup_runner_run"
          + " WHERE status = 'RUNNING'");
      return at.isEmpty() ? "before or after the run"
          : at.get(0).replace("Acme_Audit/1.0.0.xml::", "").replace("::test", "");
    } catch (java.sql.SQLException e) {
      return "before the run"; // no tables yet
    }
  }
}
