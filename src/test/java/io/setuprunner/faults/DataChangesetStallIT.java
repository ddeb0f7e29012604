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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A runner frozen (SIGSTOP) inside a data changeset, past its lease: the runner that takes over ends its
 * connection, which rolls its open transaction back, finds the changeset unrecorded and so not applied, and
 * finishes with exit 0 and no person. Woken (SIGCONT), the first runner executes and writes nothing more and exits
 * 76; every audit row is there exactly once. With the database's lock, the frozen holder loses GET_LOCK one lease
 * after it stopped answering, and the waiting runner takes over then, not at lock.timeout.
 */
@ExtendWith(MariaDbExtension.class)
class DataChangesetStallIT {
  private static final String DATA_CHANGESET = AuditModule.CHANGESETS.get(3); // a-4: two inserts, raw SQL
  private static final long LEASE_SECONDS = 3;

  @TempDir Path dir;

  @ParameterizedTest(name = "lock: {0}")
  @ValueSource(strings = {"database", "zookeeper"})
  void theRunnerThatTakesOverFinishesWithNoPersonAndTheWokenOneWritesNothing(String backend, TestDatabase db)
      throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AuditModule.write(dir);
      List<String> args = backend.equals("zookeeper")
          ? NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
              "--zookeeper-session-timeout", LEASE_SECONDS + "s", "--lock-timeout", "60s")
          : NativeModule.args(db, app.root(), "--lock-lease", LEASE_SECONDS + "s", "--lock-timeout", "60s");
      RunnerProcess frozen = NativeModule.start(dir.resolve("logs"), backend + "-frozen",
          NativeModule.pausing("2s"), args);
      NativeModule.awaitChangeset(db, frozen, DATA_CHANGESET, Duration.ofSeconds(60));
      Thread.sleep(500); // a-4's inserts ran; its transaction is open, waiting behind the pause
      StalledHolderIT.signal("STOP", frozen.pid());
      try {
        long started = System.nanoTime();
        RunnerProcess taker = NativeModule.start(dir.resolve("logs"), backend + "-taker", Map.of(), args);
        assertEquals(0, taker.waitFor(Duration.ofMinutes(1)), taker.output());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(taker.stdout().contains("Interrupted changeset settled: " + DATA_CHANGESET + ": not applied."),
            taker.output());
        // The handover: within the lease (plus the takeover's own run and a JVM start), not at lock.timeout.
        assertTrue(took.compareTo(Duration.ofSeconds(LEASE_SECONDS + 15)) < 0, "took over after " + took);
        System.out.println(backend + ": the runner that took over finished " + took.toMillis() + " ms after it"
            + " started, the frozen holder's lease being " + LEASE_SECONDS + " s");
      } finally {
        StalledHolderIT.signal("CONT", frozen.pid());
      }
      assertEquals(76, frozen.waitFor(Duration.ofSeconds(30)), frozen.output());

      AuditModule.assertCompleteExactlyOnce(db);
      assertEquals(List.of("INTERRUPTED", "SUCCEEDED"), db.column("SELECT status FROM setup_runner_run ORDER BY id"));
      assertEquals(List.of("VERIFIED_NOT_APPLIED"), db.column("SELECT outcome FROM setup_runner_resolution"),
          "settled without a person");
    }
  }
}
