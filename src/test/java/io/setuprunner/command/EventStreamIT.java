package io.setuprunner.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output json}: stdout holds only events, one JSON object per line, from {@code run.started} to
 * {@code run.finished} with the exit code, also after a failure; the human progress and summary go to stderr;
 * a changeset that runs long sends heartbeats with what the server reports for its statement.
 */
@ExtendWith(MariaDbExtension.class)
class EventStreamIT {
  @TempDir Path dir;

  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.1.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"))
        .changelog("Acme_Shop", "1.1.0", "<changeSet id=\"shop-2-rows\" author=\"test\"><sql>INSERT INTO shop_order"
            + " (id) VALUES (1)</sql><rollback>DELETE FROM shop_order</rollback></changeSet>");
  }

  private static List<JsonNode> events(CliRun run) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      JsonNode event = Json.mapper().readTree(line); // every line of stdout is one event
      assertEquals(1, event.path("schema").asInt(), line);
      assertTrue(event.path("time").asText().endsWith("Z"), line);
      events.add(event);
    }
    return events;
  }

  private static List<String> names(List<JsonNode> events) {
    return events.stream().map(e -> e.path("event").asText()).toList();
  }

  private static JsonNode last(List<JsonNode> events) {
    return events.get(events.size() - 1);
  }

  @Test
  void anUpgradeStreamsItsEventsAndEndsWithTheOutcomeAndExitCode(TestDatabase db) throws Exception {
    CliRun run = CliRun.against(db, shop(), "upgrade", "--output", "json");

    assertEquals(0, run.exitCode(), run.output());
    List<JsonNode> events = events(run);
    assertEquals(List.of("run.started", "lock.waiting", "lock.acquired", "version.started", "changeset.started",
        "changeset.finished", "version.finished", "version.started", "changeset.started", "changeset.finished",
        "version.finished", "run.finished"), names(events), run.out());
    assertEquals("upgrade", events.get(0).path("command").asText());
    assertEquals("Acme_Shop/1.0.0.xml::shop-1::test", events.get(4).path("changeset").asText());
    assertTrue(events.get(5).has("durationMs"), events.get(5).toString());
    JsonNode finished = last(events);
    assertEquals("succeeded", finished.path("outcome").asText());
    assertEquals(0, finished.path("exitCode").asInt());
    assertEquals("UPGRADED", finished.path("result").asText());
    assertEquals(2, finished.path("changesetsExecuted").asInt());
    assertEquals("1.1.0", finished.path("versions").get(1).path("version").asText());
    assertTrue(run.err().contains("Acme_Shop (new) -> 1.0.0 ...") && run.err().contains("Upgraded"),
        "the progress and the summary go to stderr: " + run.err());
  }

  @Test
  void aFailedUpgradeEndsWithRunFinishedCarryingTheErrorAndExitCode(TestDatabase db) throws Exception {
    AppFixture app = shop().changelog("Acme_Shop", "1.1.0", AppFixture.sql("shop-2-bad", "INSERT INTO no_such_table"
        + " VALUES (1)"));

    CliRun run = CliRun.against(db, app, "upgrade", "--output", "json");

    assertEquals(4, run.exitCode(), run.output());
    JsonNode finished = last(events(run));
    assertEquals("run.finished", finished.path("event").asText());
    assertEquals("failed", finished.path("outcome").asText());
    assertEquals(4, finished.path("exitCode").asInt());
    assertTrue(finished.path("error").asText().contains("Acme_Shop/1.1.0.xml::shop-2-bad::test"), finished.toString());
  }

  @Test
  void aLongChangesetSendsHeartbeatsWithWhatTheServerReports(TestDatabase db) throws Exception {
    AppFixture app = shop().changelog("Acme_Shop", "1.1.0", AppFixture.sql("shop-2-slow", "DO SLEEP(2.5)"));

    CliRun run = CliRun.against(db, app, "upgrade", "--output", "json", "--progress-heartbeat", "1s");

    assertEquals(0, run.exitCode(), run.output());
    List<JsonNode> beats = events(run).stream().filter(e -> e.path("event").asText().equals("heartbeat")).toList();
    assertTrue(beats.size() >= 1, run.out());
    JsonNode beat = beats.get(0);
    assertEquals("Acme_Shop/1.1.0.xml::shop-2-slow::test", beat.path("changeset").asText());
    assertTrue(beat.path("elapsedMs").asLong() >= 900, beat.toString());
    assertTrue(beat.path("server").path("statement").asText().contains("SLEEP"), beat.toString());
    assertTrue(run.err().contains("still running Acme_Shop/1.1.0.xml::shop-2-slow::test after 1s; server: "),
        run.err());

    CliRun quiet = CliRun.against(db, shop().changelog("Acme_Shop", "1.2.0", AppFixture.sql("shop-3-slow",
        "DO SLEEP(1.5)")).module("Acme_Shop", "1.2.0"), "upgrade", "--progress-heartbeat", "0");
    assertEquals(0, quiet.exitCode(), quiet.output());
    assertTrue(!quiet.err().contains("still running"), "0 switches the heartbeat off: " + quiet.err());
  }

  @Test
  void aRollbackABackupAndARestoreStreamTheirEventsToo(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, CliRun.against(db, app, "upgrade").exitCode());

    CliRun backup = CliRun.against(db, app, "backup", "create", "--name", "before", "--output", "json");
    assertEquals(0, backup.exitCode(), backup.output());
    JsonNode made = last(events(backup));
    assertEquals("backup create", made.path("command").asText());
    assertEquals("before", made.path("backup").asText());

    CliRun rollback = CliRun.against(db, app, "rollback", "Acme_Shop", "--to", "1.0.0", "--output", "json");
    assertEquals(0, rollback.exitCode(), rollback.output());
    List<JsonNode> events = events(rollback);
    assertTrue(names(events).containsAll(List.of("version.rollback.started", "changeset.started",
        "changeset.finished", "version.rollback.finished")), rollback.out());
    assertEquals(1, last(events).path("changesetsRolledBack").asInt());
    assertEquals("1.0.0", last(events).path("nowAt").asText());

    CliRun restore = CliRun.against(db, app, "backup", "restore", "before", "--output", "json");
    assertEquals(0, restore.exitCode(), restore.output());
    JsonNode restored = last(events(restore));
    assertEquals("backup restore", restored.path("command").asText());
    assertEquals("succeeded", restored.path("outcome").asText());
    assertEquals(List.of("1"), db.column("SELECT id FROM shop_order"));
  }

  @Test
  void outputTakesTextOrJsonAndOnlyWhereARunExecutes(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(64, CliRun.against(db, app, "upgrade", "--output", "xml").exitCode());
    assertEquals(64, CliRun.against(db, app, "upgrade", "--dry-run", "--output", "json").exitCode());
    assertEquals(64, CliRun.against(db, app, "backup", "list", "--output", "json").exitCode());
    assertEquals(64, CliRun.against(db, app, "rollback", "Acme_Shop", "--to", "1.0.0", "--dry-run", "--output",
        "json").exitCode());
    assertEquals(0, CliRun.against(db, app, "upgrade", "--output", "text").exitCode());
  }
}
