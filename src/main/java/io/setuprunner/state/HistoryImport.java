package io.setuprunner.state;

import java.sql.PreparedStatement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Copies rows of an application's own Liquibase history into Setup Runner's, under the fence and in one
 * transaction: either every matched row is adopted or none is. Dates, order, checksums, contexts and labels
 * are kept as the application's Liquibase wrote them; only the file name changes to the catalog's path.
 */
public final class HistoryImport {
  /** One row to copy: the source row's identity, and the file name Setup Runner records it under. */
  public record Copy(String id, String author, String sourceFilename, String targetFilename) {}

  private static final String COLUMNS = "ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM,"
      + " DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS, DEPLOYMENT_ID";

  private final Jdbc jdbc;

  public HistoryImport(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * @param sourceTable the application's history table, a checked identifier
   * @param targetTable Setup Runner's history table, which exists
   * @return rows copied
   */
  public int copy(String sourceTable, String targetTable, List<Copy> copies, long token) {
    return jdbc.fenced(token, "recording " + copies.size() + " adopted changesets", c -> {
      int copied = 0;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + targetTable + " (" + COLUMNS + ") SELECT "
          + COLUMNS.replace("FILENAME", "?") + " FROM " + sourceTable + " WHERE ID = ? AND AUTHOR = ? AND FILENAME = ?"
          + " AND NOT EXISTS (SELECT 1 FROM " + targetTable + " t WHERE t.ID = ? AND t.AUTHOR = ? AND t.FILENAME = ?)"
          + " LIMIT 1")) {
        for (Copy copy : copies) {
          ps.setString(1, copy.targetFilename());
          ps.setString(2, copy.id());
          ps.setString(3, copy.author());
          ps.setString(4, copy.sourceFilename());
          ps.setString(5, copy.id());
          ps.setString(6, copy.author());
          ps.setString(7, copy.targetFilename());
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          copied += Math.max(n, 0);
        }
      }
      return copied;
    });
  }
}
