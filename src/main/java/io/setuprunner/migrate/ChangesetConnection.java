package io.setuprunner.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import io.setuprunner.state.SessionIdleTimeout;
import java.time.Duration;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;

/**
 * The connection changesets run on, as Liquibase's connection. It can hold back the commits Liquibase makes while
 * a data changeset runs: Liquibase commits a changeset's changes before it writes their record, and holding that
 * commit back puts changes, record and the run's fenced progress into one transaction, committed once by the
 * update. While changesets run it has the lease as its server-side idle timeout, so that a runner frozen inside a
 * changeset loses its open transaction even if no other runner ends it.
 */
final class ChangesetConnection extends JdbcConnection {
  private final Connection connection;
  /** Zero leaves the server's idle timeout. */
  private final Duration idleTimeout;
  private boolean holding;

  ChangesetConnection(Connection connection, Duration idleTimeout) {
    super(connection);
    this.connection = connection;
    this.idleTimeout = idleTimeout;
  }

  /** Readies the connection for changesets: gives it its idle timeout, and returns its server id. */
  long prepare() throws SQLException {
    if (!idleTimeout.isZero()) {
      SessionIdleTimeout.set(connection, idleTimeout);
    }
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Before the connection goes back to the pool: the server's own idle timeout again. */
  void restoreIdleTimeout() {
    if (!idleTimeout.isZero()) {
      SessionIdleTimeout.restore(connection);
    }
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
