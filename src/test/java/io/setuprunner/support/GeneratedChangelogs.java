package io.setuprunner.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Writes a large changelog set shaped like a real project's that runs on two databases: a chain of modules
 * ({@code Gen_Module01} depends on nothing, each next one on the one before), each with versions 1.0.0 and
 * 1.1.0 whose changelogs only include files under {@code db/<version>/} (one file per table; 1.1.0 of every
 * other module through {@code includeAll}). Every logical change is written twice, a {@code mysql} variant and a
 * {@code postgresql} variant, told apart by {@code context}. In most modules the two variants sit side by side
 * in one file with distinct ids ({@code ...-mysql}, {@code ...-postgresql}); in {@link #SAME_ID_MODULE} they
 * share their id and live in separate files ({@code db/<version>/mysql/}, {@code db/<version>/postgresql/}),
 * which Liquibase accepts because a changeset's identity includes its file. The postgresql variants would
 * fail on MariaDB (tables that exist, PostgreSQL syntax), so only a context filter makes the set run.
 *
 * <p>The change types: createTable, addColumn, createIndex, addForeignKeyConstraint, insert, update, sql,
 * renameColumn, modifyDataType, addUniqueConstraint, dropColumn and createView.
 */
public final class GeneratedChangelogs {
  /** The module whose variants share ids and are told apart by context and file only. */
  public static final int SAME_ID_MODULE = 3;

  /** How the variants are told apart. */
  public enum Variants {
    /** {@code context="mysql"} and {@code context="postgresql"}: the set runs only with a context filter. */
    BY_CONTEXT,
    /**
     * The contexts plus {@code dbms="mariadb,mysql"} and {@code dbms="postgresql"}: the set runs on MariaDB
     * without a context filter too (for checking the fixture and the comparison without one).
     */
    BY_CONTEXT_AND_DBMS
  }

  /**
   * What was written.
   *
   * @param changelogs the version changelogs in the order Setup Runner runs them (relative to {@code changelogs/})
   * @param changesets changesets in all files, both variants
   * @param mysqlChangesets changesets of the mysql variant: what runs with context {@code mysql}
   * @param tables tables (each also gets a view)
   * @param files changelog files, version changelogs and included files
   */
  public record Set(List<String> modules, List<String> changelogs, int changesets, int mysqlChangesets, int tables,
      int files) {}

  private enum Db {
    MYSQL("mysql", "mariadb,mysql"), POSTGRESQL("postgresql", "postgresql");

    final String context;
    final String dbms;

    Db(String context, String dbms) {
      this.context = context;
      this.dbms = dbms;
    }
  }

  private final AppFixture app;
  private final Variants variants;
  private int changesets;
  private int mysqlChangesets;
  private int files;

  private GeneratedChangelogs(AppFixture app, Variants variants) {
    this.app = app;
    this.variants = variants;
  }

  /** Writes {@code modules} modules of {@code tablesPerModule} tables each into {@code app}. */
  public static Set write(AppFixture app, int modules, int tablesPerModule, Variants variants) {
    return new GeneratedChangelogs(app, variants).write(modules, tablesPerModule);
  }

  private Set write(int moduleCount, int tablesPerModule) {
    List<String> modules = new ArrayList<>();
    List<String> changelogs = new ArrayList<>();
    String previousTable = null;
    for (int m = 1; m <= moduleCount; m++) {
      String module = String.format("Gen_Module%02d", m);
      if (m == 1) {
        app.module(module, "1.1.0");
      } else {
        app.module(module, "1.1.0", modules.get(modules.size() - 1));
      }
      modules.add(module);
      boolean sameIds = m == SAME_ID_MODULE;
      List<String> firstIncludes = new ArrayList<>();
      List<String> secondIncludes = new ArrayList<>();
      for (int t = 1; t <= tablesPerModule; t++) {
        String table = String.format("gen%d_t%02d", m, t);
        String file = String.format("%02d-%s.xml", t, table);
        Table spec = new Table(table, previousTable, m * 1000 + t);
        firstIncludes.addAll(writeTableFile(module, "1.0.0", file, sameIds, spec.firstVersion()));
        secondIncludes.addAll(writeTableFile(module, "1.1.0", file, sameIds, spec.secondVersion()));
        previousTable = table;
      }
      app.write(module + "/1.0.0.xml", ChangelogXml.of(firstIncludes.stream()
          .map(f -> "<include file=\"" + f + "\" relativeToChangelogFile=\"true\"/>").toArray(String[]::new)));
      if (m % 2 == 0) {
        app.write(module + "/1.1.0.xml", ChangelogXml.of(
            "<includeAll path=\"db/1.1.0/\" relativeToChangelogFile=\"true\"/>"));
      } else {
        app.write(module + "/1.1.0.xml", ChangelogXml.of(secondIncludes.stream()
            .map(f -> "<include file=\"" + f + "\" relativeToChangelogFile=\"true\"/>").toArray(String[]::new)));
      }
      files += 2;
      changelogs.add(module + "/1.0.0.xml");
      changelogs.add(module + "/1.1.0.xml");
    }
    return new Set(modules, changelogs, changesets, mysqlChangesets, moduleCount * tablesPerModule, files);
  }

  /**
   * Writes one table's changes of one version: both variants in one file with distinct ids, or (same-id
   * module) each variant in a file of its own under the same id.
   *
   * @return the written files, relative to the module folder
   */
  private List<String> writeTableFile(String module, String version, String file, boolean sameIds,
      List<Change> changes) {
    String dir = "db/" + version + "/";
    if (!sameIds) {
      List<String> both = new ArrayList<>();
      for (Change change : changes) {
        both.add(changeset(change.id() + "-mysql", Db.MYSQL, change));
        both.add(changeset(change.id() + "-postgresql", Db.POSTGRESQL, change));
      }
      app.write(module + "/" + dir + file, ChangelogXml.of(both.toArray(String[]::new)));
      files++;
      return List.of(dir + file);
    }
    List<String> written = new ArrayList<>();
    for (Db db : Db.values()) {
      String path = dir + db.context + "/" + file;
      app.write(module + "/" + path, ChangelogXml.of(changes.stream().map(c -> changeset(c.id(), db, c))
          .toArray(String[]::new)));
      files++;
      written.add(path);
    }
    return written;
  }

  private String changeset(String id, Db db, Change change) {
    changesets++;
    if (db == Db.MYSQL) {
      mysqlChangesets++;
    }
    String dbms = variants == Variants.BY_CONTEXT_AND_DBMS ? " dbms=\"" + db.dbms + "\"" : "";
    return "<changeSet id=\"" + id + "\" author=\"generator\" context=\"" + db.context + "\"" + dbms + ">"
        + change.body().apply(db, change.table()) + "</changeSet>";
  }

  /** One logical change: its id, and its body for each database. */
  private record Change(String id, String table, BiFunction<Db, String, String> body) {}

  /** The changes of one table, in order, split over the two versions. */
  private record Table(String name, String previous, int seed) {
    private Change change(String what, BiFunction<Db, String, String> body) {
      return new Change(name + "-" + what, name, body);
    }

    List<Change> firstVersion() {
      List<Change> changes = new ArrayList<>();
      changes.add(change("create", (db, t) -> "<createTable tableName=\"" + t + "\">"
          + column("id", db == Db.MYSQL ? "BIGINT" : "BIGSERIAL",
              " autoIncrement=\"true\"><constraints primaryKey=\"true\" nullable=\"false\"/></column>")
          + column("code", db == Db.MYSQL ? "VARCHAR(64)" : "TEXT", "><constraints nullable=\"false\"/></column>")
          + column("name", db == Db.MYSQL ? "VARCHAR(255)" : "TEXT", "/>")
          + column("qty", "INT", " defaultValueNumeric=\"0\"><constraints nullable=\"false\"/></column>")
          + column("parent_id", "BIGINT", "/>")
          + column("legacy", db == Db.MYSQL ? "VARCHAR(32)" : "TEXT", "/>")
          + "</createTable>"));
      changes.add(change("add-status", (db, t) -> "<addColumn tableName=\"" + t + "\">"
          + column("status", db == Db.MYSQL ? "VARCHAR(32)" : "TEXT", " defaultValue=\"new\"/>") + "</addColumn>"));
      changes.add(change("index-qty", (db, t) -> "<createIndex tableName=\"" + t + "\" indexName=\"idx_" + t
          + "_qty\"><column name=\"qty\"/>" + (db == Db.POSTGRESQL ? "<column name=\"status\"/>" : "")
          + "</createIndex>"));
      if (previous != null) {
        changes.add(change("fk-parent", (db, t) -> "<addForeignKeyConstraint baseTableName=\"" + t
            + "\" baseColumnNames=\"parent_id\" constraintName=\"fk_" + t + "_parent\" referencedTableName=\""
            + previous + "\" referencedColumnNames=\"id\" onDelete=\"" + (db == Db.MYSQL ? "SET NULL" : "CASCADE")
            + "\"/>"));
      }
      changes.add(change("insert-first", (db, t) -> insert(t, 1, 3, db)));
      changes.add(change("insert-more", (db, t) -> insert(t, 4, 5, db)));
      changes.add(change("activate", (db, t) -> "<update tableName=\"" + t + "\">"
          + "<column name=\"status\" value=\"" + (db == Db.MYSQL ? "active" : "ACTIVE") + "\"/>"
          + "<where>qty &gt;= " + (seed % 3 + 2) + "</where></update>"));
      changes.add(change("copy-rows", (db, t) -> "<sql>INSERT INTO " + t + " (code, name, qty) SELECT "
          + (db == Db.MYSQL ? "CONCAT(code, '-copy')" : "code || '-copy'") + ", name, qty FROM " + t
          + " WHERE qty &gt; 2</sql>"));
      if (previous != null) {
        changes.add(change("link-parent", (db, t) -> "<sql>UPDATE " + t + " SET parent_id = (SELECT MIN(id) FROM "
            + previous + ")" + (db == Db.POSTGRESQL ? "::BIGINT" : "") + " WHERE qty &gt; 1</sql>"));
      }
      return changes;
    }

    List<Change> secondVersion() {
      List<Change> changes = new ArrayList<>();
      changes.add(change("rename-name", (db, t) -> "<renameColumn tableName=\"" + t + "\" oldColumnName=\"name\""
          + " newColumnName=\"title\"" + (db == Db.MYSQL ? " columnDataType=\"VARCHAR(255)\"" : "") + "/>"));
      changes.add(change("widen-code", (db, t) -> "<modifyDataType tableName=\"" + t + "\" columnName=\"code\""
          + " newDataType=\"" + (db == Db.MYSQL ? "VARCHAR(128)" : "VARCHAR(512)") + "\"/>"));
      changes.add(change("unique-code", (db, t) -> "<addUniqueConstraint tableName=\"" + t + "\" columnNames=\"code\""
          + " constraintName=\"uq_" + t + "_code\"" + (db == Db.POSTGRESQL ? " deferrable=\"true\"" : "") + "/>"));
      changes.add(change("drop-legacy", (db, t) -> "<dropColumn tableName=\"" + t + "\" columnName=\"legacy\"/>"));
      changes.add(change("view", (db, t) -> "<createView viewName=\"v_" + t + "\" replaceIfExists=\"true\">SELECT id,"
          + (db == Db.MYSQL ? " code, title, status, qty" : " code::TEXT AS code, title, status, qty::BIGINT AS qty")
          + " FROM " + t + "</createView>"));
      changes.add(change("insert-titled", (db, t) -> "<insert tableName=\"" + t + "\">"
          + "<column name=\"code\" value=\"" + t + "-titled\"/><column name=\"title\" value=\"Titled "
          + seed + "\"/><column name=\"qty\" valueNumeric=\"" + (seed % 7) + "\"/></insert>"));
      changes.add(change("restock", (db, t) -> "<update tableName=\"" + t + "\"><column name=\"qty\" valueComputed=\""
          + (db == Db.MYSQL ? "qty + 10" : "qty + 10::INT") + "\"/><where>status = 'active'</where></update>"));
      changes.add(change("retire-copies", (db, t) -> "<sql>UPDATE " + t + " SET status = "
          + (db == Db.MYSQL ? "'retired'" : "'retired'::TEXT") + " WHERE code LIKE '%-copy' AND qty &lt; "
          + (seed % 5 + 3) + "</sql>"));
      return changes;
    }

    /** Rows {@code from}..{@code to}, one insert each. */
    private String insert(String t, int from, int to, Db db) {
      StringBuilder inserts = new StringBuilder();
      for (int i = from; i <= to; i++) {
        inserts.append("<insert tableName=\"").append(t).append("\">")
            .append("<column name=\"code\" value=\"").append(db == Db.MYSQL ? "c" : "C").append(i).append("\"/>")
            .append("<column name=\"name\" value=\"Item ").append(seed).append('-').append(i).append("\"/>")
            .append("<column name=\"qty\" valueNumeric=\"").append((seed + i) % 6).append("\"/>")
            .append("<column name=\"legacy\" value=\"old-").append(i).append("\"/>")
            .append("</insert>");
      }
      return inserts.toString();
    }

    private static String column(String name, String type, String rest) {
      return "<column name=\"" + name + "\" type=\"" + type + "\"" + rest;
    }
  }
}
