package io.setuprunner.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race removed: eight runner JVMs, one per "web node", start at once against one database and
 * one ZooKeeper. Exactly one executes, every changeset runs once, and every node's cache is valid.
 */
@ExtendWith(MariaDbExtension.class)
class ConcurrentRunnersIT {
  private static final int NODES = 8;

  @TempDir Path dir;

  @Test
  void eightRunnersAtOnceExecuteEveryChangesetExactlyOnce(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      List<RunnerProcess> runners = new ArrayList<>();
      Map<String, String> env = new HashMap<>(db.environment());
      env.put("SETUP_RUNNER_ZOOKEEPER_CONNECT", zk.getConnectString());
      for (int node = 1; node <= NODES; node++) {
        Path root = AppFixture.sample(dir.resolve("web-" + node)).root();
        runners.add(RunnerProcess.start(dir.resolve("logs"), "web-" + node, env, "upgrade", "--root", root.toString(), "--release", "r1"));
      }
      int upgraded = 0;
      for (int node = 1; node <= NODES; node++) {
        RunnerProcess runner = runners.get(node - 1);
        assertEquals(0, runner.waitFor(Duration.ofMinutes(3)), "web-" + node + "\n" + runner.output());
        if (runner.stdout().contains("Upgraded 6 modules (13 versions, 48 changesets)")) {
          upgraded++;
        } else {
          assertEquals(true, runner.stdout().contains("No upgrades available."), runner.output());
        }
        assertCacheValid(dir.resolve("web-" + node));
      }
      assertEquals(1, upgraded, "exactly one runner executes changesets");
      assertEquals(48, db.count("SELECT COUNT(*) FROM setup_runner_changelog"));
      assertEquals(48, db.count("SELECT COUNT(DISTINCT filename, id, author) FROM setup_runner_changelog"));
      assertEquals(List.of("SUCCEEDED 48"),
          db.column("SELECT CONCAT(status, ' ', changesets_executed) FROM setup_runner_run"));
      assertEquals(5, db.count("SELECT COUNT(*) FROM catalog_attribute"), "each attribute inserted once");
    }
  }

  private static void assertCacheValid(Path root) throws Exception {
    JsonNode cache = Json.mapper().readTree(root.resolve("var/cache/config.json").toFile());
    List<String> modules = new ArrayList<>();
    cache.get("modules").forEach(m -> modules.add(m.get("name").asText() + "=" + m.get("version").asText()));
    assertEquals(List.of("Acme_Store=1.1.0", "Acme_Catalog=1.3.0", "Acme_Customer=1.1.0", "Acme_Inventory=1.0.0",
        "Acme_Review=1.1.0", "Acme_Sales=1.1.0"), modules, root.toString());
    assertEquals("r1", cache.get("release").asText());
  }
}
