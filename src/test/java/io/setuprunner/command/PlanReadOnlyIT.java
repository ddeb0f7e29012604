package io.setuprunner.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.GrantedMariaDb;
import io.setuprunner.support.GrantedMariaDbExtension;
import io.setuprunner.support.SchemaSnapshot;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry run cannot write, proven where privileges are enforced: a database user that may only SELECT runs
 * {@code plan}, {@code upgrade --dry-run} and {@code rollback --dry-run}, and the server's tables and row counts are the
 * same afterwards.
 */
@ExtendWith(GrantedMariaDbExtension.class)
class PlanReadOnlyIT {
  @TempDir Path dir;

  private static CliRun run(AppFixture app, List<String> login, String... args) {
    return CliRun.inApp(Map.of(), app, login, args);
  }


  @Test
  void aSelectOnlyUserSeesThePlanAndTheDatabaseIsUnchanged(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"));
    assertEquals(0, run(app, db.flags(), "upgrade").exitCode());
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_note"),
        AppFixture.sql("shop-2-rows", "INSERT INTO shop_note (id) VALUES (7)"));
    GrantedMariaDb.Account reader = server.createUser(db, "planner", "plan-Secret-1", "SELECT");
    Map<String, Long> before = db.rowCounts();
    SchemaSnapshot schema = SchemaSnapshot.of(db);

    CliRun plan = run(app, reader.flags(), "plan");
    CliRun dryRun = run(app, reader.flags(), "upgrade", "--dry-run");

    assertEquals(2, plan.exitCode(), plan.output());
    assertTrue(plan.out().contains("Acme_Shop 1.0.0 -> 1.1.0: 2 changesets"), plan.output());
    assertTrue(plan.out().contains("INSERT INTO shop_note (id) VALUES (7);"), plan.output());
    assertEquals(2, dryRun.exitCode(), dryRun.output());
    assertEquals(plan.out(), dryRun.out());
    assertEquals(before, db.rowCounts(), "no table created, no row written");
    assertEquals(List.of(), schema.differencesFrom(SchemaSnapshot.of(db)));
  }

  @Test
  void onAnEmptyDatabaseASelectOnlyUserSeesThePlanAndNoTableAppears(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"));
    GrantedMariaDb.Account reader = server.createUser(db, "planner", "plan-Secret-2", "SELECT");

    CliRun plan = run(app, reader.flags(), "plan", "--json");

    assertEquals(2, plan.exitCode(), plan.output());
    assertTrue(plan.out().contains("\"pending\" : true"), plan.output());
    assertEquals(List.of(), db.tables());
  }

  @Test
  void aSelectOnlyUserSeesWhatARollbackWouldUndoAndTheDatabaseIsUnchanged(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.1.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"))
        .changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_note"));
    assertEquals(0, run(app, db.flags(), "upgrade").exitCode());
    GrantedMariaDb.Account reader = server.createUser(db, "planner", "plan-Secret-3", "SELECT");
    Map<String, Long> before = db.rowCounts();
    SchemaSnapshot schema = SchemaSnapshot.of(db);

    CliRun dryRun = run(app, reader.flags(), "rollback", "Acme_Shop", "--to", "1.0.0", "--dry-run");

    assertEquals(0, dryRun.exitCode(), dryRun.output());
    assertTrue(dryRun.out().contains("DROP TABLE"), dryRun.output());
    assertEquals(before, db.rowCounts(), "no row written");
    assertEquals(List.of(), schema.differencesFrom(SchemaSnapshot.of(db)));
  }
}
