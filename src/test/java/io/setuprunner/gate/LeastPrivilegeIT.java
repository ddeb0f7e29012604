package io.setuprunner.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.GrantedMariaDb;
import io.setuprunner.support.GrantedMariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/privileges.md, proven where the server enforces grants: an account with exactly the privileges listed for
 * the commands that change the database upgrades (tables, columns, indexes, foreign keys, data), rolls back and
 * marks; an account with only SELECT runs status, history, wait, plan and serve, and an upgrade as it stops with
 * exit 78 naming the privileges document and writes nothing.
 */
@ExtendWith(GrantedMariaDbExtension.class)
class LeastPrivilegeIT {
  /** What docs/privileges.md lists for upgrade, rollback, mark, resolve and adopt. */
  static final String[] CHANGING = {"SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "INDEX",
      "REFERENCES"};

  @TempDir Path dir;

  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.1.0")
        .changelog("Acme_Shop", "1.0.0", "<changeSet id=\"shop-1\" author=\"test\"><createTable tableName=\"shop_order\">"
            + "<column name=\"id\" type=\"INT\"><constraints primaryKey=\"true\"/></column></createTable></changeSet>",
            AppFixture.sql("shop-1-rows", "INSERT INTO shop_order (id) VALUES (1), (2)"))
        .changelog("Acme_Shop", "1.1.0", "<changeSet id=\"shop-2\" author=\"test\"><createTable tableName=\"shop_item\">"
            + "<column name=\"id\" type=\"INT\"><constraints primaryKey=\"true\"/></column><column name=\"order_id\""
            + " type=\"INT\"/></createTable>"
            + "<createIndex tableName=\"shop_item\" indexName=\"idx_item_order\"><column name=\"order_id\"/></createIndex>"
            + "<addForeignKeyConstraint baseTableName=\"shop_item\" baseColumnNames=\"order_id\""
            + " referencedTableName=\"shop_order\" referencedColumnNames=\"id\" constraintName=\"fk_item_order\"/>"
            + "</changeSet>", "<changeSet id=\"shop-2-note\" author=\"test\"><addColumn tableName=\"shop_order\">"
            + "<column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>");
  }

  private static CliRun run(AppFixture app, List<String> login, String... args) {
    return CliRun.inApp(Map.of(), app, login, args);
  }

  @Test
  void theListedPrivilegesAreEnoughToUpgradeRollBackAndMark(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    GrantedMariaDb.Account deployer = server.createUser(db, "deployer", "deploy-Secret-1", CHANGING);
    AppFixture app = shop();

    CliRun upgrade = run(app, deployer.flags(), "upgrade");
    assertEquals(0, upgrade.exitCode(), upgrade.output());
    CliRun rollback = run(app, deployer.flags(), "rollback", "Acme_Shop", "--to", "1.0.0");
    assertEquals(0, rollback.exitCode(), rollback.output());
    assertEquals(0, run(app, deployer.flags(), "upgrade").exitCode());
    db.execute("ALTER TABLE shop_order DROP COLUMN note"); // a person took the column out by hand
    CliRun mark = run(app, deployer.flags(), "mark", "--not-applied", "Acme_Shop/1.1.0.xml::shop-2-note::test",
        "--reason", "privileges test");
    assertEquals(0, mark.exitCode(), mark.output());
    assertEquals(0, run(app, deployer.flags(), "upgrade").exitCode());
    assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module"));
  }

  @Test
  void aSelectOnlyAccountRunsTheReadingCommandsAndAnUpgradeAsItSaysWhy(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    AppFixture app = shop();
    assertEquals(0, run(app, db.flags(), "upgrade").exitCode());
    GrantedMariaDb.Account reader = server.createUser(db, "reader", "read-Secret-1", "SELECT");
    Map<String, Long> before = db.rowCounts();

    assertEquals(0, run(app, reader.flags(), "status").exitCode());
    assertEquals(0, run(app, reader.flags(), "history").exitCode());
    assertEquals(0, run(app, reader.flags(), "wait", "--timeout", "5s").exitCode());
    assertEquals(0, run(app, reader.flags(), "plan").exitCode());
    List<String> serveArgs = new ArrayList<>(List.of("--root", app.root().toString()));
    serveArgs.addAll(reader.flags());
    try (ServeFixture serve = ServeFixture.start(dir.resolve("logs"), "reader-serve", serveArgs)) {
      serve.awaitCode("/ready", 200, java.time.Duration.ofSeconds(30));
      assertEquals(200, serve.get("/status").statusCode());
      assertEquals(143, serve.stop(), serve.process.output());
    }

    app.module("Acme_Shop", "1.2.0").changelog("Acme_Shop", "1.2.0", AppFixture.createTable("shop-3", "shop_tag"));
    CliRun refused = run(app, reader.flags(), "upgrade");

    assertEquals(78, refused.exitCode(), refused.output());
    assertTrue(refused.err().contains("the database user lacks a privilege")
        && refused.err().contains("docs/privileges.md") && refused.err().contains("denied to user 'reader'"),
        refused.err());
    assertEquals(before, db.rowCounts(), "nothing written as the SELECT-only account");
  }
}
