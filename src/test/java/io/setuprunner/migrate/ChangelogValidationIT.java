package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changelogs are validated against the XSD they name, as plain Liquibase does, although the XSD is read
 * once per run rather than once per file.
 */
@ExtendWith(MariaDbExtension.class)
class ChangelogValidationIT {
  @TempDir Path dir;

  @Test
  void anElementTheSchemaDoesNotKnowIsRefusedWithItsLineBeforeAnythingRuns(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    Path changelog = app.changelogs().resolve("Acme_Store/1.0.0.xml");
    String xml = Files.readString(changelog);
    int firstChangeset = xml.indexOf("<changeSet");
    int bodyStart = xml.indexOf('>', firstChangeset) + 1;
    Files.writeString(changelog, xml.substring(0, bodyStart) + "<notAChange/>" + xml.substring(bodyStart));

    CliRun upgrade = CliRun.against(db, "upgrade", "--root", app.root().toString());

    assertEquals(65, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("Acme_Store/1.0.0.xml") && upgrade.err().contains("notAChange")
        && upgrade.err().contains("line "), upgrade.output());
    assertTrue(db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        + " AND table_name NOT LIKE 'setup\\_runner\\_%'").isEmpty(), "no table of the application was made");
  }

  @Test
  void everyDuplicateIdentifierIsNamedWithoutVerbose(TestDatabase db) throws Exception {
    // The shape of a changelog written for two databases: one id per statement, told apart by context.
    AppFixture app = AppFixture.empty(dir).module("Acme_Twice", "1.0.0").changelog("Acme_Twice", "1.0.0",
        "<changeSet id=\"t-1\" author=\"test\" context=\"mysql\"><sql>CREATE TABLE twice_one (id INT)</sql></changeSet>",
        "<changeSet id=\"t-1\" author=\"test\" context=\"postgresql\"><sql>CREATE TABLE twice_one (id INTEGER)</sql>"
            + "</changeSet>",
        "<changeSet id=\"t-2\" author=\"test\" context=\"mysql\"><sql>CREATE TABLE twice_two (id INT)</sql></changeSet>",
        "<changeSet id=\"t-2\" author=\"test\" context=\"postgresql\"><sql>CREATE TABLE twice_two (id INTEGER)</sql>"
            + "</changeSet>");

    CliRun upgrade = CliRun.against(db, "upgrade", "--root", app.root().toString());

    assertEquals(65, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("duplicate identifiers")
        && upgrade.err().contains("Acme_Twice/1.0.0.xml::t-1::test")
        && upgrade.err().contains("Acme_Twice/1.0.0.xml::t-2::test"), upgrade.output());
    assertTrue(db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        + " AND table_name LIKE 'twice%'").isEmpty(), "nothing ran");
  }

  @Test
  void validateListsEveryProblemInJsonAndTheFirstFortyLinesOnTheTerminal(TestDatabase db) throws Exception {
    String[] changesets = new String[120];
    for (int i = 0; i < changesets.length; i++) {
      // Sixty ids, each twice.
      changesets[i] = AppFixture.sql("dup-" + (i / 2), "SELECT 1");
    }
    AppFixture app = AppFixture.empty(dir).module("Acme_Many", "1.0.0").changelog("Acme_Many", "1.0.0", changesets);
    String root = app.root().toString();

    CliRun text = CliRun.against(db, "validate", "--root", root);
    CliRun json = CliRun.against(db, "validate", "--json", "--root", root);
    List<String> tablesAfterValidating = db.tables();
    CliRun upgrade = CliRun.against(db, "upgrade", "--root", root);

    assertEquals(65, text.exitCode(), text.output());
    assertTrue(text.out().contains("Acme_Many/1.0.0.xml::dup-0::test") && text.out().contains("more lines"),
        text.output());
    assertEquals(65, json.exitCode(), json.output());
    for (int i = 0; i < 60; i++) {
      assertTrue(json.out().contains("Acme_Many/1.0.0.xml::dup-" + i + "::test\""), "dup-" + i + "\n" + json.out());
    }
    assertTrue(upgrade.err().contains("setup-runner validate --json lists them all"), upgrade.output());
    assertEquals(List.of(), tablesAfterValidating, "validating writes nothing");
  }

  @Test
  void validateSaysSoWhenEveryChangelogIsValid(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);

    CliRun validate = CliRun.against(db, "validate", "--root", app.root().toString());

    assertEquals(0, validate.exitCode(), validate.output());
    assertTrue(validate.out().startsWith("Valid: "), validate.output());
  }
}
