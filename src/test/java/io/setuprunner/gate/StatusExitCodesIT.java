package io.setuprunner.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.Await;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every gating exit code of {@code status}, with the JSON a deploy tool reads beside it. */
@ExtendWith(MariaDbExtension.class)
class StatusExitCodesIT {
  @TempDir Path dir;

  private static JsonNode json(CliRun run) throws Exception {
    return Json.mapper().readTree(run.out());
  }

  @Test
  void pendingThenUpToDateThenDriftThenAhead(TestDatabase db) throws Exception {
    AppFixture app = GateFixture.releaseOne(dir);
    List<String> args = GateFixture.args(db, app.root(), null, "--release", "r1");

    CliRun pending = GateFixture.cli("status", args, "--json");
    assertEquals(2, pending.exitCode(), pending.output());
    JsonNode doc = json(pending);
    assertEquals(1, doc.get("schema").asInt());
    assertEquals("pending", doc.get("state").asText());
    assertFalse(doc.get("ready").asBoolean());
    assertEquals("r1", doc.get("release").asText());
    JsonNode module = doc.get("modules").get(0);
    assertEquals("Acme_Cat", module.get("name").asText());
    assertEquals("1.0.0", module.get("codeVersion").asText());
    assertTrue(module.get("databaseVersion").isNull());
    assertEquals("[\"1.0.0\"]", module.get("pendingVersions").toString());
    assertEquals("[\"Acme_Cat/1.0.0.xml::cat-1::test\"]", module.get("pendingChangesets").toString());
    assertEquals("pending", module.get("phase").asText());
    assertEquals(List.of(), db.tables(), "status --json changes nothing");

    assertEquals(0, GateFixture.cli("upgrade", args).exitCode());
    CliRun upToDate = GateFixture.cli("status", args, "--json");
    assertEquals(0, upToDate.exitCode(), upToDate.output());
    doc = json(upToDate);
    assertEquals("up-to-date", doc.get("state").asText());
    assertTrue(doc.get("ready").asBoolean());
    assertEquals("succeeded", doc.get("lastRun").get("status").asText());
    assertEquals("r1", doc.get("lastRun").get("release").asText());
    assertTrue(doc.get("currentRun").isNull());

    CliRun history = GateFixture.cli("history", args);
    assertEquals(0, history.exitCode(), history.output());
    assertTrue(history.out().contains("succeeded") && history.out().contains("r1"), history.output());

    // The applied changeset is edited afterwards: exit 5 from status, and upgrade refuses too.
    app.changelog("Acme_Cat", "1.0.0", "<changeSet id=\"cat-1\" author=\"test\"><createTable tableName=\"cat\">"
        + "<column name=\"id\" type=\"BIGINT\"/><column name=\"position\" type=\"INT\"/></createTable></changeSet>");
    CliRun drift = GateFixture.cli("status", args, "--json");
    assertEquals(5, drift.exitCode(), drift.output());
    assertEquals("checksum-drift", json(drift).get("state").asText());
    assertEquals("[\"Acme_Cat/1.0.0.xml::cat-1::test\"]", json(drift).get("drift").toString());
    AppFixture next = app.module("Acme_Cat", "1.1.0").changelog("Acme_Cat", "1.1.0",
        AppFixture.createTable("cat-2", "cat_two"));
    CliRun refused = GateFixture.cli("upgrade", args);
    assertEquals(5, refused.exitCode(), refused.output());
    assertTrue(refused.err().contains("Acme_Cat/1.0.0.xml::cat-1::test"), refused.output());
    assertFalse(db.tables().contains("cat_two"), "nothing executed");

    // Back to what ran, then the database is moved ahead of the code.
    GateFixture.releaseOne(dir.resolve("restored"));
    Files.writeString(next.changelogs().resolve("Acme_Cat/1.0.0.xml"),
        Files.readString(dir.resolve("restored/changelogs/Acme_Cat/1.0.0.xml")));
    Files.delete(next.changelogs().resolve("Acme_Cat/1.1.0.xml"));
    next.module("Acme_Cat", "1.0.0");
    assertEquals(0, GateFixture.cli("status", args).exitCode());
    db.execute("UPDATE setup_runner_module SET version = '2.0.0'");
    CliRun ahead = GateFixture.cli("status", args, "--json");
    assertEquals(6, ahead.exitCode(), ahead.output());
    assertEquals("database-ahead", json(ahead).get("state").asText());
    assertEquals("database-ahead", json(ahead).get("modules").get(0).get("phase").asText());
  }

  @Test
  void inProgressThenFailed(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture app = AppFixture.empty(dir).module("Acme_Slow", "1.0.0").changelog("Acme_Slow", "1.0.0",
          AppFixture.createTable("slow-1", "slow_one"), AppFixture.sql("slow-2", "SELECT SLEEP(3)"),
          AppFixture.sql("slow-3", "SELECT * FROM nowhere"));
      List<String> args = GateFixture.args(db, app.root(), zk.getConnectString(), "--release", "r7");
      RunnerProcess runner = GateFixture.process(dir.resolve("logs"), "slow", Map.of(), "upgrade", args);
      CliRun during = Await.exit(() -> GateFixture.cli("status", args, "--json"), 3, Duration.ofSeconds(30));
      for (int i = 0; i < 100 && json(during).get("currentRun").get("changeset").isNull(); i++) {
        Thread.sleep(100); // the run holds the lock but has not reached its first changeset yet
        during = GateFixture.cli("status", args, "--json");
      }
      JsonNode current = json(during).get("currentRun");
      assertEquals("in-progress", json(during).get("state").asText());
      assertEquals("r7", current.get("release").asText());
      assertEquals(runner.pid(), current.get("pid").asLong());
      assertTrue(current.get("changeset").asText().startsWith("Acme_Slow/1.0.0.xml::slow-"), during.output());

      assertEquals(4, runner.waitFor(Duration.ofSeconds(60)), runner.output());
      CliRun failed = GateFixture.cli("status", args, "--json");
      assertEquals(4, failed.exitCode(), failed.output());
      assertEquals("needs-attention", json(failed).get("state").asText());
      assertEquals("failed", json(failed).get("lastRun").get("status").asText());
      assertTrue(json(failed).get("lastRun").get("error").asText().contains("slow-3"), failed.output());
    }
  }
}
