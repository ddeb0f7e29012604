package io.setuprunner.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blue-green with expand and contract: the old code stays ready after the expand phase; the contract
 * phase is refused while a node still serves the old code, and allowed once it is gone.
 */
@ExtendWith(MariaDbExtension.class)
class PhasesIT {
  @TempDir Path dir;

  private List<String> columns(TestDatabase db) throws Exception {
    return db.column("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + db.name()
        + "' AND table_name = 'cat' ORDER BY ordinal_position");
  }

  @Test
  void expandKeepsOldCodeReadyAndContractWaitsForTheOldNodesToGo(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture blue = GateFixture.releaseOne(dir.resolve("blue"));
      AppFixture green = GateFixture.releaseTwo(dir.resolve("green"));
      List<String> blueArgs = GateFixture.args(db, blue.root(), zk.getConnectString(), "--release", "blue");
      List<String> greenArgs = GateFixture.args(db, green.root(), zk.getConnectString(), "--release", "green");
      assertEquals(0, GateFixture.cli("upgrade", blueArgs).exitCode());

      try (ServeFixture blueServe = ServeFixture.start(dir.resolve("logs"), "blue-serve", blueArgs)) {
        blueServe.awaitCode("/ready", 200, Duration.ofSeconds(30));

        CliRun expand = GateFixture.cli("upgrade", greenArgs, "--phase", "expand");
        assertEquals(0, expand.exitCode(), expand.output());
        assertTrue(expand.out().contains("Acme_Cat 1.1.0: expand changesets done; contract changesets pending"),
            expand.output());
        assertEquals(List.of("id", "position", "sort_order"), columns(db));
        assertEquals(List.of("1.0.0"), db.column("SELECT version FROM setup_runner_module"),
            "the version advances only when contract has run too");

        // Old code: the database is ahead only compatibly, so blue stays ready.
        assertEquals(0, GateFixture.cli("status", blueArgs).exitCode());
        assertEquals(200, blueServe.get("/ready").statusCode());
        // New code: only contract is pending, so green is ready too, and wait says so.
        CliRun greenStatus = GateFixture.cli("status", greenArgs, "--json");
        assertEquals(2, greenStatus.exitCode(), greenStatus.output());
        JsonNode doc = Json.mapper().readTree(greenStatus.out());
        assertTrue(doc.get("ready").asBoolean(), greenStatus.output());
        assertEquals("contract-pending", doc.get("modules").get(0).get("phase").asText());
        assertEquals("[\"Acme_Cat/1.1.0.xml::cat-3::test\"]", doc.get("modules").get(0).get("pendingChangesets").toString());
        assertEquals(0, GateFixture.cli("wait", greenArgs, "--timeout", "10s").exitCode());
        assertEquals(0, GateFixture.cli("upgrade", greenArgs, "--phase", "expand").exitCode(), "expand again: no-op");

        CliRun refused = GateFixture.cli("upgrade", greenArgs, "--phase", "contract");
        assertEquals(77, refused.exitCode(), refused.output());
        assertTrue(refused.err().contains(":" + blueServe.port + " (pid " + blueServe.process.pid()), refused.output());
        assertTrue(refused.err().contains("serves Acme_Cat 1.0.0"), refused.output());
        assertTrue(refused.err().contains("--force"), refused.output());
        assertTrue(columns(db).contains("position"), "nothing was dropped");

        assertEquals(143, blueServe.stop(), "blue is drained");
      }

      CliRun contract = GateFixture.cli("upgrade", greenArgs, "--phase", "contract");
      assertEquals(0, contract.exitCode(), contract.output());
      assertEquals(List.of("id", "sort_order"), columns(db));
      assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module"));
      assertEquals(0, GateFixture.cli("status", greenArgs).exitCode());
      assertEquals(6, GateFixture.cli("status", blueArgs).exitCode(), "blue must not come back after contract");
      assertFalse(GateFixture.cli("status", blueArgs).out().contains("Up to date"));
    }
  }

  @Test
  void forceOverridesTheRefusal(TestDatabase db) throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      AppFixture blue = GateFixture.releaseOne(dir.resolve("blue"));
      AppFixture green = GateFixture.releaseTwo(dir.resolve("green"));
      List<String> blueArgs = GateFixture.args(db, blue.root(), zk.getConnectString());
      List<String> greenArgs = GateFixture.args(db, green.root(), zk.getConnectString());
      assertEquals(0, GateFixture.cli("upgrade", blueArgs).exitCode());
      try (ServeFixture blueServe = ServeFixture.start(dir.resolve("logs"), "blue-serve", blueArgs)) {
        assertEquals(77, GateFixture.cli("upgrade", greenArgs).exitCode(), "the default runs contract too");
        CliRun forced = GateFixture.cli("upgrade", greenArgs, "--force");
        assertEquals(0, forced.exitCode(), forced.output());
        assertTrue(forced.err().contains("--force"), forced.output());
        assertEquals(List.of("id", "sort_order"), columns(db));
      }
    }
  }

  @Test
  void aNewerVersionWithoutContractChangesetsLeavesOldCodeWorking(TestDatabase db) throws Exception {
    AppFixture blue = GateFixture.releaseOne(dir.resolve("blue"));
    List<String> blueArgs = GateFixture.args(db, blue.root(), null);
    assertEquals(0, GateFixture.cli("upgrade", blueArgs).exitCode());

    // Green 1.0.5 only adds a column: the database moves ahead of blue, compatibly.
    AppFixture green = GateFixture.releaseOne(dir.resolve("green")).module("Acme_Cat", "1.0.5")
        .changelog("Acme_Cat", "1.0.5", "<changeSet id=\"cat-1.0.5\" author=\"test\"><addColumn tableName=\"cat\">"
            + "<column name=\"label\" type=\"VARCHAR(32)\"/></addColumn></changeSet>");
    List<String> greenArgs = GateFixture.args(db, green.root(), null);
    assertEquals(0, GateFixture.cli("upgrade", greenArgs, "--phase", "expand").exitCode());
    assertEquals(List.of("1.0.5"), db.column("SELECT version FROM setup_runner_module"));

    CliRun blueStatus = GateFixture.cli("status", blueArgs, "--json");
    assertEquals(0, blueStatus.exitCode(), blueStatus.output());
    JsonNode doc = Json.mapper().readTree(blueStatus.out());
    assertTrue(doc.get("ready").asBoolean(), blueStatus.output());
    assertEquals("ahead-compatibly", doc.get("modules").get(0).get("phase").asText());
    assertEquals(0, GateFixture.cli("upgrade", blueArgs).exitCode(), "blue's own hook is a no-op, not a refusal");

    // Green 1.1.0 then drops a column blue reads: now the database is ahead of blue for real.
    green.module("Acme_Cat", "1.1.0").changelog("Acme_Cat", "1.1.0",
        "<changeSet id=\"cat-1.1.0\" author=\"test\" labels=\"contract\"><dropColumn tableName=\"cat\""
            + " columnName=\"position\"/></changeSet>");
    assertEquals(0, GateFixture.cli("upgrade", greenArgs).exitCode());
    assertEquals(6, GateFixture.cli("status", blueArgs).exitCode());
  }
}
