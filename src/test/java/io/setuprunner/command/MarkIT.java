package io.setuprunner.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code mark}: a person records a changeset as applied by hand, or has it run again; who, when and why are kept. */
@ExtendWith(MariaDbExtension.class)
class MarkIT {
  private static final String ADD_NOTE = "Acme_Shop/1.1.0.xml::shop-2-add-note::test";
  private static final String ROWS = "Acme_Shop/1.0.0.xml::shop-1-rows::test";

  @TempDir Path dir;

  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"),
            AppFixture.sql("shop-1-rows", "INSERT INTO shop_order (id) VALUES (1), (2)"));
  }

  private static CliRun run(AppFixture app, TestDatabase db, String... args) {
    return CliRun.against(db, app, args);
  }

  @Test
  void aChangesetAppliedByHandIsRecordedWithTheReasonAndTheUpgradeRunsOnlyTheRest(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0",
        "<changeSet id=\"shop-2-add-note\" author=\"test\"><addColumn tableName=\"shop_order\">"
            + "<column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>",
        AppFixture.sql("shop-2-notes", "UPDATE shop_order SET note = 'hello'"));
    db.execute("ALTER TABLE shop_order ADD note VARCHAR(64)"); // an online schema change tool did it

    CliRun mark = run(app, db, "mark", "--applied", ADD_NOTE, "--reason", "added with gh-ost, ticket OPS-12");

    assertEquals(0, mark.exitCode(), mark.output());
    assertTrue(mark.out().contains("Recorded " + ADD_NOTE + " as applied"), mark.output());
    assertEquals(List.of("MARK_RAN"), db.column("SELECT EXECTYPE FROM setup_runner_changelog WHERE ID = 'shop-2-add-note'"));
    assertTrue(db.column("SELECT COMMENTS FROM setup_runner_changelog WHERE ID = 'shop-2-add-note'").get(0)
        .contains("added with gh-ost, ticket OPS-12"));
    CliRun upgrade = run(app, db, "upgrade");
    assertEquals(0, upgrade.exitCode(), "the column is not added twice: " + upgrade.output());
    assertEquals(List.of("hello", "hello"), db.column("SELECT note FROM shop_order"));
    assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module"));

    CliRun history = run(app, db, "history");
    assertTrue(history.out().lines().anyMatch(l -> l.contains(" mark ") && l.contains(ADD_NOTE)
        && l.contains("marked applied: added with gh-ost, ticket OPS-12") && l.contains("(by ")), history.output());
  }

  @Test
  void aChangesetOfAnInstalledVersionMarkedNotAppliedRunsAgainWithNothingElse(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());
    db.execute("DELETE FROM shop_order"); // the rows were lost

    CliRun mark = run(app, db, "mark", "--not-applied", ROWS, "--reason", "rows deleted by mistake");

    assertEquals(0, mark.exitCode(), mark.output());
    assertTrue(mark.out().contains("Acme_Shop is recorded at no version again"), mark.output());
    assertEquals(List.of(), db.column("SELECT version FROM setup_runner_module"));
    assertEquals(2, run(app, db, "status").exitCode(), "1.0.0 is pending again");
    CliRun upgrade = run(app, db, "upgrade");
    assertEquals(0, upgrade.exitCode(), "the table is not created twice: " + upgrade.output());
    assertTrue(upgrade.out().contains("1 changeset"), upgrade.output());
    assertEquals(2, db.count("SELECT COUNT(*) FROM shop_order"));
    assertEquals(0, run(app, db, "status").exitCode());
  }

  @Test
  void anUnknownChangesetAMissingReasonOrNoChoiceIsRefusedAndWhatIsAlreadySoChangesNothing(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    assertEquals(0, run(app, db, "upgrade").exitCode());
    long runs = db.count("SELECT COUNT(*) FROM setup_runner_run");

    CliRun unknown = run(app, db, "mark", "--applied", "Acme_Shop/9.xml::nope::x", "--reason", "r");
    assertEquals(64, unknown.exitCode(), unknown.output());
    assertTrue(unknown.err().contains("No changeset 'Acme_Shop/9.xml::nope::x' in the code's modules"),
        unknown.output());
    CliRun noReason = run(app, db, "mark", "--applied", ROWS);
    assertEquals(64, noReason.exitCode(), noReason.output());
    assertTrue(noReason.err().contains("needs --reason"), noReason.output());
    assertEquals(64, run(app, db, "mark", "--applied", ROWS, "--not-applied", ROWS, "--reason", "r").exitCode());
    assertEquals(64, run(app, db, "mark", "--reason", "r").exitCode());

    CliRun already = run(app, db, "mark", "--applied", ROWS, "--reason", "just checking");
    assertEquals(0, already.exitCode(), already.output());
    assertTrue(already.out().contains("already recorded as run: nothing changed"), already.output());
    assertEquals(runs, db.count("SELECT COUNT(*) FROM setup_runner_run"), "nothing recorded");
  }
}
