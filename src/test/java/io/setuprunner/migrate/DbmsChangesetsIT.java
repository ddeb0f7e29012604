package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes limited to some databases ({@code dbms}) are part of a changeset's checksum only where they
 * apply; a version resumed after a failure must see the checksums its first run recorded.
 */
@ExtendWith(MariaDbExtension.class)
class DbmsChangesetsIT {
  @TempDir Path dir;

  private static final String FIRST = "<changeSet id=\"d-1\" author=\"test\">"
      + "<sql dbms=\"mariadb,mysql\">CREATE TABLE dbms_one (id INT PRIMARY KEY)</sql>"
      + "<sql dbms=\"postgresql\">CREATE TABLE dbms_one (id INTEGER PRIMARY KEY)</sql></changeSet>";

  private static CliRun upgrade(TestDatabase db, Path root) {
    return CliRun.against(db, "upgrade", "--root", root.toString());
  }

  @Test
  void aVersionResumedAfterAFailureKeepsTheChecksumsOfItsDbmsSpecificChangesets(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Dbms", "1.0.0").changelog("Acme_Dbms", "1.0.0", FIRST,
        "<changeSet id=\"d-2\" author=\"test\"><sql>INSERT INTO no_such_table VALUES (1)</sql></changeSet>");
    CliRun failed = upgrade(db, app.root());
    assertEquals(4, failed.exitCode(), failed.output());

    app.changelog("Acme_Dbms", "1.0.0", FIRST,
        "<changeSet id=\"d-2\" author=\"test\"><sql>INSERT INTO dbms_one VALUES (1)</sql></changeSet>");
    CliRun resumed = upgrade(db, app.root());

    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.out().startsWith("Upgraded 1 module (1 version, 1 changeset)"), resumed.output());
    assertEquals("1", db.column("SELECT COUNT(*) FROM dbms_one").get(0));
  }
}
