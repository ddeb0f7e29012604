package io.setuprunner.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A connection's server-side idle timeout ({@code wait_timeout}): the lease while the connection holds the lock or
 * runs changesets, so that the server ends it once its runner stops answering; the server's own again before the
 * connection goes back to the pool.
 */
public final class SessionIdleTimeout {
  private SessionIdleTimeout() {}

  /** The server ends {@code connection} once it sits idle for {@code timeout}, in whole seconds, at least one. */
  public static void set(Connection connection, Duration timeout) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION wait_timeout = " + Math.max(1, (timeout.toMillis() + 999) / 1000));
    }
  }

  /** The server's own idle timeout again; a connection that cannot take it is broken, and the pool discards it. */
  public static void restore(Connection connection) {
    try (Statement s = connection.createStatement()) {
      s.execute("SET SESSION wait_timeout = @@GLOBAL.wait_timeout");
    } catch (SQLException ignore) {
      // ignore: see above
    }
  }
}
