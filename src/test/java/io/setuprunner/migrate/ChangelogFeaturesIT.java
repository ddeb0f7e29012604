package io.setuprunner.migrate;

import static io.setuprunner.support.AppFixture.createTable;
import static io.setuprunner.support.AppFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.SideBySide;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changeset attributes and elements (runAlways, runOnChange, validCheckSum, dbms, failOnError,
 * runInTransaction, comment, tagDatabase) behave as in plain Liquibase, or differ as marked.
 */
@ExtendWith(MariaDbExtension.class)
class ChangelogFeaturesIT {
  @TempDir Path dir;

  private static final String LOG_TABLE = "<changeSet id=\"r-0\" author=\"test\"><createTable tableName=\"r_log\">"
      + "<column name=\"note\" type=\"VARCHAR(32)\"/></createTable></changeSet>";
  private static final String RUN_ALWAYS = "<changeSet id=\"r-always\" author=\"test\" runAlways=\"true\">"
      + "<sql>INSERT INTO r_log VALUES ('always')</sql></changeSet>";

  /**
   * DIFFERS FROM PLAIN LIQUIBASE (what Setup Runner does today): plain Liquibase runs a runAlways changeset on
   * every update. Setup Runner runs it with its version only: an upgrade with nothing pending takes the fast
   * path and opens no changelog, and a pass with pending versions includes only the pending versions'
   * changelogs (LiquibaseChangelogExecutor.executeAll), so not even a new version of the same module runs it
   * again.
   */
  @Test
  void aRunAlwaysChangesetRunsOnlyWithItsOwnVersionUnlikePlainLiquibaseWhichRunsItOnEveryUpdate(TestDatabase db,
      TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_R", "1.0.0").changelog("Acme_R", "1.0.0", LOG_TABLE, RUN_ALWAYS);
    SideBySide both = new SideBySide(app, db, plain);

    CliRun first = both.upgrade();
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(both.plainUpdate("Acme_R/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    assertEquals(1, db.count("SELECT COUNT(*) FROM r_log"));

    both.assertUpgradeDoesNothing();
    assertTrue(both.plainUpdate("Acme_R/1.0.0.xml").succeeded());
    assertEquals(2, plain.count("SELECT COUNT(*) FROM r_log"), "plain Liquibase ran it again");
    assertEquals(1, db.count("SELECT COUNT(*) FROM r_log"), "Setup Runner today: not again while nothing is pending");

    app.module("Acme_R", "1.1.0").changelog("Acme_R", "1.1.0", createTable("r-1", "r_one"));
    CliRun withNewVersion = both.upgrade();
    assertEquals(0, withNewVersion.exitCode(), withNewVersion.output());
    assertTrue(withNewVersion.out().contains("(1 version, 1 changeset)"), withNewVersion.output());
    assertTrue(both.plainUpdate("Acme_R/1.0.0.xml", "Acme_R/1.1.0.xml").succeeded());
    assertEquals(3, plain.count("SELECT COUNT(*) FROM r_log"), "plain Liquibase ran it again");
    assertTrue(both.plainOutcomes().contains("Acme_R/1.0.0.xml::r-always::test RERAN"), both.plainOutcomes().toString());
    assertEquals(1, db.count("SELECT COUNT(*) FROM r_log"),
        "Setup Runner today: not even when a new version of its module is pending");
    assertEquals(List.of("Acme_R/1.0.0.xml::r-0::test EXECUTED", "Acme_R/1.0.0.xml::r-always::test EXECUTED",
        "Acme_R/1.1.0.xml::r-1::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of("Acme_R=1.1.0"), both.moduleVersions());
  }

  private static String viewChangeset(String select) {
    return "<changeSet id=\"r-view\" author=\"test\" runOnChange=\"true\">"
        + "<createView viewName=\"r_view\" replaceIfExists=\"true\">" + select + "</createView></changeSet>";
  }

  /**
   * DIFFERS FROM PLAIN LIQUIBASE (what Setup Runner does today): plain Liquibase runs an edited runOnChange
   * changeset again (RERAN) on the next update. Setup Runner runs a version's changelog only while the version
   * is pending (docs/module-format.md, "runAlways and runOnChange"): the edit is not run, not taken for an edited
   * changeset either, and {@code status} says it is not run again.
   */
  @Test
  void anEditedRunOnChangeChangesetOfAnInstalledVersionIsNotRunAgainUnlikePlainLiquibaseButBlocksNothing(TestDatabase db,
      TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_R", "1.0.0")
        .changelog("Acme_R", "1.0.0", viewChangeset("SELECT 1 AS one"));
    SideBySide both = new SideBySide(app, db, plain);
    assertEquals(0, both.upgrade().exitCode());
    assertTrue(both.plainUpdate("Acme_R/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();

    app.changelog("Acme_R", "1.0.0", viewChangeset("SELECT 2 AS two"));
    both.assertUpgradeDoesNothing();
    assertTrue(both.plainUpdate("Acme_R/1.0.0.xml").succeeded());
    assertEquals(List.of("Acme_R/1.0.0.xml::r-view::test RERAN"), both.plainOutcomes());
    assertEquals(List.of("two"), plain.column("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = DATABASE() AND table_name = 'r_view'"), "plain Liquibase ran the new body");
    assertEquals(List.of("one"), db.column("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = DATABASE() AND table_name = 'r_view'"), "Setup Runner today: the old body stays");

    CliRun status = both.status();
    assertEquals(0, status.exitCode(), status.output());
    assertTrue(status.out().contains("Not run again: 1 runAlways/runOnChange changeset of installed versions"),
        status.output());

    app.module("Acme_R", "1.1.0").changelog("Acme_R", "1.1.0", createTable("r-1", "r_one"));
    CliRun withNewVersion = both.upgrade();
    assertEquals(0, withNewVersion.exitCode(), withNewVersion.output());
    assertTrue(db.tables().contains("r_one"), "the new version ran");
    assertEquals(List.of("one"), db.column("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = DATABASE() AND table_name = 'r_view'"), "the installed version is not read again");
    assertTrue(both.plainUpdate("Acme_R/1.0.0.xml", "Acme_R/1.1.0.xml").succeeded(), "plain Liquibase goes on");
  }

  @Test
  void anEditedChangesetWhoseOldChecksumIsListedAsValidIsNotTakenForAnEditedChangeset(TestDatabase db,
      TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_V", "1.0.0").changelog("Acme_V", "1.0.0",
        createTable("v-0", "v_one"), sql("v-1", "INSERT INTO v_one VALUES (1)"), sql("v-2", "INSERT INTO v_one VALUES (2)"));
    SideBySide both = new SideBySide(app, db, plain);
    assertEquals(0, both.upgrade().exitCode());
    assertTrue(both.plainUpdate("Acme_V/1.0.0.xml").succeeded());
    String recorded = db.column("SELECT md5sum FROM setup_runner_changelog WHERE id = 'v-1'").get(0);

    // Both edited: v-1 lists the checksum it ran with as valid, v-2 accepts any.
    app.changelog("Acme_V", "1.0.0", createTable("v-0", "v_one"),
        "<changeSet id=\"v-1\" author=\"test\"><validCheckSum>" + recorded + "</validCheckSum>"
            + "<sql>INSERT INTO v_one VALUES (1) /* reformatted */</sql></changeSet>",
        "<changeSet id=\"v-2\" author=\"test\"><validCheckSum>ANY</validCheckSum>"
            + "<sql>INSERT INTO v_one VALUES (2) /* reformatted */</sql></changeSet>");
    CliRun status = both.status();
    assertEquals(0, status.exitCode(), status.output());
    assertFalse(status.out().contains("edited"), status.output());

    app.module("Acme_V", "1.1.0").changelog("Acme_V", "1.1.0", sql("v-3", "INSERT INTO v_one VALUES (3)"));
    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 1 changeset)"), upgrade.output());
    assertEquals(List.of("1", "2", "3"), db.column("SELECT id FROM v_one ORDER BY id"), "v-1 and v-2 did not run again");
    assertEquals(List.of("Acme_V=1.1.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_V/1.0.0.xml", "Acme_V/1.1.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }

  private static String dbmsTable(String id, String dbms, String table) {
    return "<changeSet id=\"" + id + "\" author=\"test\" dbms=\"" + dbms + "\"><createTable tableName=\"" + table
        + "\"><column name=\"id\" type=\"INT\"/></createTable></changeSet>";
  }

  /** Liquibase 4.33 calls MariaDB {@code mariadb}: {@code dbms="mysql"} alone does not run on it, in either tool. */
  @Test
  void dbmsDecidesWhichChangesetsRunOnMariaDbAsInPlainLiquibase(TestDatabase db, TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Dbms", "1.0.0").changelog("Acme_Dbms", "1.0.0",
        dbmsTable("d-mysql", "mysql", "d_mysql"), dbmsTable("d-mariadb", "mariadb", "d_mariadb"),
        dbmsTable("d-both", "mariadb,mysql", "d_both"), dbmsTable("d-postgresql", "postgresql", "d_postgresql"),
        dbmsTable("d-not-postgresql", "!postgresql", "d_not_postgresql"));
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 3 changesets)"), upgrade.output());
    assertEquals(List.of("Acme_Dbms/1.0.0.xml::d-mariadb::test EXECUTED", "Acme_Dbms/1.0.0.xml::d-both::test EXECUTED",
        "Acme_Dbms/1.0.0.xml::d-not-postgresql::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of("d_both", "d_mariadb", "d_not_postgresql"),
        db.tables().stream().filter(t -> t.startsWith("d_")).toList());
    assertEquals(List.of("Acme_Dbms=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Dbms/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
    CliRun status = both.status();
    assertEquals(0, status.exitCode(), "changesets for other databases are not pending: " + status.output());
  }

  private static final String FAIL_ON_ERROR_FALSE = "<changeSet id=\"fe-2\" author=\"test\" failOnError=\"false\">"
      + "<sql>INSERT INTO fe_missing VALUES (1)</sql></changeSet>";

  @Test
  void aFailingChangesetWithFailOnErrorFalseDoesNotStopTheUpgradeAndIsNotRecorded(TestDatabase db, TestDatabase plain)
      throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Fe", "1.0.0").changelog("Acme_Fe", "1.0.0",
        createTable("fe-1", "fe_one"), FAIL_ON_ERROR_FALSE, createTable("fe-3", "fe_three"));
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 2 changesets)"), upgrade.output());
    assertTrue(upgrade.err().contains("setup-runner: warning: changeset Acme_Fe/1.0.0.xml::fe-2::test: failed and was"
        + " skipped"), "said without -v\n" + upgrade.output());
    // Liquibase records no row for a changeset that failed with failOnError="false".
    assertEquals(List.of("Acme_Fe/1.0.0.xml::fe-1::test EXECUTED", "Acme_Fe/1.0.0.xml::fe-3::test EXECUTED"),
        both.runnerOutcomes());
    assertTrue(db.tables().contains("fe_three"), "the changesets after it ran");
    assertEquals(List.of("Acme_Fe=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Fe/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }

  /**
   * DIFFERS FROM PLAIN LIQUIBASE (what Setup Runner does today): a changeset that failed with
   * failOnError="false" has no history row, so plain Liquibase tries it again on every update and records it
   * once it succeeds. Setup Runner recorded the version and reads only pending versions' changelogs: it never
   * tries it again.
   */
  @Test
  void aChangesetThatFailedWithFailOnErrorFalseIsNotTriedAgainUnlikePlainLiquibase(TestDatabase db,
      TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Fe", "1.0.0").changelog("Acme_Fe", "1.0.0",
        createTable("fe-1", "fe_one"), FAIL_ON_ERROR_FALSE);
    SideBySide both = new SideBySide(app, db, plain);
    assertEquals(0, both.upgrade().exitCode());
    assertTrue(both.plainUpdate("Acme_Fe/1.0.0.xml").succeeded());

    db.execute("CREATE TABLE fe_missing (id INT)");
    plain.execute("CREATE TABLE fe_missing (id INT)");
    app.module("Acme_Fe", "1.1.0").changelog("Acme_Fe", "1.1.0", createTable("fe-4", "fe_four"));
    CliRun later = both.upgrade();
    assertTrue(both.plainUpdate("Acme_Fe/1.0.0.xml", "Acme_Fe/1.1.0.xml").succeeded());

    assertEquals(0, later.exitCode(), later.output());
    assertEquals(1, plain.count("SELECT COUNT(*) FROM fe_missing"), "plain Liquibase tried fe-2 again");
    assertTrue(both.plainOutcomes().contains("Acme_Fe/1.0.0.xml::fe-2::test EXECUTED"), both.plainOutcomes().toString());
    assertEquals(0, db.count("SELECT COUNT(*) FROM fe_missing"), "Setup Runner today: fe-2 is never tried again");
    assertFalse(both.runnerOutcomes().contains("Acme_Fe/1.0.0.xml::fe-2::test EXECUTED"));
  }

  @Test
  void aChangesetOutsideATransactionRunsAndIsRecordedAsUsual(TestDatabase db, TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Tx", "1.0.0").changelog("Acme_Tx", "1.0.0",
        createTable("tx-1", "tx_one"),
        "<changeSet id=\"tx-2\" author=\"test\" runInTransaction=\"false\">"
            + "<sql>INSERT INTO tx_one VALUES (1)</sql>"
            + "<addColumn tableName=\"tx_one\"><column name=\"note\" type=\"VARCHAR(32)\"/></addColumn>"
            + "<sql>UPDATE tx_one SET note = 'outside'</sql></changeSet>",
        sql("tx-3", "INSERT INTO tx_one VALUES (2, 'inside')"));
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("1 outside", "2 inside"), db.column("SELECT CONCAT(id, ' ', note) FROM tx_one ORDER BY id"));
    assertEquals(List.of("Acme_Tx/1.0.0.xml::tx-1::test EXECUTED", "Acme_Tx/1.0.0.xml::tx-2::test EXECUTED",
        "Acme_Tx/1.0.0.xml::tx-3::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of("Acme_Tx=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Tx/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }

  @Test
  void commentsAndDatabaseTagsAreRecordedAsPlainLiquibaseRecordsThem(TestDatabase db, TestDatabase plain)
      throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Tag", "1.1.0")
        .changelog("Acme_Tag", "1.0.0",
            "<changeSet id=\"tag-1\" author=\"test\"><comment>Customers' wish lists</comment>"
                + "<createTable tableName=\"tag_wish\"><column name=\"id\" type=\"INT\"/></createTable></changeSet>",
            "<changeSet id=\"tag-2\" author=\"test\"><tagDatabase tag=\"acme-tag-1.0.0\"/></changeSet>")
        .changelog("Acme_Tag", "1.1.0",
            "<changeSet id=\"tag-3\" author=\"test\"><comment>A note on each wish</comment>"
                + "<addColumn tableName=\"tag_wish\"><column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>",
            "<changeSet id=\"tag-4\" author=\"test\"><tagDatabase tag=\"acme-tag-1.1.0\"/></changeSet>");
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("tag-1 Customers' wish lists -", "tag-2 - acme-tag-1.0.0", "tag-3 A note on each wish -",
        "tag-4 - acme-tag-1.1.0"), db.column("SELECT CONCAT_WS(' ', id, COALESCE(NULLIF(comments, ''), '-'),"
        + " COALESCE(tag, '-')) FROM setup_runner_changelog ORDER BY orderexecuted"));
    assertEquals(List.of("Acme_Tag=1.1.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Tag/1.0.0.xml", "Acme_Tag/1.1.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }
}
