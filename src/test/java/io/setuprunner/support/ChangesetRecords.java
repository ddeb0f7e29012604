package io.setuprunner.support;

import java.sql.SQLException;
import java.util.List;

/**
 * The rows of a Liquibase history table, in the order they ran, as {@code file::id::author EXECTYPE md5}
 * followed by whichever of description, comments, tag, contexts and labels are set: what a run recorded,
 * without the times and deployment ids that differ between any two runs.
 */
public final class ChangesetRecords {
  /** Setup Runner's history table. */
  public static final String SETUP_RUNNER = "setup_runner_changelog";
  /** Plain Liquibase's history table. */
  public static final String PLAIN = "DATABASECHANGELOG";

  private ChangesetRecords() {}

  public static List<String> of(TestDatabase db, String table) throws SQLException {
    return db.column("SELECT CONCAT_WS(' ', CONCAT(filename, '::', id, '::', author), exectype, md5sum,"
        + " CONCAT('description=', NULLIF(description, '')), CONCAT('comments=', NULLIF(comments, '')),"
        + " CONCAT('tag=', tag), CONCAT('contexts=', NULLIF(contexts, '')), CONCAT('labels=', NULLIF(labels, '')))"
        + " FROM " + table + " ORDER BY orderexecuted, dateexecuted");
  }

  /** {@code file::id::author EXECTYPE} of each row, in the order they ran. */
  public static List<String> outcomes(TestDatabase db, String table) throws SQLException {
    return db.column("SELECT CONCAT(filename, '::', id, '::', author, ' ', exectype) FROM " + table
        + " ORDER BY orderexecuted, dateexecuted");
  }
}
