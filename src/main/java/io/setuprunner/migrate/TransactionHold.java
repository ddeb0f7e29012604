package io.setuprunner.migrate;

import java.sql.Connection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;

/**
 * Liquibase's connection, able to hold back the commits Liquibase makes while a transactional changeset runs:
 * Liquibase commits the changeset's changes before it writes their record, and holding that commit back puts
 * changes, record and this runner's fenced progress into one transaction, committed once by the update.
 */
final class TransactionHold extends JdbcConnection {
  private boolean holding;

  TransactionHold(Connection connection) {
    super(connection);
  }

  /** From now on commits wait, until {@link #release}. */
  void hold() {
    holding = true;
  }

  /** Commits go through again; the next one commits everything held. */
  void release() {
    holding = false;
  }

  boolean holding() {
    return holding;
  }

  @Override
  public void commit() throws DatabaseException {
    if (!holding) {
      super.commit();
    }
  }

  @Override
  public void rollback() throws DatabaseException {
    // A rollback ends what was held: nothing of it may be committed later.
    holding = false;
    super.rollback();
  }
}
