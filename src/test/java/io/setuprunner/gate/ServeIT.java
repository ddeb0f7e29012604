package io.setuprunner.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The readiness endpoint over real HTTP: 503 until a run in another process completes, then 200, under load. */
@ExtendWith(MariaDbExtension.class)
class ServeIT {
  @TempDir Path dir;

  @Test
  void readyFlipsWhenARunInAnotherProcessCompletesAndStaysCheapUnderABurst(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AppFixture.sample(dir);
      List<String> args = GateFixture.args(db, app.root(), zk.getConnectString(), "--release", "r9");
      try (ServeFixture serve = ServeFixture.start(dir.resolve("logs"), "serve", args)) {
        HttpResponse<String> notReady = serve.get("/ready");
        assertEquals(503, notReady.statusCode(), notReady.body());
        assertEquals("5", notReady.headers().firstValue("Retry-After").orElse(""));
        assertTrue(notReady.body().startsWith("not ready: 13 module versions pending"), notReady.body());
        JsonNode status = Json.mapper().readTree(serve.get("/status").body());
        assertEquals("pending", status.get("state").asText());
        assertEquals("r9", status.get("release").asText());
        assertTrue(serve.get("/metrics").body().contains("setup_runner_ready 0\n"));
        assertEquals(404, serve.get("/nowhere").statusCode());
        assertEquals(1, registeredNodes(zk), "serve registers the code it serves");

        RunnerProcess upgrade = GateFixture.process(dir.resolve("logs"), "upgrade", Map.of(), "upgrade", args);
        assertEquals(0, upgrade.waitFor(Duration.ofMinutes(2)), upgrade.output());
        Duration flip = serve.awaitCode("/ready", 200, Duration.ofSeconds(30));
        System.out.printf("ServeIT: /ready answered 200 %d ms after the run's process exited%n", flip.toMillis());
        String metrics = serve.get("/metrics").body();
        assertTrue(metrics.contains("setup_runner_ready 1\n"), metrics);
        assertTrue(metrics.contains("setup_runner_runs_total 1\n"), metrics);
        assertTrue(metrics.contains("setup_runner_pending_changesets 0\n"), metrics);
        assertTrue(metrics.matches("(?s).*setup_runner_last_run_duration_seconds \\d+\\.\\d{3}\n.*"), metrics);

        // A load balancer burst: many nodes asking at once, all answered from the snapshot.
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<Integer>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
          answers.add(clients.submit(() -> serve.get("/ready").statusCode()));
        }
        for (Future<Integer> answer : answers) {
          assertEquals(200, answer.get());
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        clients.shutdown();
        System.out.printf("ServeIT: 1000 /ready requests from 32 clients in %d ms%n", millis);
        assertTrue(millis < 30_000, "took " + millis + " ms");

        assertEquals(143, serve.stop(), "SIGTERM stops serve cleanly\n" + serve.process.output());
        assertTrue(serve.process.stderr().contains("Stopping on request"), serve.process.output());
        assertEquals(0, registeredNodes(zk), "the registration left with the node");
      }
    }
  }

  private static int registeredNodes(TestingServer zk) throws Exception {
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      client.blockUntilConnected();
      return client.checkExists().forPath("/setup-runner/serving") == null ? 0
          : client.getChildren().forPath("/setup-runner/serving").size();
    }
  }
}
