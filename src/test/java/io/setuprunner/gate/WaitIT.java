package io.setuprunner.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code setup-runner wait}: prompt after another JVM's run, fast when that run fails, clean on timeout. */
@ExtendWith(MariaDbExtension.class)
class WaitIT {
  @TempDir Path dir;

  private static CompletableFuture<Timed> waitInBackground(List<String> args, String timeout) {
    return CompletableFuture.supplyAsync(() -> {
      CliRun run = GateFixture.cli("wait", args, "--timeout", timeout);
      return new Timed(run, Instant.now());
    });
  }

  private record Timed(CliRun run, Instant at) {}

  @Test
  void withZooKeeperWaitReturnsPromptlyAfterTheRunInAnotherJvmFinishes(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AppFixture.sample(dir);
      List<String> args = GateFixture.args(db, app.root(), zk.getConnectString());
      CompletableFuture<Timed> waiting = waitInBackground(args, "2m");
      Thread.sleep(500);
      assertTrue(!waiting.isDone(), "nothing ran yet: wait must still be waiting");

      try (CuratorFramework observer = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
        observer.start();
        observer.blockUntilConnected();
        RunnerProcess runner = GateFixture.process(dir.resolve("logs"), "run", Map.of(), "upgrade", args);
        // The run's completion as ZooKeeper sees it: the moment its in-progress node goes (polled every 2 ms).
        boolean seen = false;
        Instant completed = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (completed == null && System.nanoTime() < deadline) {
          boolean exists = observer.checkExists().forPath("/setup-runner/in-progress") != null;
          if (exists) {
            seen = true;
          } else if (seen) {
            completed = Instant.now();
          }
          Thread.sleep(2);
        }
        assertTrue(completed != null, "never saw the run complete\n" + runner.output());
        assertEquals(0, runner.waitFor(Duration.ofMinutes(2)), runner.output());
        Timed done = waiting.get();
        assertEquals(0, done.run().exitCode(), done.run().output());
        Instant finished = LocalDateTime.parse(db.column("SELECT DATE_FORMAT(finished_at, '%Y-%m-%dT%H:%i:%s.%f')"
            + " FROM setup_runner_run").get(0)).toInstant(ZoneOffset.UTC);
        long fromCompletion = Duration.between(completed, done.at()).toMillis();
        long fromFinishRow = Duration.between(finished, done.at()).toMillis();
        java.util.regex.Matcher ready = java.util.regex.Pattern.compile("Ready at (\\S+) after").matcher(done.run().out());
        assertTrue(ready.find(), done.run().output());
        long decided = Duration.between(completed, Instant.parse(ready.group(1))).toMillis();
        System.out.printf("WaitIT: wait knew the database was ready %d ms after the run completed (its in-progress"
            + " node went); it returned %d ms after that and %d ms after the run's finish row, closing its own"
            + " pool and ZooKeeper client in between%n", decided, fromCompletion, fromFinishRow);
        assertTrue(fromFinishRow < 2000, "woken by the watch, not a poll: " + fromFinishRow + " ms");
      }
    }
  }

  @Test
  void waitFailsFastWhenTheRunItWaitsOnFails(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AppFixture.empty(dir).module("Acme_Bad", "1.0.0").changelog("Acme_Bad", "1.0.0",
          AppFixture.sql("bad-1", "SELECT SLEEP(1)"), AppFixture.sql("bad-2", "SELECT * FROM nowhere"));
      List<String> args = GateFixture.args(db, app.root(), zk.getConnectString());
      CompletableFuture<Timed> waiting = waitInBackground(args, "10m");
      RunnerProcess runner = GateFixture.process(dir.resolve("logs"), "bad", Map.of(), "upgrade", args);
      assertEquals(4, runner.waitFor(Duration.ofMinutes(1)), runner.output());
      Instant failedAt = Instant.now();
      Timed done = waiting.get();
      assertEquals(4, done.run().exitCode(), done.run().output());
      assertTrue(Duration.between(failedAt, done.at()).toSeconds() < 10, "not the 10m timeout");
      assertTrue(done.run().err().contains("bad-2"), done.run().output());
    }
  }

  @Test
  void waitTimesOutCleanlyWithTheStatusCode(TestDatabase db) {
    AppFixture app = GateFixture.releaseOne(dir);
    List<String> args = GateFixture.args(db, app.root(), null, "--poll-interval", "200ms");
    long start = System.nanoTime();
    CliRun timedOut = GateFixture.cli("wait", args, "--timeout", "1500ms");
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertEquals(2, timedOut.exitCode(), timedOut.output());
    assertTrue(timedOut.err().contains("timed out after 1500ms"), timedOut.output());
    assertTrue(millis >= 1400 && millis < 10_000, "took " + millis + " ms");
  }

  @Test
  void withoutZooKeeperWaitPollsTheDatabase(TestDatabase db) throws Exception {
    AppFixture app = GateFixture.releaseOne(dir);
    List<String> args = GateFixture.args(db, app.root(), null, "--poll-interval", "200ms");
    CompletableFuture<Timed> waiting = waitInBackground(args, "2m");
    RunnerProcess runner = GateFixture.process(dir.resolve("logs"), "run", Map.of(), "upgrade", args);
    assertEquals(0, runner.waitFor(Duration.ofMinutes(1)), runner.output());
    Timed done = waiting.get();
    assertEquals(0, done.run().exitCode(), done.run().output());
  }
}
