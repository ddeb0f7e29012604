package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.Await;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of the runner at many points of a module of native changes: after a change but before its
 * record, between changesets, while recording a version. After every kill the next run takes over
 * with no manual step, and in the end every changeset ran exactly once.
 */
@ExtendWith(MariaDbExtension.class)
class KilledRunnerIT {
  /** Where to kill: when the runner reaches a changeset, plus a delay into the 400 ms debug pauses. */
  private record KillPoint(String changeset, long delayMillis) {}

  private static final List<KillPoint> KILL_POINTS = List.of(
      new KillPoint(NativeModule.CHANGESETS.get(0), 150),  // n-1 applied, not recorded
      new KillPoint(NativeModule.CHANGESETS.get(1), 0),    // at n-2's start: applied or not
      new KillPoint(NativeModule.CHANGESETS.get(2), 550),  // n-3 recorded, version 1.0.0 not yet
      new KillPoint(NativeModule.CHANGESETS.get(3), 150),  // n-4 applied, not recorded
      new KillPoint(NativeModule.CHANGESETS.get(4), 150),  // n-5 (foreign key) applied, not recorded
      new KillPoint(NativeModule.CHANGESETS.get(5), 150)); // n-6 applied, not recorded

  @TempDir Path dir;

  @ParameterizedTest(name = "lock: {0}")
  @ValueSource(strings = {"database", "zookeeper"})
  void everyKillIsRecoveredByTheNextRunWithoutAPerson(String backend, TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = NativeModule.write(dir);
      List<String> args = backend.equals("zookeeper")
          ? NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
              "--zookeeper-session-timeout", "2s")
          : NativeModule.args(db, app.root());
      int killed = 0;
      for (KillPoint point : KILL_POINTS) {
        RunnerProcess runner = NativeModule.start(dir.resolve("logs"), backend + "-kill-" + killed,
            NativeModule.pausing("400ms"), args, "--lock-timeout", "30s");
        NativeModule.awaitChangeset(db, runner, point.changeset(), Duration.ofSeconds(60));
        Thread.sleep(point.delayMillis());
        runner.kill();
        killed++;
        if (killed == 1) {
          List<String> status = new ArrayList<>(List.of("status"));
          status.addAll(args);
          CliRun interrupted = Await.exit(() -> CliRun.run(status.toArray(String[]::new)), 4, Duration.ofSeconds(20));
          assertTrue(interrupted.out().contains("Last run: interrupted"), interrupted.output());
        }
      }
      RunnerProcess last = NativeModule.start(dir.resolve("logs"), backend + "-last", java.util.Map.of(), args,
          "--lock-timeout", "30s");
      assertEquals(0, last.waitFor(Duration.ofMinutes(1)), last.output());
      NativeModule.assertCompleteExactlyOnce(db);
      long verified = db.count("SELECT COUNT(*) FROM setup_runner_resolution WHERE outcome = 'VERIFIED_APPLIED'");
      assertTrue(verified >= 4, "kills after a change were settled by verification: "
          + db.column("SELECT CONCAT(changeset, ' ', outcome) FROM setup_runner_resolution"));
      assertEquals(List.of(), db.column("SELECT outcome FROM setup_runner_resolution WHERE outcome LIKE 'MARKED%'"),
          "no person was needed");
    }
  }
}
