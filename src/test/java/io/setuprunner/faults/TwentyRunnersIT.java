package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock waiters under load: twenty runner JVMs at once. One executes; the others wait on ZooKeeper
 * watches, verify and exit. Reports how long the last waiter took to exit after the leader finished.
 */
@ExtendWith(MariaDbExtension.class)
class TwentyRunnersIT {
  private static final int RUNNERS = 20;

  @TempDir Path dir;

  @Test
  void twentyRunnersOneExecutesTheOthersFollowPromptly(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = NativeModule.write(dir);
      List<String> args = NativeModule.args(db, app.root(), "--zookeeper-connect", zk.getConnectString(),
          "--lock-timeout", "5m");
      // As a node runs it: through the launcher, with the class data sharing archive an earlier deploy on
      // the node recorded: the first status run records it, the second puts it in place.
      Path cds = Files.createDirectories(dir.resolve("cds"));
      for (String warmUp : List.of("recording", "renaming")) {
        List<String> status = new ArrayList<>(List.of("status"));
        status.addAll(NativeModule.args(db, app.root()));
        RunnerProcess.launch(dir.resolve("logs"), warmUp, cds, Map.of(), status.toArray(String[]::new))
            .waitFor(Duration.ofMinutes(2));
      }
      // Each changeset pauses, so the waiters are all queued on the lock before the leader finishes.
      List<RunnerProcess> runners = new ArrayList<>();
      for (int i = 0; i < RUNNERS; i++) {
        runners.add(NativeModule.launch(dir.resolve("logs"), "runner-" + i, cds, NativeModule.pausing("300ms"),
            args, "--release", "r20"));
      }
      Map<Integer, Instant> exits = new ConcurrentHashMap<>();
      ExecutorService watchers = Executors.newFixedThreadPool(RUNNERS);
      List<java.util.concurrent.Future<Integer>> codes = new ArrayList<>();
      for (int i = 0; i < RUNNERS; i++) {
        int index = i;
        codes.add(watchers.submit(() -> {
          int code = runners.get(index).waitFor(Duration.ofMinutes(5));
          exits.put(index, Instant.now());
          return code;
        }));
      }
      for (int i = 0; i < RUNNERS; i++) {
        assertEquals(0, codes.get(i).get(), runners.get(i).output());
      }
      watchers.shutdown();

      long upgraded = runners.stream().filter(r -> r.stdout().contains("Upgraded 1 module")).count();
      assertEquals(1, upgraded, "exactly one runner executes");
      NativeModule.assertCompleteExactlyOnce(db);
      Instant leaderFinished = LocalDateTime.parse(db.column("SELECT DATE_FORMAT(finished_at, '%Y-%m-%dT%H:%i:%s.%f')"
          + " FROM setup_runner_run WHERE status = 'SUCCEEDED'").get(0)).toInstant(ZoneOffset.UTC);
      Instant lastExit = exits.values().stream().max(Instant::compareTo).orElseThrow();
      Duration followers = Duration.between(leaderFinished, lastExit);
      System.out.printf("TwentyRunnersIT: %d runners; last waiter exited %d ms after the leader finished%n",
          RUNNERS, followers.toMillis());
      System.out.println("TwentyRunnersIT: exits after the leader finished (ms): " + exits.values().stream()
          .map(e -> Duration.between(leaderFinished, e).toMillis()).sorted().toList());
      assertTrue(followers.compareTo(Duration.ofSeconds(60)) < 0, "waiters followed within a minute: " + followers);
    }
  }
}
