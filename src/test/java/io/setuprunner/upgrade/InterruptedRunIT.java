package io.setuprunner.upgrade;

import static io.setuprunner.support.AppFixture.createTable;
import static io.setuprunner.support.AppFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run in another JVM, seen from outside: {@code status} says who is running which changeset
 * (exit 3); after {@code kill -9} it says the run was interrupted (exit 4) until a later run succeeds.
 */
@ExtendWith(MariaDbExtension.class)
class InterruptedRunIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "lock: {0}")
  @ValueSource(strings = {"database", "zookeeper"})
  void statusFollowsARunThatIsKilledAndResumed(String backend, TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AppFixture.empty(dir)
          .module("Acme_Slow", "1.0.0")
          .changelog("Acme_Slow", "1.0.0", createTable("slow-1", "slow_one"),
              sql("slow-2-sleep", "DO SLEEP(30); CREATE TABLE slow_two (id INT)"), createTable("slow-3", "slow_three"));
      List<String> args = new ArrayList<>(List.of("--root", app.root().toString(), "--release", "r-" + backend));
      args.addAll(db.flags());
      if (backend.equals("zookeeper")) {
        args.addAll(List.of("--zookeeper-connect", zk.getConnectString(), "--zookeeper-session-timeout", "2s"));
      }

      List<String> upgradeArgs = new ArrayList<>(List.of("upgrade"));
      upgradeArgs.addAll(args);
      RunnerProcess runner = RunnerProcess.start(dir.resolve("logs"), "slow", Map.of(), upgradeArgs.toArray(String[]::new));
      CliRun during = awaitStatus(args, 3, "slow-2-sleep", Duration.ofSeconds(40), runner);
      assertTrue(during.out().contains("Run in progress: run "), during.output());
      assertTrue(during.out().contains("(pid " + runner.pid() + ", release r-" + backend + ")"), during.output());
      assertTrue(during.out().contains("changeset Acme_Slow/1.0.0.xml::slow-2-sleep::test"), during.output());

      runner.kill();
      CliRun after = awaitStatus(args, 4, "interrupted", Duration.ofSeconds(20), runner);
      assertTrue(after.out().contains("Last run: interrupted"), after.output());
      assertTrue(after.out().contains("slow-2-sleep"), after.output());

      app.changelog("Acme_Slow", "1.0.0", createTable("slow-1", "slow_one"),
          sql("slow-2-sleep", "CREATE TABLE slow_two (id INT)"), createTable("slow-3", "slow_three"));
      List<String> again = new ArrayList<>(List.of("upgrade", "--lock-timeout", "30s"));
      again.addAll(args);
      // Raw SQL with DDL in it cannot report whether it ran, nor share its record's transaction: the next run
      // stops and asks a person, saying why and naming both answers. (Raw SQL that only changes rows settles
      // itself: faults.DataChangesetStallIT.)
      CliRun asks = CliRun.run(again.toArray(String[]::new));
      assertEquals(4, asks.exitCode(), asks.output());
      assertTrue(asks.err().contains("died inside changeset Acme_Slow/1.0.0.xml::slow-2-sleep::test"), asks.output());
      assertTrue(asks.err().contains("its raw SQL holds statements the server commits on its own (DDL)"),
          asks.output());
      assertTrue(asks.err().contains("setup-runner resolve --not-applied 'Acme_Slow/1.0.0.xml::slow-2-sleep::test'"),
          asks.output());
      assertEquals(List.of("slow_one"), db.tables().stream().filter(t -> t.startsWith("slow")).toList(),
          "nothing executed");

      List<String> resolve = new ArrayList<>(List.of("resolve", "--not-applied", "Acme_Slow/1.0.0.xml::slow-2-sleep::test"));
      resolve.addAll(args);
      CliRun resolved = CliRun.run(resolve.toArray(String[]::new));
      assertEquals(0, resolved.exitCode(), resolved.output());
      assertEquals(1, db.count("SELECT COUNT(*) FROM setup_runner_resolution WHERE outcome = 'MARKED_NOT_APPLIED'"
          + " AND resolved_by LIKE '%@%'"), "who resolved it is recorded");

      CliRun resumed = CliRun.run(again.toArray(String[]::new));
      assertEquals(0, resumed.exitCode(), resumed.output());
      assertTrue(db.tables().contains("slow_three"));
      assertEquals("SUCCEEDED", db.column("SELECT status FROM setup_runner_run ORDER BY id DESC LIMIT 1").get(0));
      assertEquals(0, status(args).exitCode());
    }
  }

  private static CliRun status(List<String> args) {
    List<String> command = new ArrayList<>(List.of("status"));
    command.addAll(args);
    return CliRun.run(command.toArray(String[]::new));
  }

  private static CliRun awaitStatus(List<String> args, int code, String text, Duration timeout,
      RunnerProcess runner) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    CliRun last;
    do {
      last = status(args);
      if (last.exitCode() == code && last.out().contains(text)) {
        return last;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("status never exited " + code + " saying " + text + "; last:\n" + last.output() + "\nrunner:\n" + runner.output());
  }
}
