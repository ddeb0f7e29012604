package io.setuprunner.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fault tests' application: one module of native Liquibase changes only (create table, add
 * column, create index, add foreign key), each of which can report its own status to the live schema.
 */
final class NativeModule {
  static final List<String> CHANGESETS = List.of(
      "Acme_Native/1.0.0.xml::n-1::test", "Acme_Native/1.0.0.xml::n-2::test", "Acme_Native/1.0.0.xml::n-3::test",
      "Acme_Native/1.1.0.xml::n-4::test", "Acme_Native/1.1.0.xml::n-5::test", "Acme_Native/1.1.0.xml::n-6::test");

  private NativeModule() {}

  static AppFixture write(Path dir) {
    return AppFixture.empty(dir)
        .module("Acme_Native", "1.1.0")
        .changelog("Acme_Native", "1.0.0",
            "<changeSet id=\"n-1\" author=\"test\"><createTable tableName=\"native_one\">"
                + "<column name=\"id\" type=\"INT\"><constraints primaryKey=\"true\"/></column></createTable></changeSet>",
            "<changeSet id=\"n-2\" author=\"test\"><addColumn tableName=\"native_one\">"
                + "<column name=\"label\" type=\"VARCHAR(64)\"/></addColumn></changeSet>",
            "<changeSet id=\"n-3\" author=\"test\"><createIndex tableName=\"native_one\" indexName=\"idx_native_label\">"
                + "<column name=\"label\"/></createIndex></changeSet>")
        .changelog("Acme_Native", "1.1.0",
            "<changeSet id=\"n-4\" author=\"test\"><createTable tableName=\"native_two\">"
                + "<column name=\"id\" type=\"INT\"><constraints primaryKey=\"true\"/></column>"
                + "<column name=\"one_id\" type=\"INT\"/></createTable></changeSet>",
            "<changeSet id=\"n-5\" author=\"test\"><addForeignKeyConstraint baseTableName=\"native_two\""
                + " baseColumnNames=\"one_id\" referencedTableName=\"native_one\" referencedColumnNames=\"id\""
                + " constraintName=\"fk_native_two_one\"/></changeSet>",
            "<changeSet id=\"n-6\" author=\"test\"><addColumn tableName=\"native_two\">"
                + "<column name=\"note\" type=\"VARCHAR(64)\"/></addColumn></changeSet>");
  }

  static List<String> args(TestDatabase db, Path root, String... more) {
    List<String> args = new ArrayList<>(List.of("--root", root.toString()));
    args.addAll(db.flags());
    args.addAll(List.of(more));
    return args;
  }

  /** The debug setting that widens the window between a change and its record, for kills to land in. */
  static Map<String, String> pausing(String duration) {
    return Map.of("SETUP_RUNNER_DEBUG_PAUSE_AFTER_CHANGE", duration);
  }

  static RunnerProcess start(Path logs, String name, Map<String, String> env, List<String> args, String... more) {
    List<String> command = new ArrayList<>(List.of("upgrade"));
    command.addAll(args);
    command.addAll(List.of(more));
    return RunnerProcess.start(logs, name, env, command.toArray(String[]::new));
  }

  /** As {@link #start}, through the launcher with class data sharing in {@code cdsDir}, as a node runs it. */
  static RunnerProcess launch(Path logs, String name, Path cdsDir, Map<String, String> env, List<String> args,
      String... more) {
    List<String> command = new ArrayList<>(List.of("upgrade"));
    command.addAll(args);
    command.addAll(List.of(more));
    return RunnerProcess.launch(logs, name, cdsDir, env, command.toArray(String[]::new));
  }

  /** Waits until {@code runner}'s own run row shows it at {@code changeset}. */
  static void awaitChangeset(TestDatabase db, RunnerProcess runner, String changeset, Duration timeout)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        List<String> at = db.column("SELECT changeset FROM setup_runner_run WHERE pid = " + runner.pid()
            + " AND status = 'RUNNING'");
        if (at.contains(changeset)) {
          return;
        }
      } catch (SQLException e) {
        if (e.getErrorCode() != 1146) {
          throw e; // anything but "the runner has not created its tables yet"
        }
      }
      if (!runner.isAlive()) {
        throw new AssertionError("runner ended before reaching " + changeset + "\n" + runner.output());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("runner never reached " + changeset + "\n" + runner.output());
  }

  /** Every changeset recorded exactly once, the module at its declared version, the schema complete. */
  static void assertCompleteExactlyOnce(TestDatabase db) throws SQLException {
    List<String> recorded = new ArrayList<>();
    for (String row : db.column("SELECT CONCAT(filename, '::', id, '::', author) FROM setup_runner_changelog ORDER BY orderexecuted")) {
      recorded.add(row);
    }
    assertEquals(CHANGESETS, recorded, "each changeset recorded once, in order");
    assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Native'"));
    assertEquals(1, db.count("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = '" + db.name()
        + "' AND index_name = 'idx_native_label'"));
    assertEquals(1, db.count("SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = '"
        + db.name() + "' AND constraint_name = 'fk_native_two_one'"));
    assertTrue(db.column("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + db.name()
        + "' AND table_name = 'native_two'").contains("note"));
  }
}
