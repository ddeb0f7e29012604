package io.setuprunner.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.ChangelogXml;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.PlainLiquibase;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database the application's own Liquibase managed is adopted: what plain Liquibase ran is recorded, never
 * run again, and the next upgrade executes exactly the rest.
 */
@ExtendWith(MariaDbExtension.class)
class AdoptIT {
  @TempDir Path dir;

  /** The application's own layout: db/changelog/master.xml including three files, as Spring Boot apps keep it. */
  private AppFixture legacyApp() {
    AppFixture app = AppFixture.empty(dir).module("Acme_Legacy", "1.1.0")
        .write("Acme_Legacy/db/changelog/changes/001-customers.xml",
            ChangelogXml.of(table("c-1", "legacy_customer"), table("c-2", "legacy_customer_note")))
        .write("Acme_Legacy/db/changelog/changes/002-orders.xml",
            ChangelogXml.of(table("o-1", "legacy_order"), table("o-2", "legacy_order_line")))
        .write("Acme_Legacy/db/changelog/changes/003-invoices.xml",
            ChangelogXml.of(table("i-1", "legacy_invoice"), table("i-2", "legacy_invoice_line")))
        // The module's versions include the application's files where they are.
        .write("Acme_Legacy/1.0.0.xml", ChangelogXml.of(include("001-customers.xml"), include("002-orders.xml")))
        .write("Acme_Legacy/1.1.0.xml", ChangelogXml.of(include("003-invoices.xml")));
    return app;
  }

  private static String table(String id, String name) {
    return "<changeSet id=\"" + id + "\" author=\"dev\"><createTable tableName=\"" + name + "\">"
        + "<column name=\"id\" type=\"INT\"/></createTable></changeSet>";
  }

  private static String include(String file) {
    return "<include file=\"db/changelog/changes/" + file + "\" relativeToChangelogFile=\"true\"/>";
  }

  /**
   * Runs plain Liquibase as the application did, from its own root with its own master changelog, on a
   * class path without Setup Runner's Liquibase services.
   */
  private static void plainLiquibase(TestDatabase db, Path root, String master, String... files) throws Exception {
    Files.writeString(root.resolve(master), ChangelogXml.of(Arrays.stream(files)
        .map(f -> "<include file=\"db/changelog/changes/" + f + "\"/>").toArray(String[]::new)));
    PlainLiquibase.Result result = PlainLiquibase.update(db, root, master);
    assertTrue(result.succeeded(), result.error());
    Files.delete(root.resolve(master));
  }

  private static CliRun run(AppFixture app, TestDatabase db, String... args) {
    return CliRun.against(db, app, args);
  }

  @Test
  void theNextUpgradeRunsExactlyWhatPlainLiquibaseHadNotRun(TestDatabase db) throws Exception {
    AppFixture app = legacyApp();
    Path moduleDir = app.changelogs().resolve("Acme_Legacy");
    plainLiquibase(db, moduleDir, "master.xml", "001-customers.xml", "002-orders.xml");
    // A Spring Boot application records classpath: paths; this one did for its orders file.
    db.execute("UPDATE DATABASECHANGELOG SET FILENAME = CONCAT('classpath:/', FILENAME) WHERE ID LIKE 'o-%'");
    db.execute("INSERT INTO DATABASECHANGELOG (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE)"
        + " VALUES ('gone-1', 'dev', 'db/changelog/changes/000-removed.xml', NOW(), 99, 'EXECUTED')");
    List<String> tablesBefore = db.tables();

    CliRun dryRun = run(app, db, "adopt", "--dry-run");

    assertEquals(0, dryRun.exitCode(), dryRun.output());
    assertTrue(dryRun.out().contains("4 rows of DATABASECHANGELOG match") && dryRun.out().contains("Acme_Legacy 1.0.0")
        && dryRun.out().contains("Still pending (the next upgrade runs them): 2")
        && dryRun.out().contains("db/changelog/changes/000-removed.xml::gone-1::dev"), dryRun.output());
    assertEquals(tablesBefore, db.tables(), "a dry run creates no table");

    CliRun adopt = run(app, db, "adopt", "--json");

    assertEquals(0, adopt.exitCode(), adopt.output());
    assertTrue(adopt.out().contains("\"recorded\" : 4"), adopt.output());
    assertEquals(List.of("1.0.0"), db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Legacy'"));
    assertEquals(List.of("Acme_Legacy/db/changelog/changes/001-customers.xml",
        "Acme_Legacy/db/changelog/changes/002-orders.xml"),
        db.column("SELECT DISTINCT filename FROM setup_runner_changelog ORDER BY filename"));

    CliRun upgrade = run(app, db, "upgrade");

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("2"), db.column("SELECT changesets_executed FROM setup_runner_run WHERE status = 'SUCCEEDED'"
        + " ORDER BY id DESC LIMIT 1"), "only the invoices file ran");
    assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Legacy'"));
    assertEquals(5, db.count("SELECT COUNT(*) FROM DATABASECHANGELOG"), "the application's table is only read");
    assertEquals(0, run(app, db, "status").exitCode());
  }

  @Test
  void aRowThatCouldBeAChangesetUnderAnotherPathStopsTheAdoptionWithNothingWritten(TestDatabase db)
      throws Exception {
    AppFixture app = legacyApp();
    plainLiquibase(db, app.changelogs().resolve("Acme_Legacy"), "master.xml", "001-customers.xml");
    db.execute("UPDATE DATABASECHANGELOG SET FILENAME = 'src/main/resources/db/changes/001-customers.xml'"
        + " WHERE ID = 'c-2'");

    CliRun adopt = run(app, db, "adopt");

    assertEquals(65, adopt.exitCode(), adopt.output());
    assertTrue(adopt.err().contains("Acme_Legacy/db/changelog/changes/001-customers.xml::c-2::dev")
        && adopt.err().contains("a second time"), adopt.output());
    assertTrue(db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        + " AND table_name = 'setup_runner_changelog'").isEmpty(), "nothing recorded");
  }

  @Test
  void statusReadsChangelogsThatIncludeFilesWithoutCreatingAnyTable(TestDatabase db) throws Exception {
    // Liquibase's include creates the history table when the scope holds a database; status must not.
    AppFixture app = legacyApp();

    CliRun status = run(app, db, "status");

    assertEquals(2, status.exitCode(), status.output());
    assertEquals(List.of(), db.tables());
  }

  @Test
  void aMissingTableIsNamedWithWhatToGive(TestDatabase db) throws Exception {
    AppFixture app = legacyApp();

    CliRun adopt = run(app, db, "adopt", "--from", "app_changelog");

    assertEquals(65, adopt.exitCode(), adopt.output());
    assertTrue(adopt.err().contains("no table app_changelog"), adopt.output());
  }
}
