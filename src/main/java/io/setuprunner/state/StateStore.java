package io.setuprunner.state;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.module.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The runner's own tables: {@code setup_runner_module} (each module's version in the database, like
 * Magento 2's {@code setup_module}) and {@code setup_runner_run} (run history, including the run in
 * progress). Times are stored as UTC. Reads treat missing tables as a database never upgraded.
 */
public final class StateStore {
  public static final String MODULE_TABLE = "setup_runner_module";
  public static final String RUN_TABLE = "setup_runner_run";
  public static final String FENCE_TABLE = "setup_runner_fence";
  public static final String RESOLUTION_TABLE = "setup_runner_resolution";
  private static final int NO_SUCH_TABLE = 1146;
  private static final int MAX_ERROR_LENGTH = 8000;

  private static final java.time.format.DateTimeFormatter UTC_MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final DataSource dataSource;

  public StateStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Creates the tables when missing; the caller holds the upgrade lock, so only one runner does. */
  public void ensureSchema() {
    String options = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
    execute("create state tables", c -> {
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
            + "error TEXT NULL)" + options);
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
   * What a new lock holder does first: creates the tables if needed and moves the fence to its token
   * (the lease's own, or, for a lock without a counter, the fence row's plus one).
   *
   * @return the token every later write of this holder must carry
   */
  public long takeOver(java.util.OptionalLong leaseToken, String runId, Instant now) {
    ensureSchema();
    long token = leaseToken.orElseGet(() -> fenceToken() + 1);
    advanceFence(token, runId, now);
    return token;
  }

  /** The fencing token the database currently accepts; 0 before the first run. */
  public long fenceToken() {
    return query("read the fence", 0L, c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT token FROM " + FENCE_TABLE + " WHERE id = 1")) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /**
   * Moves the fence to {@code token}, which must be larger than the one it holds: from now on only
   * writes carrying {@code token} are accepted.
   *
   * @throws SetupRunnerException of kind {@link ErrorKind#LOCK_LOST} when a newer token is already there
   */
  public void advanceFence(long token, String runId, Instant now) {
    int updated = execute("advance the fence", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + FENCE_TABLE
          + " SET token = ?, run_id = ?, updated_at = ? WHERE id = 1 AND token < ?")) {
        ps.setLong(1, token);
        ps.setString(2, runId);
        ps.setObject(3, utc(now));
        ps.setLong(4, token);
        return ps.executeUpdate();
      }
    });
    if (updated == 0) {
      throw superseded(token, fenceToken(), "starting");
    }
  }

  /** Throws {@link ErrorKind#LOCK_LOST} unless the database still accepts {@code token}. */
  public void checkFence(long token, String before) {
    long current = fenceToken();
    if (current != token) {
      throw superseded(token, current, before);
    }
  }

  private static SetupRunnerException superseded(long mine, long current, String before) {
    return new SetupRunnerException(ErrorKind.LOCK_LOST, "Another runner has taken over the upgrade (the"
        + " database's fencing token is " + current + ", this run's is " + mine + ") before " + before
        + "; this run stopped without executing or recording anything more. Check the other run with"
        + " setup-runner status; run the upgrade again if it is still needed.");
  }

  /**
   * Per module, from Liquibase's history: the newest version with any changeset run, and the newest
   * with a {@code contract} changeset run (its LABELS column). Empty when the history does not exist.
   */
  public Map<String, HistoryVersions> historyVersions() {
    return query("read the changeset history", Map.of(), c -> {
      Map<String, HistoryVersions> newest = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT filename,"
              + " FIND_IN_SET('contract', REPLACE(COALESCE(labels, ''), ' ', '')) > 0 FROM setup_runner_changelog")) {
        while (rs.next()) {
          String file = rs.getString(1);
          boolean contract = rs.getBoolean(2);
          int slash = file.indexOf('/');
          int dot = file.lastIndexOf('.');
          if (slash > 0 && dot > slash) {
            Version.tryParse(file.substring(slash + 1, dot)).ifPresent(v -> newest.merge(file.substring(0, slash),
                new HistoryVersions(v, contract ? Optional.of(v) : Optional.empty()), HistoryVersions::max));
          }
        }
      }
      return newest;
    });
  }

  /** Per changelog file in the changeset history, how many of its changesets ran; empty before the first run. */
  public Map<String, Integer> historyFiles() {
    return query("read the changeset history", Map.of(), c -> {
      Map<String, Integer> files = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT filename, COUNT(*) FROM setup_runner_changelog GROUP BY filename")) {
        while (rs.next()) {
          files.put(rs.getString(1), rs.getInt(2));
        }
      }
      return files;
    });
  }

  /** Each module's recorded version; empty for a database the runner has never upgraded. */
  public Map<String, Version> moduleVersions() {
    return query("read module versions", Map.of(), c -> {
      Map<String, Version> versions = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT module, version FROM " + MODULE_TABLE + " ORDER BY module")) {
        while (rs.next()) {
          versions.put(rs.getString(1), Version.parse(rs.getString(2)));
        }
      }
      return versions;
    });
  }

  public void recordModuleVersion(String module, Version version, String runId, Instant now, long token) {
    fenced(token, "recording " + module + " " + version, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MODULE_TABLE
          + " (module, version, run_id, updated_at) VALUES (?, ?, ?, ?)"
          + " ON DUPLICATE KEY UPDATE version = VALUES(version), run_id = VALUES(run_id),"
          + " updated_at = VALUES(updated_at)")) {
        ps.setString(1, module);
        ps.setString(2, version.toString());
        ps.setString(3, runId);
        ps.setObject(4, utc(now));
        ps.executeUpdate();
      }
      return null;
    });
  }

  public void startRun(RunProgress run, long token, java.time.Duration lockWait) {
    fenced(token, "recording the start of the run", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RUN_TABLE
          + " (run_id, host, pid, release_id, started_at, status, lock_wait_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(7, lockWait.toMillis());
        ps.setString(1, run.runId());
        ps.setString(2, run.host());
        ps.setLong(3, run.pid());
        ps.setString(4, run.release());
        ps.setObject(5, utc(run.startedAt()));
        ps.setString(6, RunStatus.RUNNING.name());
        ps.executeUpdate();
      }
      return null;
    });
  }

  public void recordProgress(RunProgress run, int changesetsExecuted, long token) {
    fenced(token, "recording the run's progress", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + RUN_TABLE
          + " SET module = ?, version = ?, changeset = ?, changesets_executed = ? WHERE run_id = ?")) {
        ps.setString(1, run.module());
        ps.setString(2, run.version());
        ps.setString(3, run.changeset());
        ps.setInt(4, changesetsExecuted);
        ps.setString(5, run.runId());
        ps.executeUpdate();
      }
      return null;
    });
  }

  public void finishRun(String runId, RunStatus status, Instant now, int changesetsExecuted, String error,
      long token) {
    fenced(token, "recording the end of the run", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + RUN_TABLE
          + " SET status = ?, finished_at = ?, changesets_executed = ?, error = ? WHERE run_id = ?")) {
        ps.setString(1, status.name());
        ps.setObject(2, utc(now));
        ps.setInt(3, changesetsExecuted);
        String shown = io.setuprunner.core.Redaction.redact(error);
        ps.setString(4, shown == null || shown.length() <= MAX_ERROR_LENGTH ? shown
            : shown.substring(0, MAX_ERROR_LENGTH));
        ps.setString(5, runId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Marks every other RUNNING run as INTERRUPTED. Only a lock holder calls this, and only lock
   * holders write RUNNING rows, so any other RUNNING row belongs to a runner that is gone.
   *
   * @return how many runs were marked
   */
  public int markOtherRunsInterrupted(String runId, Instant now, long token) {
    return fenced(token, "closing interrupted runs", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + RUN_TABLE
          + " SET status = ?, finished_at = ? WHERE status = ? AND run_id <> ?")) {
        ps.setString(1, RunStatus.INTERRUPTED.name());
        ps.setObject(2, utc(now));
        ps.setString(3, RunStatus.RUNNING.name());
        ps.setString(4, runId);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Interrupted runs that were inside a changeset and whose changeset has not been resolved yet
   * (found recorded, verified, or decided by a person), oldest first.
   */
  public List<RunProgress> unresolvedInterruptions() {
    return query("read interrupted runs", List.of(), c -> {
      List<RunProgress> runs = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT run_id, host, pid, release_id, started_at, module, version, changeset"
              + " FROM " + RUN_TABLE + " r WHERE status = '" + RunStatus.INTERRUPTED + "' AND changeset IS NOT NULL"
              + " AND NOT EXISTS (SELECT 1 FROM " + RESOLUTION_TABLE + " x WHERE x.run_id = r.run_id) ORDER BY id")) {
        while (rs.next()) {
          runs.add(progress(rs));
        }
      }
      return runs;
    });
  }

  /** Records how an interrupted run's changeset was settled, and by whom. */
  public void recordResolution(RunProgress interrupted, Resolution outcome, String by, Instant now, String detail,
      long token) {
    fenced(token, "recording how " + interrupted.changeset() + " was resolved", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RESOLUTION_TABLE
          + " (run_id, changeset, outcome, resolved_by, resolved_at, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, interrupted.runId());
        ps.setString(2, interrupted.changeset());
        ps.setString(3, outcome.name());
        ps.setString(4, by);
        ps.setObject(5, utc(now));
        ps.setString(6, detail);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** How many modules' recorded versions {@code runId} wrote last. */
  public int modulesRecordedBy(String runId) {
    return query("read module versions", 0, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + MODULE_TABLE + " WHERE run_id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  /** The most recently started run, if any. */
  public Optional<RunRecord> latestRun() {
    return runs(1).stream().findFirst();
  }

  /** The most recent runs, newest first. */
  public List<RunRecord> runs(int limit) {
    return query("read the run history", List.of(), c -> {
      List<RunRecord> runs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT run_id, host, pid, release_id, started_at, module,"
          + " version, changeset, status, finished_at, changesets_executed, error FROM " + RUN_TABLE
          + " ORDER BY id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            runs.add(new RunRecord(progress(rs), RunStatus.valueOf(rs.getString(9)),
                Optional.ofNullable(rs.getObject(10, LocalDateTime.class)).map(StateStore::instant),
                rs.getInt(11), Optional.ofNullable(rs.getString(12))));
          }
        }
      }
      return runs;
    });
  }

  /** Counts and timings of the run history, for metrics. */
  public RunStatistics runStatistics() {
    return query("read run statistics", new RunStatistics(0, 0, 0, 0), c -> {
      try (Statement s = c.createStatement();
          ResultSet counts = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(status IN ('FAILED', 'INTERRUPTED')), 0)"
              + " FROM " + RUN_TABLE)) {
        counts.next();
        long runs = counts.getLong(1);
        long failures = counts.getLong(2);
        try (ResultSet last = s.executeQuery("SELECT TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) DIV 1000,"
            + " COALESCE(lock_wait_ms, 0) FROM " + RUN_TABLE + " WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")) {
          return last.next() ? new RunStatistics(runs, failures, last.getLong(1), last.getLong(2))
              : new RunStatistics(runs, failures, 0, 0);
        }
      }
    });
  }

  /** Reads a run's progress from columns 1 to 8: run_id, host, pid, release_id, started_at, module, version, changeset. */
  private static RunProgress progress(ResultSet rs) throws SQLException {
    return new RunProgress(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
        instant(rs.getObject(5, LocalDateTime.class)), rs.getString(6), rs.getString(7), rs.getString(8));
  }

  /**
   * The instant as UTC text with milliseconds. Text, not a {@link LocalDateTime}: Connector/J drops the
   * fraction for servers it takes for MySQL 5.5, and MariaDB before 11 announces itself as 5.5.5-10.x.
   */
  private static String utc(Instant instant) {
    return UTC_MILLIS.format(instant);
  }

  private static Instant instant(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC);
  }

  /** JDBC work that may throw {@link SQLException}. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T query(String what, T whenNoTables, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      if (e.getErrorCode() == NO_SUCH_TABLE) {
        return whenNoTables;
      }
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in a transaction that first locks the fence row and checks it still holds
   * {@code token}: a newer runner's {@link #advanceFence} waits for this write, and this write
   * refuses to happen after it.
   */
  private <T> T fenced(long token, String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long current;
        try (PreparedStatement ps = c.prepareStatement("SELECT token FROM " + FENCE_TABLE + " WHERE id = 1 FOR UPDATE");
            ResultSet rs = ps.executeQuery()) {
          current = rs.next() ? rs.getLong(1) : 0L;
        }
        if (current != token) {
          throw superseded(token, current, what);
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T execute(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static SetupRunnerException failure(String what, SQLException e) {
    return new SetupRunnerException(ErrorKind.UNAVAILABLE,
        "Could not " + what + " in the database: " + e.getMessage(), e);
  }
}
