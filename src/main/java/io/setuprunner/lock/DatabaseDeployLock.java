package io.setuprunner.lock;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.SessionIdleTimeout;
import io.setuprunner.state.StateStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The lock as the database's named lock ({@code GET_LOCK}), for one database without ZooKeeper. The
 * server frees it when the holding connection dies; the run-history row carries the progress. The holding
 * connection gets the lease as its server-side idle timeout and a keepalive at a third of it: a holder that stops
 * answering (frozen, cut off) loses its connection, and with it the lock, one lease later, and a waiting runner
 * takes over instead of waiting until {@code lock.timeout}.
 */
public final class DatabaseDeployLock implements DeployLock {
  private final DataSource dataSource;
  private final StateStores state;
  private final String lockName;
  private final Duration lease;

  public DatabaseDeployLock(DataSource dataSource, StateStores state, String databaseName, Duration lease) {
    this.dataSource = dataSource;
    this.state = state;
    this.lease = lease;
    // Named locks are server-wide: the database name keeps two applications on one server apart.
    String name = "setup_runner." + databaseName;
    this.lockName = name.length() <= 64 ? name : name.substring(0, 64);
  }

  @Override
  public Lease acquire(RunProgress who, Duration timeout) {
    // GET_LOCK waits in whole seconds; say so in messages rather than claim the precision asked for.
    long seconds = (timeout.toMillis() + 999) / 1000;
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      SessionIdleTimeout.set(connection, lease);
      Integer result;
      try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
        ps.setString(1, lockName);
        ps.setLong(2, seconds);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          result = (Integer) rs.getObject(1, Integer.class);
        }
      }
      if (result != null && result == 1) {
        return new DatabaseLease(connection, lockName, lease);
      }
      SessionIdleTimeout.restore(connection);
      connection.close();
      if (result == null) {
        // Not a timeout: the server cut the wait short (a statement time limit, KILL QUERY, or an error).
        throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "The database ended the wait for the upgrade lock ("
            + describe() + ") before lock.timeout: GET_LOCK returned NULL, as it does when max_statement_time"
            + " (MariaDB) or max_execution_time (MySQL) stops it, or the query is killed. Raise that limit for"
            + " the runner's user, or use ZooKeeper for the lock. Nothing was executed.");
      }
      throw DeployLock.timedOut(Duration.ofSeconds(seconds), describe(),
          runInProgress().map(RunProgress::describe).orElse("another runner that has not started its run yet"));
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE,
          "Could not take the upgrade lock (" + describe() + "): " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<RunProgress> runInProgress() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT IS_USED_LOCK(?)")) {
      ps.setString(1, lockName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getObject(1) == null) {
          return Optional.empty();
        }
      }
    } catch (SQLException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not read the upgrade lock: " + e.getMessage(), e);
    }
    // A holder without a RUNNING row is a runner only verifying that nothing is pending.
    return state.runs().latestRun().filter(r -> r.status() == RunStatus.RUNNING).map(r -> r.progress());
  }

  @Override
  public String describe() {
    return "database GET_LOCK('" + lockName + "')";
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignore) {
        // ignore: the connection is being given up either way
      }
    }
  }

  /** A held named lock: the connection that holds it, kept out of the pool until release, and kept alive. */
  private static final class DatabaseLease implements Lease {
    private final Connection connection;
    private final String lockName;
    private final java.util.concurrent.ScheduledExecutorService keepalive;

    DatabaseLease(Connection connection, String lockName, Duration lease) {
      this.connection = connection;
      this.lockName = lockName;
      this.keepalive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "setup-runner-lock-keepalive");
        thread.setDaemon(true);
        return thread;
      });
      long every = Math.max(100, lease.toMillis() / 3);
      keepalive.scheduleWithFixedDelay(this::ping, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Keeps the idle holding connection under its idle timeout while this process runs. */
    private synchronized void ping() {
      try (java.sql.Statement s = connection.createStatement()) {
        s.execute("SELECT 1");
      } catch (SQLException e) {
        keepalive.shutdown(); // the connection is gone, and the lock with it: isHeld says so
      }
    }

    @Override
    public synchronized boolean isHeld() {
      try (PreparedStatement ps = connection.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
        ps.setQueryTimeout(10);
        ps.setString(1, lockName);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getInt(1) == 1;
        }
      } catch (SQLException e) {
        return false;
      }
    }

    @Override
    public OptionalLong fencingToken() {
      return OptionalLong.empty();
    }

    @Override
    public void publish(RunProgress progress) {
      // The run-history row is this backend's in-progress state; nothing more to write.
    }

    @Override
    public synchronized void close() {
      keepalive.shutdownNow();
      try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        ps.setString(1, lockName);
        ps.execute();
      } catch (SQLException ignore) {
        // ignore: a broken connection has already lost the lock on the server side
      } finally {
        SessionIdleTimeout.restore(connection);
        closeQuietly(connection);
      }
    }
  }
}
