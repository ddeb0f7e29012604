package io.setuprunner.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The runner's own tables. Created by the first lock holder; reads treat missing tables as a database
 * never upgraded. Times are stored as UTC.
 */
public final class StateSchema {
  public static final String MODULE_TABLE = "setup_runner_module";
  public static final String RUN_TABLE = "setup_runner_run";
  public static final String FENCE_TABLE = "setup_runner_fence";
  public static final String RESOLUTION_TABLE = "setup_runner_resolution";

  private final Jdbc jdbc;

  public StateSchema(DataSource dataSource) {
    this(new Jdbc(dataSource));
  }

  StateSchema(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates the tables when missing; the caller holds the upgrade lock, so only one runner does. */
  public void ensure() {
    String options = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
    jdbc.execute("create state tables", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + MODULE_TABLE + " ("
            + "module VARCHAR(191) NOT NULL PRIMARY KEY,"
            + "version VARCHAR(64) NOT NULL,"
            + "run_id CHAR(36) NULL,"
            + "updated_at DATETIME(3) NOT NULL)" + options);
        s.execute("CREATE TABLE IF NOT EXISTS " + RUN_TABLE + " ("
            + "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + "run_id CHAR(36) NOT NULL UNIQUE,"
            + "host VARCHAR(255) NOT NULL,"
            + "pid BIGINT NOT NULL,"
            + "release_id VARCHAR(191) NULL,"
            + "started_at DATETIME(3) NOT NULL,"
            + "finished_at DATETIME(3) NULL,"
            + "status VARCHAR(16) NOT NULL,"
            + "module VARCHAR(191) NULL,"
            + "version VARCHAR(64) NULL,"
            + "changeset VARCHAR(1024) NULL,"
            + "changesets_executed INT NOT NULL DEFAULT 0,"
            + "lock_wait_ms BIGINT NULL,"
            + "error TEXT NULL,"
            + "changelog_filters VARCHAR(1024) NULL,"
            + "kind VARCHAR(16) NULL,"
            + "backup_name VARCHAR(191) NULL,"
            + "run_by VARCHAR(255) NULL,"
            + "note VARCHAR(1024) NULL,"
            + "connection_ids VARCHAR(255) NULL,"
            + "changeset_in_transaction BOOLEAN NULL)" + options);
        addMissingColumn(c, RUN_TABLE, "changelog_filters", "VARCHAR(1024) NULL");
        addMissingColumn(c, RUN_TABLE, "kind", "VARCHAR(16) NULL");
        addMissingColumn(c, RUN_TABLE, "backup_name", "VARCHAR(191) NULL");
        addMissingColumn(c, RUN_TABLE, "run_by", "VARCHAR(255) NULL");
        addMissingColumn(c, RUN_TABLE, "note", "VARCHAR(1024) NULL");
        addMissingColumn(c, RUN_TABLE, "connection_ids", "VARCHAR(255) NULL");
        addMissingColumn(c, RUN_TABLE, "changeset_in_transaction", "BOOLEAN NULL");
        s.execute("CREATE TABLE IF NOT EXISTS " + FENCE_TABLE + " ("
            + "id TINYINT NOT NULL PRIMARY KEY,"
            + "token BIGINT NOT NULL,"
            + "run_id CHAR(36) NULL,"
            + "updated_at DATETIME(3) NULL)" + options);
        s.execute("INSERT IGNORE INTO " + FENCE_TABLE + " (id, token) VALUES (1, 0)");
        s.execute("CREATE TABLE IF NOT EXISTS " + RESOLUTION_TABLE + " ("
            + "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + "run_id CHAR(36) NOT NULL,"
            + "changeset VARCHAR(1024) NOT NULL,"
            + "outcome VARCHAR(32) NOT NULL,"
            + "resolved_by VARCHAR(255) NOT NULL,"
            + "resolved_at DATETIME(3) NOT NULL,"
            + "detail TEXT NULL)" + options);
      }
      return null;
    });
  }

  /**
   * Brings a table made by an older release up to date. MySQL has no {@code ADD COLUMN IF NOT EXISTS}, so
   * ask first; the caller holds the lock, so nobody races the check.
   */
  private static void addMissingColumn(Connection c, String table, String column, String definition)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.columns"
        + " WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?")) {
      ps.setString(1, table);
      ps.setString(2, column);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + definition);
    }
  }
}
