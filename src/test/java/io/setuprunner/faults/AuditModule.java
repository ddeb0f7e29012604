package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data-changeset fault tests' application: one module whose changesets alternate native DDL (create table,
 * add column) and data changes (raw SQL inserts, a native insert, an update), each data changeset writing one row
 * to an audit table that has no unique key, so that a changeset applied twice shows as a row twice.
 */
final class AuditModule {
  /** Every changeset, in order; the odd ones change data. */
  static final List<String> CHANGESETS = new ArrayList<>();
  /** The audit rows the data changesets write, one each. */
  static final List<String> AUDIT_ROWS = List.of("a-2", "a-4", "a-6", "a-8", "a-10");

  static {
    for (int i = 1; i <= 10; i++) {
      CHANGESETS.add("Acme_Audit/1.0.0.xml::a-" + i + "::test");
    }
  }

  private AuditModule() {}

  static AppFixture write(Path dir) {
    return AppFixture.empty(dir).module("Acme_Audit", "1.0.0").changelog("Acme_Audit", "1.0.0",
        "<changeSet id=\"a-1\" author=\"test\"><createTable tableName=\"audit\"><column name=\"label\""
            + " type=\"VARCHAR(16)\"/></createTable></changeSet>",
        AppFixture.sql("a-2", "INSERT INTO audit (label) VALUES ('a-2')"),
        "<changeSet id=\"a-3\" author=\"test\"><createTable tableName=\"attribute\"><column name=\"id\" type=\"INT\">"
            + "<constraints primaryKey=\"true\"/></column><column name=\"code\" type=\"VARCHAR(32)\"/></createTable>"
            + "</changeSet>",
        "<changeSet id=\"a-4\" author=\"test\"><sql>INSERT INTO attribute (id, code) VALUES (1, 'color'), (2, 'size');"
            + " INSERT INTO audit (label) VALUES ('a-4')</sql></changeSet>",
        "<changeSet id=\"a-5\" author=\"test\"><addColumn tableName=\"attribute\"><column name=\"label\""
            + " type=\"VARCHAR(64)\"/></addColumn></changeSet>",
        "<changeSet id=\"a-6\" author=\"test\"><update tableName=\"attribute\"><column name=\"label\" value=\"Color\"/>"
            + "<where>id = 1</where></update><insert tableName=\"audit\"><column name=\"label\" value=\"a-6\"/></insert>"
            + "</changeSet>",
        "<changeSet id=\"a-7\" author=\"test\"><createTable tableName=\"config\"><column name=\"path\""
            + " type=\"VARCHAR(128)\"/><column name=\"value\" type=\"VARCHAR(128)\"/></createTable></changeSet>",
        AppFixture.sql("a-8", "INSERT INTO config (path, value) VALUES ('web/secure', '1');"
            + " INSERT INTO audit (label) VALUES ('a-8')"),
        "<changeSet id=\"a-9\" author=\"test\"><createIndex tableName=\"config\" indexName=\"idx_config_path\">"
            + "<column name=\"path\"/></createIndex></changeSet>",
        "<changeSet id=\"a-10\" author=\"test\"><insert tableName=\"config\"><column name=\"path\" value=\"web/url\"/>"
            + "<column name=\"value\" value=\"https://shop\"/></insert><insert tableName=\"audit\"><column name=\"label\""
            + " value=\"a-10\"/></insert></changeSet>");
  }

  /** Every changeset recorded once, every audit row there once, every table and the index present. */
  static void assertCompleteExactlyOnce(TestDatabase db) throws SQLException {
    assertEquals(CHANGESETS, db.column("SELECT CONCAT(filename, '::', id, '::', author) FROM setup_runner_changelog"
        + " ORDER BY orderexecuted"), "each changeset recorded once, in order");
    assertEquals(AUDIT_ROWS, db.column("SELECT label FROM audit ORDER BY CAST(SUBSTRING(label, 3) AS UNSIGNED)"),
        "each data changeset applied once");
    assertEquals(List.of("1", "2"), db.column("SELECT id FROM attribute ORDER BY id"));
    assertEquals(List.of("Color"), db.column("SELECT label FROM attribute WHERE id = 1"));
    assertEquals(List.of("web/secure", "web/url"), db.column("SELECT path FROM config ORDER BY path"));
    assertTrue(db.tables().containsAll(List.of("audit", "attribute", "config")), db.tables().toString());
    assertEquals(1, db.count("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = '" + db.name()
        + "' AND index_name = 'idx_config_path'"));
    assertEquals(List.of("1.0.0"), db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Audit'"));
  }
}
