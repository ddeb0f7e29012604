package io.setuprunner.migrate;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.module.Version;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads Liquibase's history table ({@value LiquibaseChangelogExecutor#HISTORY_TABLE}) without Liquibase: the
 * fast path and {@code status} need only these summaries, and parsing no changelog keeps them fast.
 */
public final class ChangesetHistory {
  private static final int NO_SUCH_TABLE = 1146;

  private final DataSource dataSource;

  public ChangesetHistory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Per module, the newest version with any changeset run, and the newest with a {@code contract}
   * changeset run (its LABELS column). Empty when the history does not exist.
   */
  public Map<String, HistoryVersions> versions() {
    Map<String, HistoryVersions> newest = new LinkedHashMap<>();
    read("SELECT filename, FIND_IN_SET('contract', REPLACE(COALESCE(labels, ''), ' ', '')) > 0 FROM "
        + LiquibaseChangelogExecutor.HISTORY_TABLE, rs -> {
          String file = rs.getString(1);
          boolean contract = rs.getBoolean(2);
          int slash = file.indexOf('/');
          int dot = file.lastIndexOf('.');
          if (slash > 0 && dot > slash) {
            Version.tryParse(file.substring(slash + 1, dot)).ifPresent(v -> newest.merge(file.substring(0, slash),
                new HistoryVersions(v, contract ? Optional.of(v) : Optional.empty()), HistoryVersions::max));
          }
        });
    return newest;
  }

  /** Per changelog file in the history, how many of its changesets ran; empty before the first run. */
  public Map<String, Integer> files() {
    Map<String, Integer> files = new LinkedHashMap<>();
    read("SELECT filename, COUNT(*) FROM " + LiquibaseChangelogExecutor.HISTORY_TABLE + " GROUP BY filename",
        rs -> files.put(rs.getString(1), rs.getInt(2)));
    return files;
  }

  /**
   * The changesets recorded after {@code order} in the history's order of execution, oldest first, as
   * {@code path::id::author}; empty before the first run.
   */
  public java.util.List<String> ranAfter(int order) {
    java.util.List<String> ran = new java.util.ArrayList<>();
    read("SELECT filename, id, author FROM " + LiquibaseChangelogExecutor.HISTORY_TABLE + " WHERE orderexecuted > "
        + order + " ORDER BY orderexecuted", rs -> ran.add(ChangesetId.of(rs.getString(1), rs.getString(2),
            rs.getString(3))));
    return ran;
  }

  /** A row of a result, read. */
  @FunctionalInterface
  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  private void read(String sql, Row row) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        row.read(rs);
      }
    } catch (SQLException e) {
      if (e.getErrorCode() != NO_SUCH_TABLE) {
        throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not read the changeset history in the"
            + " database: " + e.getMessage(), e);
      }
    }
  }
}
