package io.setuprunner.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the server reports for the statement a connection is running, from {@code information_schema.PROCESSLIST}:
 * so that a deploy log shows a 40-minute {@code ALTER TABLE} is alive. MariaDB adds its stage and progress; MySQL
 * has neither column, and the snapshot leaves them out.
 */
public final class ServerActivity {
  private static final int MAX_STATEMENT = 200;
  /** ER_NO_SUCH_THREAD: the connection ended between the look and the KILL. */
  private static final int UNKNOWN_THREAD = 1094;

  /**
   * One look at a connection.
   *
   * @param seconds how long the server has been at the statement
   * @param state the thread's state, such as {@code copy to tmp table}; may be empty
   * @param statement the statement's start, at most 200 characters; may be empty
   * @param stage MariaDB: the stage, from 1, and of how many; 0 when not reported
   * @param progress MariaDB: percent done of the whole statement; negative when not reported
   */
  public record Snapshot(long seconds, String state, String statement, int stage, int maxStage, double progress) {
    /** {@code 95s in 'copy to tmp table', stage 1 of 2, 45.3% done: ALTER TABLE ...}. */
    public String describe() {
      StringBuilder text = new StringBuilder().append(seconds).append("s");
      if (!state.isEmpty()) {
        text.append(" in '").append(state).append("'");
      }
      if (maxStage > 0) {
        text.append(", stage ").append(stage).append(" of ").append(maxStage);
      }
      if (progress >= 0) {
        text.append(String.format(Locale.ROOT, ", %.1f%% done", progress));
      }
      return statement.isEmpty() ? text.toString() : text.append(": ").append(statement).toString();
    }
  }

  private final Jdbc jdbc;

  public ServerActivity(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** What {@code connectionId} is doing; empty when the server does not list it (or the look fails). */
  public Optional<Snapshot> of(long connectionId) {
    try {
      return jdbc.execute("read the server's process list", c -> {
        // SELECT *: MariaDB's STAGE, MAX_STAGE and PROGRESS exist only there; a MySQL server would refuse their names.
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM information_schema.PROCESSLIST WHERE ID = ?")) {
          ps.setLong(1, connectionId);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(snapshot(rs)) : Optional.<Snapshot>empty();
          }
        }
      });
    } catch (RuntimeException e) {
      return Optional.empty(); // a heartbeat without the server's word is still a heartbeat
    }
  }

  /**
   * Ends every connection among {@code ids} that is still open under this runner's own database user, and waits
   * up to {@code patience} until the server lists none of them: their open transactions are rolled back and their
   * next statement fails. A connection of another user is left alone (an id the server gave again after a
   * restart is not ours to end).
   *
   * @return the ids ended
   */
  public List<Long> end(Collection<Long> ids, Duration patience) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    return jdbc.execute("end the connections of the runner taken over from", c -> {
      List<Long> open = open(c, list);
      List<Long> ended = new ArrayList<>();
      for (long id : open) {
        try (Statement s = c.createStatement()) {
          s.execute("KILL CONNECTION " + id);
          ended.add(id);
        } catch (SQLException e) {
          if (e.getErrorCode() != UNKNOWN_THREAD) {
            throw e;
          }
        }
      }
      long deadline = System.nanoTime() + patience.toNanos();
      while (!open(c, list).isEmpty() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return ended;
    });
  }

  private static List<Long> open(Connection c, String ids) throws SQLException {
    List<Long> open = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
        + " WHERE ID IN (" + ids + ") AND ID <> CONNECTION_ID() AND USER = SUBSTRING_INDEX(USER(), '@', 1)")) {
      while (rs.next()) {
        open.add(rs.getLong(1));
      }
    }
    return open;
  }

  private static Snapshot snapshot(ResultSet rs) throws java.sql.SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Map<String, Object> row = new HashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      row.put(meta.getColumnLabel(i).toUpperCase(Locale.ROOT), rs.getObject(i));
    }
    String statement = text(row.get("INFO")).replaceAll("\\s+", " ").trim();
    return new Snapshot(number(row.get("TIME"), 0).longValue(), text(row.get("STATE")),
        statement.length() <= MAX_STATEMENT ? statement : statement.substring(0, MAX_STATEMENT) + " ...",
        number(row.get("STAGE"), 0).intValue(), number(row.get("MAX_STAGE"), 0).intValue(),
        row.containsKey("PROGRESS") && number(row.get("MAX_STAGE"), 0).intValue() > 0
            ? number(row.get("PROGRESS"), -1).doubleValue() : -1);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Number number(Object value, Number otherwise) {
    return value instanceof Number n ? n : otherwise;
  }
}
