package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.ChangelogXml;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contexts, labels and changelog parameters reach every command that reads changelogs, as they reach plain
 * Liquibase: a changeset the filters exclude is never pending, and {@code ${name}} expands from the settings.
 */
@ExtendWith(MariaDbExtension.class)
class ChangelogSelectionIT {
  @TempDir Path dir;

  private static String changeset(String id, String attributes, String sql) {
    return "<changeSet id=\"" + id + "\" author=\"test\" " + attributes + "><sql>" + sql + "</sql></changeSet>";
  }

  private static CliRun run(AppFixture app, TestDatabase db, String... args) {
    return run(Map.of(), app, db, args);
  }

  private static CliRun run(Map<String, String> env, AppFixture app, TestDatabase db, String... args) {
    return CliRun.inApp(env, app, db.flags(), args);
  }

  @Test
  void aContextSelectsOneOfTwoVariantsSharingAnIdAndStatusAgrees(TestDatabase db) throws Exception {
    // Real projects write a mysql and a postgresql variant of a changeset under one id, told apart by context.
    AppFixture app = AppFixture.empty(dir).module("Acme_Twice", "1.0.0").changelog("Acme_Twice", "1.0.0",
        changeset("t-1", "context=\"mysql\"", "CREATE TABLE twice_mysql (id INT)"),
        changeset("t-1", "context=\"postgresql\"", "CREATE TABLE twice_postgresql (id INTEGER)"),
        changeset("t-2", "", "CREATE TABLE twice_always (id INT)"));

    CliRun before = run(app, db, "status", "-v", "--contexts", "mysql");
    assertEquals(2, before.exitCode(), before.output());
    assertTrue(before.out().contains("pending: Acme_Twice/1.0.0.xml::t-1::test")
        && before.out().contains("Changelog filters: contexts mysql"), before.output());

    CliRun upgrade = run(app, db, "upgrade", "--contexts", "mysql");

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("twice_always", "twice_mysql"), db.column("SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = DATABASE() AND table_name LIKE 'twice%' ORDER BY table_name"));
    assertEquals("1.0.0", db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Twice'").get(0));
    CliRun after = run(app, db, "status", "--json", "--contexts", "mysql");
    assertEquals(0, after.exitCode(), after.output());
    assertTrue(after.out().contains("\"changelogFilters\" : \"contexts mysql\""), after.output());
    assertEquals(List.of("contexts mysql"), db.column("SELECT changelog_filters FROM setup_runner_run"));
    assertEquals(0, run(app, db, "wait", "--timeout", "5s", "--contexts", "mysql").exitCode());
  }

  @Test
  void statusSaysSoWhenTheFiltersDifferFromTheLastRuns(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Twice", "1.0.0").changelog("Acme_Twice", "1.0.0",
        changeset("t-1", "context=\"mysql\"", "CREATE TABLE twice_mysql (id INT)"));
    assertEquals(0, run(app, db, "upgrade", "--contexts", "mysql").exitCode());

    CliRun status = run(app, db, "status");

    assertEquals(0, status.exitCode(), status.output());
    assertTrue(status.out().contains("Changelog filters: no filters (the last run used contexts mysql;"),
        status.output());
  }

  @Test
  void theLabelFilterAndTheExpandPhaseNarrowEachOther(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Labels", "1.0.0").changelog("Acme_Labels", "1.0.0",
        changeset("feature", "labels=\"feature-x\"", "CREATE TABLE lab_feature (id INT)"),
        changeset("plain", "", "CREATE TABLE lab_plain (id INT)"),
        changeset("other", "labels=\"feature-y\"", "CREATE TABLE lab_other (id INT)"),
        changeset("feature-contract", "labels=\"feature-x,contract\"", "CREATE TABLE lab_feature_contract (id INT)"),
        changeset("other-contract", "labels=\"contract\"", "CREATE TABLE lab_other_contract (id INT)"));

    CliRun expand = run(app, db, "upgrade", "--phase", "expand", "--labels", "feature-x");

    assertEquals(0, expand.exitCode(), expand.output());
    assertEquals(List.of("lab_feature", "lab_plain"), labTables(db));

    CliRun contract = run(app, db, "upgrade", "--phase", "contract", "--labels", "feature-x");

    assertEquals(0, contract.exitCode(), contract.output());
    assertEquals(List.of("lab_feature", "lab_feature_contract", "lab_plain"), labTables(db),
        "the label filter keeps other labels' changesets out of the contract phase too");
    assertEquals("1.0.0", db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Labels'").get(0),
        "what the filter excludes is not pending, so the version is installed");
    assertEquals(List.of("labels feature-x", "labels feature-x"),
        db.column("SELECT changelog_filters FROM setup_runner_run ORDER BY id"));
  }

  private static List<String> labTables(TestDatabase db) throws Exception {
    return db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        + " AND table_name LIKE 'lab%' ORDER BY table_name");
  }

  @Test
  void parametersComeFromTheFileTheEnvironmentAndFlagsAndWinOverTheChangelogsOwn(TestDatabase db)
      throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Params", "1.0.0").write("Acme_Params/1.0.0.xml",
        ChangelogXml.of("<property name=\"own\" value=\"own\"/>",
            "<property name=\"c\" value=\"changelog\"/>",
            "<changeSet id=\"p-1\" author=\"test\">"
                + "<createTable tableName=\"${a}_${b}_${c}_${own}\"><column name=\"id\" type=\"INT\"/>"
                + "</createTable></changeSet>"));
    Files.writeString(app.root().resolve("setup-runner.properties"),
        "changelog.parameter.a=file\nchangelog.parameter.b=file\nchangelog.parameter.c=file\n");

    CliRun upgrade = run(Map.of("SETUP_RUNNER_CHANGELOG_PARAMETER_b", "env", "SETUP_RUNNER_CHANGELOG_PARAMETER_c",
        "env"), app, db, "upgrade", "-Dc=flag");

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertFalse(upgrade.err().contains("not a setting"), upgrade.output());
    assertEquals(List.of("file_env_flag_own"), db.column("SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = DATABASE() AND table_name LIKE '%own'"));
  }

  @Test
  void aParameterNameNoChangelogCanUseIsRefusedBeforeAnythingConnects(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Params", "1.0.0");
    Files.writeString(app.root().resolve("setup-runner.properties"), "changelog.parameter.a/b=1\n");

    CliRun upgrade = run(app, db, "upgrade");

    assertEquals(78, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("changelog.parameter.a/b"), upgrade.output());
  }
}
