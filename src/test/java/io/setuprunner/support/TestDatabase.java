package io.setuprunner.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.config.Setting;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fresh database on the test server, with small helpers for asserting on what a run left. */
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

  /** The database's URL, without credentials. */
  public String url() {
    return server.login().databaseUrl(name);
  }

  /** {@link #url()} with more driver parameters ({@code user=…&password=…}) after the server's own. */
  public String urlWith(String parameters) {
    return url() + (url().contains("?") ? "&" : "?") + parameters;
  }

  /** The tests' account on the server. */
  public String user() {
    return server.login().user();
  }

  /**
   * The settings, by key ({@code db.url}), that connect a runner to this database as the tests' account. The
   * password, if any, is in a file ({@code db.password-file}), so no command line or output shows it. With the
   * embedded server, backups use its own dump and client programs, so a machine without them passes.
   */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("db.url", url());
    settings.put("db.user", user());
    if (server.passwordFile() != null) {
      settings.put("db.password-file", server.passwordFile().toString());
    }
    server.toolsDir().ifPresent(bin -> {
      settings.put("backup.dump-command", bin.resolve("mariadb-dump").toString());
      settings.put("backup.client-command", bin.resolve("mariadb").toString());
    });
    return settings;
  }

  /** {@link #settings()} as command-line flags: {@code --db-url URL --db-user USER}. */
  public List<String> flags() {
    List<String> flags = new ArrayList<>();
    settings().forEach((key, value) -> flags.addAll(List.of(setting(key).flag().orElseThrow(), value)));
    return flags;
  }

  /** {@link #settings()} as environment variables: {@code SETUP_RUNNER_DB_URL}, {@code SETUP_RUNNER_DB_USER}. */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    settings().forEach((key, value) -> environment.put(setting(key).environmentName(), value));
    return environment;
  }

  private static Setting setting(String key) {
    return Setting.byKey(key).orElseThrow();
  }

  /** Lets {@code user} log in with {@code password} and use this database; see {@link MariaDb#allowLogin}. */
  public void allowLogin(String user, String password) {
    server.allowLogin(name, user, password);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), server.login().password());
  }

  /** The pool settings that log in to this database as the tests' account. */
  public HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername(user());
    config.setPassword(server.login().password());
    return config;
  }

  /** A small pool, for code under test that takes a DataSource; the caller closes it. */
  public HikariDataSource dataSource() {
    HikariConfig config = poolConfig();
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

  /** Every table with its row count, by name: what "nothing was written" is checked against. */
  public java.util.Map<String, Long> rowCounts() throws SQLException {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    for (String table : tables()) {
      counts.put(table, count("SELECT COUNT(*) FROM `" + table + "`"));
    }
    return counts;
  }

  public List<String> tables() throws SQLException {
    return column("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + name
        + "' ORDER BY table_name");
  }
}
