package io.setuprunner.migrate;

import static io.setuprunner.support.AppFixture.createTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.ChangelogXml;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.SideBySide;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A version's changelog may include other files (include, includeAll, formatted SQL) as in plain Liquibase. */
@ExtendWith(MariaDbExtension.class)
class ChangelogIncludesIT {
  @TempDir Path dir;

  private static String insert(String id, String table, String value) {
    return "<changeSet id=\"" + id + "\" author=\"test\"><insert tableName=\"" + table + "\">"
        + "<column name=\"name\" value=\"" + value + "\"/></insert></changeSet>";
  }

  private static String namesTable(String id, String table) {
    return "<changeSet id=\"" + id + "\" author=\"test\"><createTable tableName=\"" + table + "\">"
        + "<column name=\"seq\" type=\"INT\" autoIncrement=\"true\"><constraints primaryKey=\"true\"/></column>"
        + "<column name=\"name\" type=\"VARCHAR(64)\"/></createTable></changeSet>";
  }

  private static void assertSecondUpgradeDoesNothing(SideBySide both) throws Exception {
    both.assertUpgradeDoesNothing();
    CliRun status = both.status();
    assertEquals(0, status.exitCode(), status.output());
    assertFalse(status.out().contains("Out of step"), "included files are not missing changelogs: " + status.output());
  }

  @Test
  void filesIncludedRelativeToTheChangelogOrToTheChangelogsFolderRunInPlaceAsPartOfTheVersion(TestDatabase db,
      TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Inc", "1.0.0")
        .changelog("Acme_Inc", "1.0.0", namesTable("inc-1", "inc_name"),
            "<include file=\"db/tables.xml\" relativeToChangelogFile=\"true\"/>",
            "<include file=\"Acme_Inc/db/data.xml\"/>",
            insert("inc-4", "inc_name", "last"))
        .write("Acme_Inc/db/tables.xml", ChangelogXml.of(createTable("inc-2", "inc_two"),
            "<include file=\"nested/more.xml\" relativeToChangelogFile=\"true\"/>"))
        .write("Acme_Inc/db/nested/more.xml", ChangelogXml.of(createTable("inc-3", "inc_three")))
        .write("Acme_Inc/db/data.xml", ChangelogXml.of(insert("inc-data", "inc_name", "from data.xml")));
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 5 changesets)"), upgrade.output());
    assertEquals(List.of("Acme_Inc/1.0.0.xml::inc-1::test EXECUTED", "Acme_Inc/db/tables.xml::inc-2::test EXECUTED",
        "Acme_Inc/db/nested/more.xml::inc-3::test EXECUTED", "Acme_Inc/db/data.xml::inc-data::test EXECUTED",
        "Acme_Inc/1.0.0.xml::inc-4::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of("from data.xml", "last"), db.column("SELECT name FROM inc_name ORDER BY seq"));
    assertEquals(List.of("Acme_Inc=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Inc/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    assertSecondUpgradeDoesNothing(both);
  }

  @Test
  void includeAllRunsEveryFileOfTheFolderInFileNameOrder(TestDatabase db, TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_All", "1.0.0")
        .changelog("Acme_All", "1.0.0", namesTable("all-0", "all_order"),
            "<includeAll path=\"db/changes/\" relativeToChangelogFile=\"true\"/>",
            "<includeAll path=\"Acme_All/db/more/\"/>")
        // Written out of order: includeAll sorts by name, not by the order files were made.
        .write("Acme_All/db/changes/100-third.sql", """
            --liquibase formatted sql

            --changeset test:all-third
            INSERT INTO all_order (name) VALUES ('third');
            --rollback DELETE FROM all_order WHERE name = 'third';
            """)
        .write("Acme_All/db/changes/010-second.xml", ChangelogXml.of(insert("all-second", "all_order", "second")))
        .write("Acme_All/db/changes/002-first.xml", ChangelogXml.of(insert("all-first", "all_order", "first")))
        .write("Acme_All/db/more/a.xml", ChangelogXml.of(insert("all-fourth", "all_order", "fourth")));
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("first", "second", "third", "fourth"), db.column("SELECT name FROM all_order ORDER BY seq"));
    assertEquals(List.of("Acme_All/1.0.0.xml::all-0::test EXECUTED",
        "Acme_All/db/changes/002-first.xml::all-first::test EXECUTED",
        "Acme_All/db/changes/010-second.xml::all-second::test EXECUTED",
        "Acme_All/db/changes/100-third.sql::all-third::test EXECUTED",
        "Acme_All/db/more/a.xml::all-fourth::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of("Acme_All=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_All/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    assertSecondUpgradeDoesNothing(both);
  }

  private static final String FORMATTED_SQL = """
      --liquibase formatted sql

      --changeset acme:fmt-1
      --comment: Notes left by customers
      CREATE TABLE fmt_note (id INT PRIMARY KEY, body VARCHAR(255));
      --rollback DROP TABLE fmt_note;

      --changeset acme:fmt-2
      INSERT INTO fmt_note VALUES (1, 'one');
      INSERT INTO fmt_note VALUES (2, 'two');
      --rollback DELETE FROM fmt_note WHERE id IN (1, 2);

      --changeset acme:fmt-3
      --preconditions onFail:MARK_RAN
      --precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM fmt_note WHERE id = 1
      INSERT INTO fmt_note VALUES (1, 'again');
      --rollback DELETE FROM fmt_note WHERE id = 1;

      --changeset acme:fmt-4 dbms:postgresql
      CREATE TABLE fmt_pg_only (id SERIAL PRIMARY KEY);

      --changeset acme:fmt-5 splitStatements:false
      UPDATE fmt_note SET body = CONCAT(body, '!') WHERE id = 2;
      """;

  @Test
  void aFormattedSqlFileIncludedFromTheVersionsXmlRunsEachOfItsChangesets(TestDatabase db, TestDatabase plain)
      throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Fmt", "1.0.0")
        .changelog("Acme_Fmt", "1.0.0", "<include file=\"sql/notes.sql\" relativeToChangelogFile=\"true\"/>")
        .write("Acme_Fmt/sql/notes.sql", FORMATTED_SQL);
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("1 one", "2 two!"), db.column("SELECT CONCAT(id, ' ', body) FROM fmt_note ORDER BY id"));
    assertEquals(List.of("Acme_Fmt/sql/notes.sql::fmt-1::acme EXECUTED", "Acme_Fmt/sql/notes.sql::fmt-2::acme EXECUTED",
        "Acme_Fmt/sql/notes.sql::fmt-3::acme MARK_RAN", "Acme_Fmt/sql/notes.sql::fmt-5::acme EXECUTED"),
        both.runnerOutcomes());
    assertTrue(both.runnerHistory().get(0).contains("comments=Notes left by customers"), both.runnerHistory().get(0));
    assertEquals(List.of("Acme_Fmt=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Fmt/1.0.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    assertSecondUpgradeDoesNothing(both);
  }

  @Test
  void formattedSqlFilesServeAsTheVersionsChangelogsThemselves(TestDatabase db, TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Fmt", "1.1.0")
        .write("Acme_Fmt/1.0.0.sql", FORMATTED_SQL)
        .write("Acme_Fmt/1.1.0.sql", """
            --liquibase formatted sql

            --changeset acme:fmt-1.1.0-1
            --preconditions onFail:HALT onError:HALT
            --precondition-sql-check expectedResult:2 SELECT COUNT(*) FROM fmt_note
            ALTER TABLE fmt_note ADD COLUMN author VARCHAR(64) NULL;
            --rollback ALTER TABLE fmt_note DROP COLUMN author;

            --changeset acme:fmt-1.1.0-2 labels:data
            UPDATE fmt_note SET author = 'acme';
            """);
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (2 versions, 6 changesets)"), upgrade.output());
    assertEquals(List.of("1 one acme", "2 two! acme"),
        db.column("SELECT CONCAT_WS(' ', id, body, author) FROM fmt_note ORDER BY id"));
    assertEquals(List.of("Acme_Fmt/1.0.0.sql::fmt-1::acme EXECUTED", "Acme_Fmt/1.0.0.sql::fmt-2::acme EXECUTED",
        "Acme_Fmt/1.0.0.sql::fmt-3::acme MARK_RAN", "Acme_Fmt/1.0.0.sql::fmt-5::acme EXECUTED",
        "Acme_Fmt/1.1.0.sql::fmt-1.1.0-1::acme EXECUTED", "Acme_Fmt/1.1.0.sql::fmt-1.1.0-2::acme EXECUTED"),
        both.runnerOutcomes());
    assertEquals(List.of("Acme_Fmt=1.1.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Fmt/1.0.0.sql", "Acme_Fmt/1.1.0.sql").succeeded());
    both.assertSameAsPlainLiquibase();
    assertSecondUpgradeDoesNothing(both);
  }

  /** Acme_Base 1.0.0 with a changeset of its own, then Acme_Inc 1.0.0 and 1.1.0 each made only of an include. */
  private AppFixture versionsMadeOfIncludes(String... lastIncludedChangesets) {
    return AppFixture.empty(dir)
        .module("Acme_Base", "1.0.0").changelog("Acme_Base", "1.0.0", createTable("base-1", "base_one"))
        .module("Acme_Inc", "1.1.0", "Acme_Base")
        .changelog("Acme_Inc", "1.0.0", "<include file=\"db/one.xml\" relativeToChangelogFile=\"true\"/>")
        .changelog("Acme_Inc", "1.1.0", "<include file=\"db/two.xml\" relativeToChangelogFile=\"true\"/>")
        .write("Acme_Inc/db/one.xml", ChangelogXml.of(createTable("one-1", "inc_one"), createTable("one-2", "inc_two")))
        .write("Acme_Inc/db/two.xml", ChangelogXml.of(lastIncludedChangesets));
  }

  @Test
  void versionsMadeOnlyOfIncludesRunAndAreRecorded(TestDatabase db, TestDatabase plain) throws Exception {
    SideBySide both = new SideBySide(versionsMadeOfIncludes(createTable("two-1", "inc_three")), db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 2 modules (3 versions, 4 changesets)"), upgrade.output());
    assertEquals(List.of("Acme_Base=1.0.0", "Acme_Inc=1.1.0"), both.moduleVersions());
    assertTrue(both.plainUpdate("Acme_Base/1.0.0.xml", "Acme_Inc/1.0.0.xml", "Acme_Inc/1.1.0.xml").succeeded());
    both.assertSameAsPlainLiquibase();
    assertSecondUpgradeDoesNothing(both);
  }

  @Test
  void eachVersionMadeOnlyOfIncludesIsReportedWithItsOwnChangesets(TestDatabase db) throws Exception {
    SideBySide both = new SideBySide(versionsMadeOfIncludes(createTable("two-1", "inc_three")), db, null);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("Acme_Base 1.0.0 done: 1 changeset "), upgrade.output());
    assertTrue(upgrade.err().contains("Acme_Inc 1.0.0 done: 2 changesets"), upgrade.output());
    assertTrue(upgrade.err().contains("Acme_Inc 1.1.0 done: 1 changeset "), upgrade.output());
  }

  @Test
  void aFailingChangesetOfAnIncludedFileIsNamedWithItsModuleAndVersionAndEarlierVersionsStayRecorded(
      TestDatabase db) throws Exception {
    AppFixture app = versionsMadeOfIncludes(createTable("two-1", "inc_three"),
        AppFixture.sql("two-2", "INSERT INTO no_such_table VALUES (1)"));
    SideBySide both = new SideBySide(app, db, null);

    CliRun failed = both.upgrade();

    assertEquals(4, failed.exitCode(), failed.output());
    assertTrue(failed.err().contains(
        "Changeset Acme_Inc/db/two.xml::two-2::test of module Acme_Inc 1.1.0 failed"), failed.output());
    assertTrue(failed.err().contains("no_such_table"), failed.output());
    assertEquals(List.of("Acme_Base=1.0.0", "Acme_Inc=1.0.0"), both.moduleVersions(),
        "every version before the failing one is recorded");
    assertTrue(db.tables().contains("inc_three"), "the included file's first changeset ran");

    app.write("Acme_Inc/db/two.xml", ChangelogXml.of(createTable("two-1", "inc_three"),
        AppFixture.sql("two-2", "INSERT INTO inc_three VALUES (1)")));
    CliRun resumed = both.upgrade();
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.out().contains("(1 version, 1 changeset)"), "resumes at two-2: " + resumed.output());
    assertEquals(List.of("Acme_Base=1.0.0", "Acme_Inc=1.1.0"), both.moduleVersions());
  }
}
