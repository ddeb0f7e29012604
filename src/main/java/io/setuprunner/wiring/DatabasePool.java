package io.setuprunner.wiring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.setuprunner.config.Durations;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Redaction;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.Text;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the one connection pool of a command, failing with a message that says what to check. */
final class DatabasePool {
  private static final Logger log = LoggerFactory.getLogger(DatabasePool.class);
  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

  private DatabasePool() {}

  static HikariDataSource open(RunnerConfig config) {
    DatabaseSettings db = config.database().orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION,
        "No database configured. Set db.url (with db.user and db.password or db.password-file) in "
            + config.root().resolve("setup-runner.properties") + ", or SETUP_RUNNER_DB_URL, or --db-url;"
            + " to try the sample application without a database server, add --embedded-db."));
    log.debug("Connecting to {} as user '{}' (db.connect-timeout {})", db.url(), db.user(),
        Durations.format(config.dbConnectTimeout()));
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("setup-runner");
    hikari.setJdbcUrl(db.url());
    if (!db.user().isEmpty()) {
      hikari.setUsername(db.user());
    }
    hikari.setPassword(db.password().reveal());
    // The lock, Liquibase and state writes each hold one connection at most.
    hikari.setMaximumPoolSize(4);
    hikari.setMinimumIdle(1);
    long connectMillis = config.dbConnectTimeout().toMillis();
    // The driver's own timeout, so an unreachable host fails within the setting, not the OS's TCP timeout.
    hikari.addDataSourceProperty("connectTimeout", String.valueOf(connectMillis));
    // Commit, rollback and autocommit calls the server's own transaction state shows to be no-ops are not
    // sent: Liquibase makes several per changeset (docs/performance.md).
    hikari.addDataSourceProperty("useLocalSessionState", "true");
    hikari.addDataSourceProperty("useLocalTransactionState", "true");
    // Logging in to a reachable but busy server (twenty nodes starting at once on a small host) may
    // take longer than reaching it: the pool's own limit, which also bounds the login, stays generous.
    hikari.setConnectionTimeout(Math.max(connectMillis, LOGIN_TIMEOUT.toMillis()));
    hikari.setInitializationFailTimeout(1);
    try {
      return new HikariDataSource(hikari);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String reason = rootMessage(cause);
      // MySQL 8's default login (caching_sha2_password) over a connection without TLS needs the server's key.
      String hint = reason.contains("Public Key Retrieval is not allowed") ? " MySQL 8 sends the password for"
          + " caching_sha2_password only over TLS or with the server's public key: enable TLS on the server, or add"
          + " allowPublicKeyRetrieval=true to db.url (docs/mysql.md)." : "";
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Cannot connect to the database "
          + db.shownUrl() + " as user '" + db.user() + "': "
          + Redaction.redact(Text.sentence(reason)) + hint + " Check db.url, db.user and the password, that the"
          + " server is running and reachable (db.connect-timeout is " + Durations.format(config.dbConnectTimeout())
          + "). Nothing was executed.", e);
    }
  }


  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // The driver's first line for a refused connection says only "Communications link failure".
    if (root == e || e.getMessage() == null) {
      return Text.firstLine(message);
    }
    return Text.firstLine(e.getMessage()).replaceAll("\\.$", "") + " ("
        + Text.firstLine(message).replaceAll("\\.$", "") + ")";
  }

}
