package io.setuprunner.state;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;

/** The one JDBC helper of the state tables: a connection per call, fenced writes, failures worded for people. */
final class Jdbc {
  private static final int NO_SUCH_TABLE = 1146;
  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The instant as UTC text with milliseconds. Text, not a {@link LocalDateTime}: Connector/J drops the
   * fraction for servers it takes for MySQL 5.5, and MariaDB before 11 announces itself as 5.5.5-10.x.
   */
  static String utc(Instant instant) {
    return UTC_MILLIS.format(instant);
  }

  static Instant instant(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC);
  }

  /** JDBC work that may throw {@link SQLException}. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  <T> T query(String what, T whenNoTables, Work<T> work) {
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
  <T> T fenced(long token, String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long current = fenceToken(c, " FOR UPDATE");
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

  /** Binds a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /**
   * Runs one {@code UPDATE} that joins the fence row on {@code token}, so that it changes nothing once a
   * newer runner moved the fence: the check and the write in one statement and one round trip, for the
   * writes made before every changeset. The statement's first parameter must be the token's.
   */
  void fencedUpdate(long token, String what, String sql, Binder binder) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, token);
      binder.bind(ps);
      if (ps.executeUpdate() == 0) {
        // Nothing matched: either the fence moved, or (with useAffectedRows) nothing needed changing.
        long current = fenceToken(c, "");
        if (current != token) {
          throw superseded(token, current, what);
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * The token the fence row holds, 0 before the first run.
   *
   * @param lock {@code ""}, or {@code " FOR UPDATE"} to hold the row until the transaction ends
   */
  static long fenceToken(Connection c, String lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT token FROM " + StateSchema.FENCE_TABLE + " WHERE id = 1"
        + lock); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  <T> T execute(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  static SetupRunnerException failure(String what, SQLException e) {
    if (AccessDenied.is(e)) {
      return AccessDenied.explain(what + " in the database", e);
    }
    return new SetupRunnerException(ErrorKind.UNAVAILABLE,
        "Could not " + what + " in the database: " + e.getMessage(), e);
  }

  static SetupRunnerException superseded(long mine, long current, String before) {
    return new SetupRunnerException(ErrorKind.LOCK_LOST, "Another runner has taken over the upgrade (the"
        + " database's fencing token is " + current + ", this run's is " + mine + ") before " + before
        + "; this run stopped without executing or recording anything more. Check the other run with"
        + " setup-runner status; run the upgrade again if it is still needed.");
  }
}
