package io.setuprunner.backup;

import io.setuprunner.state.StateSchema;
import io.setuprunner.support.SchemaSnapshot;
import io.setuprunner.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Setup Runner's own tables ({@code setup_runner_*}) line by line: their columns, their indexes and every
 * row in full, for proving that a restore put back the runner's record with the application's data.
 * {@link io.setuprunner.support.SchemaSnapshot} leaves these tables out; the fence table is left out here
 * too, since a backup never holds it.
 */
record RunnerTables(List<String> lines) {
  RunnerTables {
    lines = List.copyOf(lines);
  }

  static RunnerTables of(TestDatabase db) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = db.connect()) {
      List<String> tables = column(c, db, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
          + " AND table_name LIKE 'setup\\_runner\\_%' AND table_name <> '" + StateSchema.FENCE_TABLE + "'"
          + " ORDER BY table_name");
      for (String table : tables) {
        lines.add("table " + table);
        add(lines, c, db, "column " + table, "SELECT column_name, column_type, is_nullable, column_default, extra"
            + " FROM information_schema.columns WHERE table_schema = ? AND table_name = '" + table + "'");
        add(lines, c, db, "index " + table, "SELECT index_name, non_unique, seq_in_index, column_name"
            + " FROM information_schema.statistics WHERE table_schema = ? AND table_name = '" + table + "'");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
          lines.addAll(sorted("row " + table, rs));
        }
      }
    }
    return new RunnerTables(lines);
  }

  /** The rows of {@code table}, each {@code row TABLE col=value | ...}. */
  List<String> rows(String table) {
    return lines.stream().filter(l -> l.startsWith("row " + table + " ")).toList();
  }

  /** Lines only here ({@code - }) and lines only in {@code other} ({@code + }); empty when both are alike. */
  List<String> differencesFrom(RunnerTables other) {
    return SchemaSnapshot.differences(lines, other.lines);
  }

  private static void add(List<String> lines, Connection c, TestDatabase db, String prefix, String sql)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, db.name());
      try (ResultSet rs = ps.executeQuery()) {
        lines.addAll(sorted(prefix, rs));
      }
    }
  }

  private static List<String> sorted(String prefix, ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<String> found = new ArrayList<>();
    while (rs.next()) {
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        values.add(meta.getColumnLabel(i) + "=" + rs.getString(i));
      }
      found.add(prefix + " " + String.join(" | ", values));
    }
    found.sort(null);
    return found;
  }

  private static List<String> column(Connection c, TestDatabase db, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, db.name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }
}
