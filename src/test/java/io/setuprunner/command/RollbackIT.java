package io.setuprunner.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import io.setuprunner.cli.Cli;
import io.setuprunner.core.StopRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback MODULE --to VERSION}: a module's newer versions undone newest first, under the lock, recorded;
 * refused with nothing executed when a changeset has no rollback or a dependent ran since; a failure half way
 * leaves the module recorded where the next upgrade puts back what was undone.
 */
@ExtendWith(MariaDbExtension.class)
class RollbackIT {
  @TempDir Path dir;

  /** Acme_Shop 1.0.0 (a table and rows), 1.1.0 (a column), 1.2.0 (a table and a row with its SQL rollback). */
  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.2.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"),
            AppFixture.sql("shop-1-rows", "INSERT INTO shop_order (id) VALUES (1), (2)"))
        .changelog("Acme_Shop", "1.1.0", "<changeSet id=\"shop-2-note\" author=\"test\"><addColumn"
            + " tableName=\"shop_order\"><column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>")
        .changelog("Acme_Shop", "1.2.0", AppFixture.createTable("shop-3-tag", "shop_tag"),
            "<changeSet id=\"shop-3-rows\" author=\"test\"><sql>INSERT INTO shop_order (id) VALUES (3)</sql>"
                + "<rollback>DELETE FROM shop_order WHERE id = 3</rollback></changeSet>");
  }

  private static CliRun run(AppFixture app, TestDatabase db, String... args) {
    return CliRun.against(db, app, args);
  }

  @Test
  void aDryRunShowsTheRollbackSqlNewestFirstAndChangesNothing(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());
    Map<String, Long> before = db.rowCounts();

    CliRun dryRun = run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0", "--dry-run");

    assertEquals(0, dryRun.exitCode(), dryRun.output());
    String out = dryRun.out();
    assertTrue(out.contains("would undo 3 changesets"), out);
    int rows = out.indexOf("DELETE FROM shop_order WHERE id = 3");
    int tag = out.indexOf("DROP TABLE");
    int note = out.indexOf("DROP COLUMN");
    assertTrue(rows > 0 && tag > rows && note > tag, "newest first: the rows, the table, then the column: " + out);
    assertTrue(out.contains("Then Acme_Shop is recorded at 1.0.0"), out);
    assertEquals(before, db.rowCounts(), "nothing written");
    assertEquals(List.of("1.2.0"), db.column("SELECT version FROM setup_runner_module"));

    CliRun json = run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0", "--dry-run", "--json");
    assertEquals(0, json.exitCode(), json.output());
    assertTrue(json.out().contains("\"schema\" : 1") && json.out().contains("\"nowAt\" : \"1.0.0\"")
        && json.out().contains("Acme_Shop/1.2.0.xml::shop-3-rows::test"), json.out());
  }

  @Test
  void aRollbackUndoesTheNewerVersionsRecordsTheRunAndTheOlderCodeIsReadyAgain(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());

    CliRun rollback = run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0", "--reason", "release r7 is broken",
        "--backup");

    assertEquals(0, rollback.exitCode(), rollback.output());
    List<String> backup = db.column("SELECT backup_name FROM setup_runner_run WHERE kind = 'ROLLBACK'");
    assertEquals(1, backup.size());
    assertTrue(rollback.out().contains("Backup " + backup.get(0) + " was taken before it"), rollback.output());
    assertTrue(rollback.out().contains("Rolled back Acme_Shop 1.2.0 -> 1.0.0: 3 changesets"), rollback.output());
    assertTrue(rollback.err().contains("Acme_Shop 1.2.0 -> 1.1.0: rolling back")
        && rollback.err().contains("Acme_Shop 1.1.0 rolled back: 1 changeset"), rollback.err());
    assertFalse(db.tables().contains("shop_tag"));
    assertEquals(List.of("1", "2"), db.column("SELECT id FROM shop_order ORDER BY id"));
    assertEquals(0, db.count("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
        + " AND table_name = 'shop_order' AND column_name = 'note'"));
    assertEquals(List.of("Acme_Shop/1.0.0.xml"), db.column("SELECT DISTINCT filename FROM setup_runner_changelog"));
    assertEquals(List.of("1.0.0"), db.column("SELECT version FROM setup_runner_module"));
    CliRun history = run(app, db, "history");
    assertTrue(history.out().contains("rolled back Acme_Shop 1.2.0 -> 1.0.0: 3 changesets; release r7 is broken"),
        history.output());
    assertEquals(2, run(app, db, "status").exitCode(), "this code still declares 1.2.0");

    // The older release: its code declares 1.0.0 and has no newer changelogs.
    app.module("Acme_Shop", "1.0.0");
    Files.delete(app.changelogs().resolve("Acme_Shop/1.1.0.xml"));
    Files.delete(app.changelogs().resolve("Acme_Shop/1.2.0.xml"));
    assertEquals(0, run(app, db, "status").exitCode(), "the older code is ready again");

    // And forward again: the newer release's upgrade applies the undone versions once more.
    AppFixture again = shop();
    assertEquals(0, run(again, db, "upgrade").exitCode());
    assertEquals(List.of("1", "2", "3"), db.column("SELECT id FROM shop_order ORDER BY id"));
    assertEquals(0, run(again, db, "status").exitCode());
  }

  @Test
  void aChangesetWithoutRollbackIsRefusedWithNothingExecuted(TestDatabase db) throws Exception {
    AppFixture app = shop().changelog("Acme_Shop", "1.1.0", "<changeSet id=\"shop-2-note\" author=\"test\"><addColumn"
        + " tableName=\"shop_order\"><column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>",
        AppFixture.sql("shop-2-fill", "UPDATE shop_order SET note = 'x'"));
    assertEquals(0, run(app, db, "upgrade").exitCode());
    Map<String, Long> before = db.rowCounts();

    CliRun refused = run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0");

    assertEquals(79, refused.exitCode(), refused.output());
    assertTrue(refused.err().contains("Rollback of Acme_Shop 1.2.0 -> 1.0.0 refused; nothing was executed")
        && refused.err().contains("changeset Acme_Shop/1.1.0.xml::shop-2-fill::test cannot be rolled back")
        && refused.err().contains("give it a <rollback>"), refused.err());
    assertEquals(before, db.rowCounts(), "nothing executed, nothing recorded");
    assertTrue(db.tables().contains("shop_tag"));
    assertEquals(79, run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0", "--dry-run").exitCode(),
        "the dry run refuses as well");
    assertEquals(0, run(app, db, "rollback", "Acme_Shop", "--to", "1.1.0").exitCode(),
        "only 1.2.0 is undone: its changesets have rollbacks");
  }

  @Test
  void aDependentModuleThatRanSinceIsNamedAndRolledBackFirst(TestDatabase db) throws Exception {
    AppFixture app = shop().module("Acme_Sales", "1.0.0", "Acme_Shop")
        .changelog("Acme_Sales", "1.0.0", AppFixture.createTable("sales-1", "sales_report"));
    assertEquals(0, run(app, db, "upgrade").exitCode());

    CliRun refused = run(app, db, "rollback", "Acme_Shop", "--to", "1.1.0");

    assertEquals(79, refused.exitCode(), refused.output());
    assertTrue(refused.err().contains("module Acme_Sales depends on it and ran 1 changeset after the first one to"
        + " undo (Acme_Sales/1.0.0.xml::sales-1::test)") && refused.err().contains("roll Acme_Sales back first"),
        refused.err());
    assertTrue(db.tables().contains("shop_tag"), "nothing executed");

    assertEquals(0, run(app, db, "rollback", "Acme_Sales", "--to", "0").exitCode());
    assertFalse(db.tables().contains("sales_report"));
    assertEquals(List.of("Acme_Shop"), db.column("SELECT module FROM setup_runner_module"), "Acme_Sales forgotten");
    CliRun shopBack = run(app, db, "rollback", "Acme_Shop", "--to", "1.1.0");
    assertEquals(0, shopBack.exitCode(), shopBack.output());
  }

  @Test
  void aRollbackThatFailsHalfWayLeavesTheModuleWhereUpgradePutsItBack(TestDatabase db) throws Exception {
    AppFixture app = shop().changelog("Acme_Shop", "1.1.0", "<changeSet id=\"shop-2-note\" author=\"test\">"
        + "<addColumn tableName=\"shop_order\"><column name=\"note\" type=\"VARCHAR(64)\"/></addColumn>"
        + "<rollback>ALTER TABLE no_such_table DROP COLUMN note</rollback></changeSet>");
    assertEquals(0, run(app, db, "upgrade").exitCode());

    CliRun failed = run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0");

    assertEquals(4, failed.exitCode(), failed.output());
    assertTrue(failed.err().contains("Rolling back changeset Acme_Shop/1.1.0.xml::shop-2-note::test of module"
        + " Acme_Shop 1.1.0 failed") && failed.err().contains("2 changeset(s) were rolled back before it; the module is"
        + " recorded at 1.0.0, so setup-runner upgrade puts back what was rolled back"), failed.err());
    assertFalse(db.tables().contains("shop_tag"));
    assertEquals(List.of("1.0.0"), db.column("SELECT version FROM setup_runner_module"));
    assertEquals(List.of("FAILED"), db.column("SELECT status FROM setup_runner_run WHERE kind = 'ROLLBACK'"));

    CliRun upgrade = run(app, db, "upgrade");
    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(db.tables().contains("shop_tag"));
    assertEquals(0, run(app, db, "status").exitCode());
  }

  @Test
  void usageMistakesAndNothingToUndo(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());

    assertEquals(64, run(app, db, "rollback", "Acme_Shop").exitCode(), "no --to");
    assertEquals(64, run(app, db, "rollback", "Acme_Shop", "--to", "one").exitCode());
    assertEquals(64, run(app, db, "rollback", "Acme_Shop", "--to", "1.0.0", "--json").exitCode());
    CliRun unknown = run(app, db, "rollback", "Acme_Shoe", "--to", "1.0.0");
    assertEquals(64, unknown.exitCode());
    assertTrue(unknown.err().contains("No module 'Acme_Shoe'") && unknown.err().contains("[Acme_Shop]"),
        unknown.err());
    CliRun nothing = run(app, db, "rollback", "Acme_Shop", "--to", "1.2.0");
    assertEquals(0, nothing.exitCode(), nothing.output());
    assertTrue(nothing.out().contains("nothing to roll back"), nothing.output());
  }

  @Test
  void aRollbackStoppedBySigtermLeavesNothingForTheNextUpgradeToSettle(TestDatabase db) throws Exception {
    AppFixture app = shop().changelog("Acme_Shop", "1.2.0", AppFixture.createTable("shop-3-tag", "shop_tag"),
        "<changeSet id=\"shop-3-rows\" author=\"test\"><sql>INSERT INTO shop_order (id) VALUES (3)</sql>"
            + "<rollback>DELETE FROM shop_order WHERE id = 3; DO SLEEP(1)</rollback></changeSet>");
    assertEquals(0, run(app, db, "upgrade").exitCode());
    StopRequest stop = new StopRequest();
    Thread stopper = new Thread(() -> {
      try {
        while (!db.column("SELECT changeset FROM setup_runner_run WHERE kind = 'ROLLBACK'")
            .contains("Acme_Shop/1.2.0.xml::shop-3-rows::test")) {
          Thread.sleep(20);
        }
        stop.request(); // as the SIGTERM hook does, while the first changeset's rollback runs
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    stopper.start();

    List<String> args = new ArrayList<>(List.of("rollback", "Acme_Shop", "--to", "1.0.0", "--root",
        app.root().toString()));
    args.addAll(db.flags());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new Cli(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(), stop).run(args.toArray(String[]::new));
    stopper.join(10_000);

    assertEquals(143, exit, err.toString(StandardCharsets.UTF_8));
    assertEquals(List.of("INTERRUPTED"), db.column("SELECT status FROM setup_runner_run WHERE kind = 'ROLLBACK'"));
    assertEquals(List.of(), db.column("SELECT changeset FROM setup_runner_run WHERE kind = 'ROLLBACK'"
        + " AND changeset IS NOT NULL"), "the run names no changeset it was inside");
    assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module"));
    CliRun upgrade = run(app, db, "upgrade");
    assertEquals(0, upgrade.exitCode(), "no person needed: " + upgrade.output());
    assertEquals(List.of("1", "2", "3"), db.column("SELECT id FROM shop_order ORDER BY id"));
  }
}
