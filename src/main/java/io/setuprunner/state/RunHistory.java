package io.setuprunner.state;

import io.setuprunner.core.Redaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** {@code setup_runner_run}: every run, the one in progress included, with its progress and how it ended. */
public final class RunHistory {
  private static final int MAX_ERROR_LENGTH = 8000;
  /** The size of the {@code note} column. */
  private static final int MAX_NOTE_LENGTH = 1024;

  private final Jdbc jdbc;

  public RunHistory(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** @param changelogFilters the contexts and labels the run selects changesets with, in words */
  public void startRun(RunProgress run, long token, java.time.Duration lockWait, String changelogFilters) {
    startRun(run, token, lockWait, changelogFilters, null);
  }

  /** @param backup the backup taken for this run before its first changeset; null for none */
  public void startRun(RunProgress run, long token, java.time.Duration lockWait, String changelogFilters,
      String backup) {
    Map<String, Object> columns = identity(run, RunKind.UPGRADE, RunStatus.RUNNING);
    columns.put("lock_wait_ms", lockWait.toMillis());
    columns.put("changelog_filters", changelogFilters);
    columns.put("backup_name", backup);
    insert(token, "recording the start of the run", columns);
  }

  /**
   * Records a finished restore: a row of its own, written after the load, since the load replaced this table
   * with the backup's.
   *
   * @param error why it failed; null when it succeeded
   */
  public void recordRestore(RunProgress run, long token, String backup, String runBy, Instant finished,
      String error) {
    Map<String, Object> columns = identity(run, RunKind.RESTORE, error == null ? RunStatus.SUCCEEDED : RunStatus.FAILED);
    columns.put("finished_at", Jdbc.utc(finished));
    columns.put("backup_name", backup);
    columns.put("run_by", runBy);
    columns.put("error", shortened(error));
    insert(token, "recording the restore", columns);
  }

  /**
   * Records a changeset a person marked as applied or not applied, as a finished run of its own, so that
   * {@code history} shows who did it, when and why.
   */
  public void recordMark(RunProgress run, long token, String module, String version, String changeset,
      boolean applied, String runBy, String reason) {
    Map<String, Object> columns = identity(run, RunKind.MARK, RunStatus.SUCCEEDED);
    columns.put("finished_at", Jdbc.utc(run.startedAt()));
    columns.put("module", module);
    columns.put("version", version);
    columns.put("changeset", changeset);
    columns.put("run_by", runBy);
    String note = (applied ? "marked applied: " : "marked not applied: ") + reason;
    columns.put("note", cut(note, MAX_NOTE_LENGTH));
    insert(token, "recording the mark of " + changeset, columns);
  }

  /**
   * Records the start of a rollback: a RUNNING row like an upgrade's, closed by {@link #finishRun}.
   *
   * @param backup the backup taken before it; null for none
   * @param note what is rolled back and why, shown by {@code history}
   */
  public void startRollback(RunProgress run, long token, String module, String backup, String runBy, String note) {
    Map<String, Object> columns = identity(run, RunKind.ROLLBACK, RunStatus.RUNNING);
    columns.put("module", module);
    columns.put("backup_name", backup);
    columns.put("run_by", runBy);
    columns.put("note", cut(note, MAX_NOTE_LENGTH));
    insert(token, "recording the start of the rollback", columns);
  }

  /** The columns every run row has, in a map the caller adds its kind's own to. */
  private static Map<String, Object> identity(RunProgress run, RunKind kind, RunStatus status) {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("run_id", run.runId());
    columns.put("host", run.host());
    columns.put("pid", run.pid());
    columns.put("release_id", run.release());
    columns.put("started_at", Jdbc.utc(run.startedAt()));
    columns.put("status", status.name());
    columns.put("kind", kind.name());
    return columns;
  }

  private void insert(long token, String what, Map<String, Object> columns) {
    jdbc.fenced(token, what, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + StateSchema.RUN_TABLE + " ("
          + String.join(", ", columns.keySet()) + ") VALUES (" + String.join(", ",
              java.util.Collections.nCopies(columns.size(), "?")) + ")")) {
        int i = 1;
        for (Object value : columns.values()) {
          ps.setObject(i++, value);
        }
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * @param ownTransaction the changeset starting commits its changes with its record: if this run dies before
   *     that, the changes are rolled back, and the next run settles it without a person
   */
  public void recordProgress(RunProgress run, int changesetsExecuted, long token, boolean ownTransaction) {
    String what = run.changeset() == null ? "recording the run's progress"
        : "recording that changeset " + run.changeset() + " starts";
    jdbc.fencedUpdate(token, what, "UPDATE " + StateSchema.RUN_TABLE + " r JOIN "
        + StateSchema.FENCE_TABLE + " f ON f.id = 1 AND f.token = ? SET r.module = ?, r.version = ?,"
        + " r.changeset = ?, r.changesets_executed = ?, r.changeset_in_transaction = ? WHERE r.run_id = ?", ps -> {
          ps.setString(2, run.module());
          ps.setString(3, run.version());
          ps.setString(4, run.changeset());
          ps.setInt(5, changesetsExecuted);
          ps.setBoolean(6, ownTransaction);
          ps.setString(7, run.runId());
        });
  }

  public void finishRun(String runId, RunStatus status, Instant now, int changesetsExecuted, String error,
      long token) {
    jdbc.fenced(token, "recording the end of the run", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + StateSchema.RUN_TABLE
          + " SET status = ?, finished_at = ?, changesets_executed = ?, error = ? WHERE run_id = ?")) {
        ps.setString(1, status.name());
        ps.setObject(2, Jdbc.utc(now));
        ps.setInt(3, changesetsExecuted);
        ps.setString(4, shortened(error));
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
    return jdbc.fenced(token, "closing interrupted runs", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + StateSchema.RUN_TABLE
          + " SET status = ?, finished_at = ? WHERE status = ? AND run_id <> ?")) {
        ps.setString(1, RunStatus.INTERRUPTED.name());
        ps.setObject(2, Jdbc.utc(now));
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
    return jdbc.query("read interrupted runs", List.of(), c -> {
      List<RunProgress> runs = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT run_id, host, pid, release_id, started_at, module, version, changeset"
              + " FROM " + StateSchema.RUN_TABLE + " r WHERE status = '" + RunStatus.INTERRUPTED + "' AND changeset IS NOT NULL"
              + " AND NOT EXISTS (SELECT 1 FROM " + StateSchema.RESOLUTION_TABLE + " x WHERE x.run_id = r.run_id) ORDER BY id")) {
        while (rs.next()) {
          runs.add(progress(rs));
        }
      }
      return runs;
    });
  }

  /** The release of the last upgrade that succeeded: the code the database's state belongs to. */
  public Optional<String> lastUpgradedRelease() {
    return jdbc.query("read the last upgrade's release", Optional.empty(), c -> {
      // A rollback since the last upgrade leaves the data at an older release than that upgrade's: unknown then.
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT release_id, kind FROM "
          + StateSchema.RUN_TABLE + " WHERE status = '" + RunStatus.SUCCEEDED + "' AND (kind IS NULL OR kind IN ('"
          + RunKind.UPGRADE + "', '" + RunKind.ROLLBACK + "')) ORDER BY id DESC LIMIT 1")) {
        return rs.next() && !RunKind.ROLLBACK.name().equals(rs.getString(2)) ? Optional.ofNullable(rs.getString(1))
            : Optional.empty();
      }
    });
  }

  /** The most recently started run, if any. */
  public Optional<RunRecord> latestRun() {
    return runs(1).stream().findFirst();
  }

  /** The most recent runs, newest first. */
  public List<RunRecord> runs(int limit) {
    return jdbc.query("read the run history", List.of(), c -> {
      List<RunRecord> runs = new ArrayList<>();
      // r.* rather than a column list: a table an older release made lacks the newer columns until the
      // next upgrade adds them, and status must read it meanwhile.
      try (PreparedStatement ps = c.prepareStatement("SELECT run_id, host, pid, release_id, started_at, module,"
          + " version, changeset, status, finished_at, changesets_executed, error, r.* FROM " + StateSchema.RUN_TABLE
          + " r ORDER BY id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          boolean hasFilters = hasColumn(rs, "changelog_filters");
          boolean hasKinds = hasColumn(rs, "kind");
          boolean hasNotes = hasColumn(rs, "note");
          while (rs.next()) {
            String kind = hasKinds ? rs.getString("kind") : null;
            runs.add(new RunRecord(progress(rs), RunStatus.valueOf(rs.getString(9)),
                Optional.ofNullable(rs.getObject(10, LocalDateTime.class)).map(Jdbc::instant),
                rs.getInt(11), Optional.ofNullable(rs.getString(12)),
                Optional.ofNullable(hasFilters ? rs.getString("changelog_filters") : null),
                kind == null ? RunKind.UPGRADE : RunKind.valueOf(kind),
                Optional.ofNullable(hasKinds ? rs.getString("backup_name") : null),
                Optional.ofNullable(hasKinds ? rs.getString("run_by") : null),
                Optional.ofNullable(hasNotes ? rs.getString("note") : null)));
          }
        }
      }
      return runs;
    });
  }

  /** Counts and timings of the run history, for metrics. */
  public RunStatistics runStatistics() {
    return jdbc.query("read run statistics", new RunStatistics(0, 0, 0, 0), c -> {
      try (Statement s = c.createStatement();
          ResultSet counts = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(status IN ('FAILED', 'INTERRUPTED')), 0)"
              + " FROM " + StateSchema.RUN_TABLE)) {
        counts.next();
        long runs = counts.getLong(1);
        long failures = counts.getLong(2);
        try (ResultSet last = s.executeQuery("SELECT TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) DIV 1000,"
            + " COALESCE(lock_wait_ms, 0) FROM " + StateSchema.RUN_TABLE + " WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")) {
          return last.next() ? new RunStatistics(runs, failures, last.getLong(1), last.getLong(2))
              : new RunStatistics(runs, failures, 0, 0);
        }
      }
    });
  }

  private static String shortened(String error) {
    return cut(Redaction.redact(error), MAX_ERROR_LENGTH);
  }

  /** {@code text} cut to what its column holds. */
  private static String cut(String text, int length) {
    return text == null || text.length() <= length ? text : text.substring(0, length);
  }

  private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
    java.sql.ResultSetMetaData meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (meta.getColumnLabel(i).equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  /** Reads a run's progress from columns 1 to 8: run_id, host, pid, release_id, started_at, module, version, changeset. */
  private static RunProgress progress(ResultSet rs) throws SQLException {
    return new RunProgress(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
        Jdbc.instant(rs.getObject(5, LocalDateTime.class)), rs.getString(6), rs.getString(7), rs.getString(8));
  }
}
