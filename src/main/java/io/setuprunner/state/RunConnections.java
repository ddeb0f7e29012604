package io.setuprunner.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A run's hold on the server, kept in its run row: the connections its changesets run on (which a runner that takes
 * over ends), and whether the changeset it is inside commits its changes with its record (then a run that died
 * inside it left nothing behind).
 */
public final class RunConnections {
  /** ER_BAD_FIELD_ERROR: a run table from before these columns. */
  private static final int NO_SUCH_COLUMN = 1054;

  private final Jdbc jdbc;

  public RunConnections(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * In {@code transaction}, just before it commits a changeset's changes with their record: checks the fence,
   * holding its row until the commit so that a successor's takeover waits for it (or ends this connection first),
   * and counts the changeset. Commits nothing.
   */
  public void recordInTransaction(SharedTransaction transaction, String runId, int changesetsExecuted, long token,
      String what) {
    Connection connection = transaction.connection();
    try {
      long current = Jdbc.fenceToken(connection, " LOCK IN SHARE MODE");
      if (current != token) {
        throw Jdbc.superseded(token, current, what);
      }
      try (PreparedStatement ps = connection.prepareStatement("UPDATE " + StateSchema.RUN_TABLE
          + " SET changesets_executed = ? WHERE run_id = ?")) {
        ps.setInt(1, changesetsExecuted);
        ps.setString(2, runId);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw Jdbc.failure(what, e);
    }
  }

  /**
   * Records that {@code runId} runs changesets on the server connection {@code connectionId}: a runner that takes
   * over ends it, so that nothing this run left open can commit afterwards.
   */
  public void record(String runId, long connectionId, long token) {
    jdbc.fenced(token, "recording the run's connection", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + StateSchema.RUN_TABLE + " SET connection_ids ="
          + " CONCAT_WS(',', connection_ids, ?) WHERE run_id = ?")) {
        ps.setString(1, Long.toString(connectionId));
        ps.setString(2, runId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Whether the changeset {@code runId} was inside when it stopped commits its changes with its record: then,
   * not recorded, it was rolled back with the run's connection.
   */
  public boolean diedInOwnTransaction(String runId) {
    return jdbc.query("read the interrupted run", false, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT changeset_in_transaction FROM " + StateSchema.RUN_TABLE
          + " WHERE run_id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      } catch (SQLException e) {
        if (e.getErrorCode() == NO_SUCH_COLUMN) {
          return false; // a table from before: its runs never held a changeset's commit
        }
        throw e;
      }
    });
  }

  /** The connections recorded by runs still marked RUNNING: what a new lock holder ends before it takes over. */
  public List<Long> ofRunningRuns() {
    return jdbc.query("read the runs' connections", List.of(), c -> {
      List<Long> ids = new java.util.ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT connection_ids FROM " + StateSchema.RUN_TABLE
          + " WHERE status = ? AND connection_ids IS NOT NULL")) {
        ps.setString(1, RunStatus.RUNNING.name());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            for (String id : rs.getString(1).split(",")) {
              ids.add(Long.parseLong(id.trim()));
            }
          }
        }
      } catch (SQLException e) {
        if (e.getErrorCode() == NO_SUCH_COLUMN) {
          return List.of(); // a table from before connections were recorded: no column yet, nothing recorded
        }
        throw e;
      }
      return ids;
    });
  }

}
