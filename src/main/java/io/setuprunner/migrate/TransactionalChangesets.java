package io.setuprunner.migrate;

import java.util.regex.Pattern;
import liquibase.change.AbstractSQLChange;
import liquibase.change.Change;
import liquibase.change.core.DeleteDataChange;
import liquibase.change.core.EmptyChange;
import liquibase.change.core.InsertDataChange;
import liquibase.change.core.LoadDataChange;
import liquibase.change.core.OutputChange;
import liquibase.change.core.TagDatabaseChange;
import liquibase.change.core.UpdateDataChange;
import liquibase.changelog.ChangeSet;

/**
 * Tells the changesets whose statements all run inside one transaction on MySQL and MariaDB (inserts, updates,
 * deletes, loaded data, raw SQL that only changes rows) from those the server commits on its own (any DDL, a
 * procedure call, a compound block). Only the first kind can be recorded in its own transaction, so that after a
 * crash "recorded" means applied and "not recorded" means rolled back. Tables are taken to be InnoDB, as the
 * applications this runner serves use.
 */
final class TransactionalChangesets {
  /** What raw SQL may start with and stay inside the transaction; anything else counts as DDL. */
  private static final Pattern DATA_STATEMENT = Pattern.compile("(?is)(insert|update|delete|replace|select|with|do)\\b.*");
  private static final Pattern LEADING_COMMENTS = Pattern.compile("(?s)\\A(\\s+|--[^\\n]*(\\n|\\z)|#[^\\n]*(\\n|\\z)"
      + "|/\\*.*?\\*/)*");

  private TransactionalChangesets() {}

  static boolean transactional(ChangeSet changeset) {
    if (!changeset.isRunInTransaction() || changeset.getChanges().isEmpty()) {
      return false;
    }
    for (Change change : changeset.getChanges()) {
      if (!transactional(change)) {
        return false;
      }
    }
    return true;
  }

  private static boolean transactional(Change change) {
    if (change instanceof InsertDataChange || change instanceof UpdateDataChange || change instanceof DeleteDataChange
        || change instanceof LoadDataChange || change instanceof EmptyChange || change instanceof OutputChange
        || change instanceof TagDatabaseChange) {
      return true;
    }
    if (!(change instanceof AbstractSQLChange)) {
      return false; // a native schema change, a custom change, a shell command: not known to be transactional
    }
    AbstractSQLChange sql = (AbstractSQLChange) change;
    String delimiter = sql.getEndDelimiter();
    if (delimiter != null && !delimiter.equals(";")) {
      return false; // a procedure body or another dialect's batch: not worth reading, count it as DDL
    }
    try {
      String text = sql.getSql();
      if (text == null) {
        return false;
      }
      // A plain split: a ';' inside a string or a comment only makes a piece look like something else, which
      // counts as DDL. Wrong that way costs a person's question after a crash, never a silent rerun.
      for (String statement : text.split(";")) {
        if (!statement.isBlank() && !dataStatement(statement)) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false; // what cannot be read cannot be vouched for
    }
  }

  static boolean dataStatement(String sql) {
    String text = LEADING_COMMENTS.matcher(sql).replaceFirst("");
    return DATA_STATEMENT.matcher(text).matches();
  }
}
