package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.GeneratedChangelogs;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.PlainLiquibase;
import io.setuprunner.support.SchemaSnapshot;
import io.setuprunner.support.SideBySide;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changelogs written for MySQL and PostgreSQL, their variants told apart by context, run with context mysql to
 * the schema and history plain Liquibase makes of them. Both tests need Setup Runner's context filter
 * ({@code --contexts}).
 */
@ExtendWith(MariaDbExtension.class)
class GeneratedChangelogSetIT {
  private static final int MODULES = 5;
  private static final int TABLES_PER_MODULE = 6;

  @TempDir Path dir;

  @Test
  void theMysqlVariantsOfALargeTwoDatabaseSetEndInTheSchemaAndHistoryPlainLiquibaseMakes(TestDatabase db,
      TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir);
    GeneratedChangelogs.Set set = GeneratedChangelogs.write(app, MODULES, TABLES_PER_MODULE,
        GeneratedChangelogs.Variants.BY_CONTEXT);
    assertTrue(set.changesets() >= 1000, set.changesets() + " changesets");
    SideBySide both = new SideBySide(app, db, plain);

    // The context filter is the setting changelog.contexts (flag --contexts, SETUP_RUNNER_CHANGELOG_CONTEXTS).
    CliRun upgrade = both.upgrade("--contexts", "mysql");

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded " + MODULES + " modules (" + 2 * MODULES + " versions, "
        + set.mysqlChangesets() + " changesets)"), upgrade.output());
    PlainLiquibase.Result plainRun = both.plainUpdateWithContexts("mysql", set.changelogs().toArray(String[]::new));
    assertTrue(plainRun.succeeded(), plainRun.error());

    SchemaSnapshot runnerSchema = SchemaSnapshot.of(db);
    SchemaSnapshot plainSchema = SchemaSnapshot.of(plain);
    assertEquals(2 * set.tables(), plainSchema.lines("table").size(), "a table and a view for each table");
    assertEquals(set.tables() - 1, plainSchema.lines("foreign key").size(), plainSchema.lines("foreign key").toString());
    assertEquals(List.of(), runnerSchema.differencesFrom(plainSchema), "Setup Runner's schema against plain Liquibase's");
    List<String> history = both.runnerHistory();
    assertEquals(set.mysqlChangesets(), history.size());
    assertEquals(both.plainHistory(), history, "Setup Runner records what plain Liquibase records");
    assertEquals(0, history.stream().filter(h -> h.contains("contexts=postgresql")).count());

    List<String> versions = both.moduleVersions();
    assertEquals(set.modules().stream().map(m -> m + "=1.1.0").toList(), versions);
    CliRun again = both.upgrade("--contexts", "mysql");
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.out().contains("No upgrades available."), again.output());
    assertEquals(history, both.runnerHistory());
  }

  /**
   * With a context filter, plain Liquibase validates only the changesets that pass it, so variants that share
   * an id in one file are no duplicates there (without a filter, both tools refuse them: ChangelogValidationIT).
   */
  @Test
  void variantsSharingAnIdInOneFileRunWithTheContextFilterAsInPlainLiquibase(TestDatabase db, TestDatabase plain)
      throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Twice", "1.0.0").changelog("Acme_Twice", "1.0.0",
        "<changeSet id=\"t-1\" author=\"test\" context=\"mysql\"><sql>CREATE TABLE twice_one (id INT)</sql></changeSet>",
        "<changeSet id=\"t-1\" author=\"test\" context=\"postgresql\"><sql>CREATE TABLE twice_one (id SERIAL)</sql>"
            + "</changeSet>");
    SideBySide both = new SideBySide(app, db, plain);

    CliRun upgrade = both.upgrade("--contexts", "mysql");

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    PlainLiquibase.Result plainRun = both.plainUpdateWithContexts("mysql", "Acme_Twice/1.0.0.xml");
    assertTrue(plainRun.succeeded(), plainRun.error());
    assertEquals(List.of("Acme_Twice/1.0.0.xml::t-1::test EXECUTED"), both.runnerOutcomes());
    both.assertSameAsPlainLiquibase();
    assertEquals(List.of("Acme_Twice=1.0.0"), both.moduleVersions());
  }
}
