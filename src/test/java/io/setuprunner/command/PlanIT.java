package io.setuprunner.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan} and {@code upgrade --dry-run}: every changeset an upgrade would run, with its SQL, in the order it
 * would run, and nothing written, locked or published while finding out.
 */
@ExtendWith(MariaDbExtension.class)
class PlanIT {
  @TempDir Path dir;

  private static final String CONTRACT = "<changeSet id=\"shop-2-drop-legacy\" author=\"test\" labels=\"contract\">"
      + "<dropColumn tableName=\"shop_order\" columnName=\"legacy\"/></changeSet>";

  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", "<changeSet id=\"shop-1\" author=\"test\"><createTable tableName=\"shop_order\">"
            + "<column name=\"id\" type=\"INT\"/><column name=\"legacy\" type=\"INT\"/></createTable></changeSet>",
            AppFixture.sql("shop-1-rows", "INSERT INTO shop_order (id) VALUES (1), (2)"));
  }

  /** The second release: an expand changeset, a contract one, and one whose SQL only the run can know. */
  private static void secondRelease(AppFixture app) {
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0",
        "<changeSet id=\"shop-2-add-note\" author=\"test\"><addColumn tableName=\"shop_order\">"
            + "<column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>",
        "<changeSet id=\"shop-2-guarded\" author=\"test\"><preConditions onFail=\"MARK_RAN\">"
            + "<sqlCheck expectedResult=\"0\">SELECT COUNT(*) FROM shop_order WHERE id = 99</sqlCheck></preConditions>"
            + "<sql>INSERT INTO shop_order (id) VALUES (99)</sql></changeSet>",
        "<changeSet id=\"shop-2-drop-fks\" author=\"test\"><dropAllForeignKeyConstraints baseTableName=\"shop_order\"/>"
            + "</changeSet>",
        CONTRACT);
  }

  private static CliRun run(AppFixture app, TestDatabase db, String... args) {
    return CliRun.against(db, app, args);
  }


  @Test
  void onAnEmptyDatabaseItShowsEveryChangesetsSqlAndCreatesNoTableNotEvenItsOwn(TestDatabase db) throws Exception {
    AppFixture app = shop();

    CliRun plan = run(app, db, "plan");

    assertEquals(2, plan.exitCode(), plan.output());
    assertTrue(plan.out().contains("Acme_Shop (new) -> 1.0.0: 2 changesets"), plan.output());
    assertTrue(plan.out().contains("CREATE TABLE " + db.name() + ".shop_order (id INT NULL, legacy INT NULL);"),
        plan.output());
    assertTrue(plan.out().contains("INSERT INTO shop_order (id) VALUES (1), (2);"), plan.output());
    assertTrue(plan.out().contains("Totals: 1 module version, 2 changesets (2 expand, 0 contract)."), plan.output());
    assertEquals(List.of(), db.tables(), "not even setup_runner_* or the history table");
  }

  @Test
  void itListsWhatSqlGenerationCannotShowAndThePhaseOfEachChangeset(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());
    secondRelease(app);
    Map<String, Long> before = db.rowCounts();

    CliRun plan = run(app, db, "plan");

    assertEquals(2, plan.exitCode(), plan.output());
    String out = plan.out();
    assertTrue(out.contains("Acme_Shop 1.0.0 -> 1.1.0: 4 changesets"), out);
    assertTrue(out.contains("ALTER TABLE " + db.name() + ".shop_order ADD note VARCHAR(64) NULL;"), out);
    assertTrue(out.contains("-- not shown: preconditions [sqlCheck] are checked when it runs (onFail MARK_RAN"), out);
    assertTrue(out.contains("-- not shown: dropAllForeignKeyConstraints: its SQL depends on what it finds"), out);
    assertTrue(out.contains("Acme_Shop/1.1.0.xml::shop-2-drop-legacy::test  [contract]"), out);
    assertTrue(out.contains("Totals: 1 module version, 4 changesets (3 expand, 1 contract); 2 changesets with"
        + " what SQL generation cannot show"), out);
    assertEquals(before, db.rowCounts(), "nothing written");

    CliRun expand = run(app, db, "plan", "--phase", "expand");
    assertEquals(2, expand.exitCode(), expand.output());
    assertFalse(expand.out().contains("shop-2-drop-legacy"), expand.output());
    assertTrue(expand.out().contains("3 changesets (3 expand, 0 contract)"), expand.output());
  }

  @Test
  void theJsonListsExactlyWhatTheUpgradeThenRuns(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());
    secondRelease(app);

    CliRun plan = run(app, db, "plan", "--json");

    assertEquals(2, plan.exitCode(), plan.output());
    JsonNode document = Json.mapper().readTree(plan.out());
    assertEquals(1, document.get("schema").asInt());
    assertTrue(document.get("pending").asBoolean());
    assertEquals(4, document.get("totals").get("changesets").asInt());
    JsonNode version = document.get("versions").get(0);
    assertEquals("Acme_Shop", version.get("module").asText());
    assertEquals("1.0.0", version.get("from").asText());
    assertEquals("1.1.0", version.get("to").asText());
    List<String> planned = new ArrayList<>();
    version.get("changesets").forEach(c -> planned.add(c.get("changeset").asText()));
    assertEquals("contract", version.get("changesets").get(3).get("phase").asText());
    assertEquals(1, version.get("changesets").get(0).get("sql").size());

    assertEquals(0, run(app, db, "upgrade").exitCode());
    List<String> ran = db.column("SELECT CONCAT(FILENAME, '::', ID, '::', AUTHOR) FROM setup_runner_changelog"
        + " WHERE FILENAME LIKE '%1.1.0.xml' ORDER BY ORDEREXECUTED");
    assertEquals(planned, ran, "the plan named exactly what the upgrade ran, in its order");

    CliRun nothing = run(app, db, "plan", "--json");
    assertEquals(0, nothing.exitCode(), nothing.output());
    assertFalse(Json.mapper().readTree(nothing.out()).get("pending").asBoolean());
  }

  @Test
  void upgradeDryRunIsPlanAndAValueOrAnOptionOfARealRunIsAUsageError(TestDatabase db) throws Exception {
    AppFixture app = shop();

    CliRun dryRun = run(app, db, "upgrade", "--dry-run");
    assertEquals(2, dryRun.exitCode(), dryRun.output());
    assertEquals(run(app, db, "plan").out(), dryRun.out());

    for (String given : List.of("--dry-run=false", "--dry-run=1", "--dry-run=true")) {
      CliRun refused = run(app, db, "upgrade", given);
      assertEquals(64, refused.exitCode(), given + ": " + refused.output());
      assertTrue(refused.err().contains("--dry-run takes no value"), refused.output());
    }
    CliRun withValue = run(app, db, "upgrade", "--dry-run", "false");
    assertEquals(64, withValue.exitCode(), withValue.output());
    CliRun withBackup = run(app, db, "upgrade", "--dry-run", "--backup");
    assertEquals(64, withBackup.exitCode(), withBackup.output());
    assertTrue(withBackup.err().contains("upgrade --dry-run executes nothing"), withBackup.output());
    assertEquals(List.of(), db.tables(), "nothing ran");
  }

  @Test
  void withZooKeeperConfiguredItNeitherLocksNorPublishesAnything(TestDatabase db) throws Exception {
    AppFixture app = shop();
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();

      CliRun plan = run(app, db, "plan", "--zookeeper-connect", zk.getConnectString());

      assertEquals(2, plan.exitCode(), plan.output());
      assertNull(client.checkExists().forPath("/setup-runner"), "no node under the namespace");
      assertEquals(List.of(), db.tables());
    }
  }
}
