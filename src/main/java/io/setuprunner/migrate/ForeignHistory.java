package io.setuprunner.migrate;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The history table of an application's own Liquibase set-up ({@code DATABASECHANGELOG}), read, never written. */
public final class ForeignHistory {
  /** One row: enough to find its changeset in the catalog. */
  public record Row(String id, String author, String filename) {
    @Override
    public String toString() {
      return ChangesetId.of(filename, id, author);
    }
  }

  private final DataSource dataSource;
  private final String table;

  /** @param table the table's name as the user gave it; checked before it goes into SQL */
  public ForeignHistory(DataSource dataSource, String table) {
    if (!table.matches("[A-Za-z0-9_$]{1,64}")) {
      throw new SetupRunnerException(ErrorKind.USAGE, "--from takes the name of a table in the application"
          + " database, such as DATABASECHANGELOG, not '" + table + "'");
    }
    if (table.equalsIgnoreCase(LiquibaseChangelogExecutor.HISTORY_TABLE)) {
      throw new SetupRunnerException(ErrorKind.USAGE, "--from names Setup Runner's own history table: name the"
          + " table your application's Liquibase wrote, usually DATABASECHANGELOG");
    }
    this.dataSource = dataSource;
    this.table = table;
  }

  public String table() {
    return table;
  }

  /** The table's name quoted for SQL, as the server spells it. */
  public String sqlName() {
    try (Connection c = dataSource.getConnection()) {
      return actualName(c);
    } catch (SQLException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not look up " + table + ": " + e.getMessage(), e);
    }
  }

  /** Every row in the order it ran. */
  public List<Row> rows() {
    try (Connection c = dataSource.getConnection()) {
      String actual = actualName(c);
      List<Row> rows = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ID, AUTHOR, FILENAME FROM "
          + actual + " ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not read " + table + ": " + e.getMessage()
          + ". Check that it is a Liquibase history table (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED).", e);
    }
  }

  /**
   * The table's name as the server spells it: Liquibase writes upper case, but a server with case-sensitive
   * names may hold it in lower case.
   */
  String actualName(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = DATABASE() AND LOWER(table_name) = LOWER(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SetupRunnerException(ErrorKind.INVALID_MODULES, "The application database has no table "
              + table + " to adopt: give --from the table your application's Liquibase wrote its history"
              + " to (its changelogTableName, DATABASECHANGELOG by default). Nothing was changed.");
        }
        return "`" + rs.getString(1) + "`";
      }
    }
  }
}
