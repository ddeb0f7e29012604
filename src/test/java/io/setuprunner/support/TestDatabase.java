package io.setuprunner.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A fresh database on the test MariaDB, with small helpers for asserting on what a run left. */
public final class TestDatabase {
  private final MariaDb server;
  private final String name;

  TestDatabase(MariaDb server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  public String url() {
    return server.serverUrl() + name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), "root", "");
  }

  /** A small pool, for code under test that takes a DataSource; the caller closes it. */
  public HikariDataSource dataSource() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername("root");
    config.setPassword("");
    config.setMaximumPoolSize(6);
    return new HikariDataSource(config);
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of every row {@code sql} returns, as text. */
  public List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  public long count(String sql) throws SQLException {
    return Long.parseLong(column(sql).get(0));
  }

  public List<String> tables() throws SQLException {
    return column("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + name
        + "' ORDER BY table_name");
  }
}
