package io.setuprunner.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an application's schema and data look like, read from information_schema, one line per fact, for
 * comparing two databases: tables, columns (type, nullability, default, extra), indexes, foreign keys,
 * views (definitions with the database name taken out), and each table's row count and content checksum.
 * The migration tools' own tables (Setup Runner's {@code setup_runner_*}, Liquibase's
 * {@code DATABASECHANGELOG*}) are left out.
 */
public record SchemaSnapshot(List<String> lines) {
  public SchemaSnapshot {
    lines = List.copyOf(lines);
  }

  public static SchemaSnapshot of(TestDatabase db) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = db.connect()) {
      List<String> baseTables = new ArrayList<>();
      for (List<String> row : rows(c, db, "SELECT table_name, table_type FROM information_schema.tables"
          + " WHERE table_schema = ? ORDER BY table_name")) {
        if (!isToolTable(row.get(0))) {
          lines.add("table " + row.get(0) + " " + row.get(1));
          if (row.get(1).equals("BASE TABLE")) {
            baseTables.add(row.get(0));
          }
        }
      }
      add(lines, "column", c, db, "SELECT table_name, column_name, column_type, is_nullable, column_default, extra"
          + " FROM information_schema.columns WHERE table_schema = ?");
      add(lines, "index", c, db, "SELECT table_name, index_name, non_unique, seq_in_index, column_name"
          + " FROM information_schema.statistics WHERE table_schema = ?");
      add(lines, "foreign key", c, db, "SELECT k.table_name, k.constraint_name, k.column_name,"
          + " k.referenced_table_name, k.referenced_column_name, r.update_rule, r.delete_rule"
          + " FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r"
          + " ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name"
          + " AND r.table_name = k.table_name WHERE k.table_schema = ?");
      String qualifier = "`" + db.name() + "`.";
      for (List<String> row : rows(c, db, "SELECT table_name, view_definition FROM information_schema.views"
          + " WHERE table_schema = ?")) {
        lines.add("view " + row.get(0) + " " + row.get(1).replace(qualifier, ""));
      }
      try (Statement s = c.createStatement()) {
        for (String table : baseTables) {
          long count;
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            rs.next();
            count = rs.getLong(1);
          }
          try (ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + table + "`")) {
            rs.next();
            lines.add("rows " + table + " " + count + " checksum " + rs.getString(2));
          }
        }
      }
    }
    return new SchemaSnapshot(lines);
  }

  /** The lines with this prefix ({@code "table"}, {@code "column"}, {@code "index"}, ...). */
  public List<String> lines(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix + " ")).toList();
  }

  /** Lines only here ({@code - }) and lines only in {@code other} ({@code + }); empty when both are alike. */
  public List<String> differencesFrom(SchemaSnapshot other) {
    return differences(lines, other.lines);
  }

  /** Lines only in {@code these} ({@code - }) and lines only in {@code those} ({@code + }). */
  public static List<String> differences(List<String> these, List<String> those) {
    Set<String> mine = new TreeSet<>(these);
    Set<String> theirs = new TreeSet<>(those);
    List<String> differences = new ArrayList<>();
    mine.stream().filter(l -> !theirs.contains(l)).forEach(l -> differences.add("- " + l));
    theirs.stream().filter(l -> !mine.contains(l)).forEach(l -> differences.add("+ " + l));
    return differences;
  }

  private static boolean isToolTable(String table) {
    String name = table.toLowerCase(Locale.ROOT);
    return name.startsWith("setup_runner_") || name.equals("databasechangelog") || name.equals("databasechangeloglock");
  }

  private static void add(List<String> lines, String kind, Connection c, TestDatabase db, String sql)
      throws SQLException {
    List<String> found = new ArrayList<>();
    for (List<String> row : rows(c, db, sql)) {
      if (!isToolTable(row.get(0))) {
        found.add(kind + " " + String.join(" | ", row));
      }
    }
    found.sort(null);
    lines.addAll(found);
  }

  private static List<List<String>> rows(Connection c, TestDatabase db, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, db.name());
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.add(String.valueOf(rs.getString(i)));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
