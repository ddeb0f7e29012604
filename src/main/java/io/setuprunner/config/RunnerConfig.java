package io.setuprunner.config;

import io.setuprunner.core.ChangelogSelection;
import io.setuprunner.core.Redaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything a command needs to know, resolved from defaults, file, environment and flags. */
public record RunnerConfig(
    Path root,
    Optional<DatabaseSettings> database,
    Optional<ZooKeeperSettings> zookeeper,
    Duration lockTimeout,
    Duration pollInterval,
    Optional<String> release,
    Optional<String> cacheCommand,
    Duration debugPause,
    Duration dbConnectTimeout,
    ChangelogSelection changelogSelection,
    BackupSettings backup,
    Duration heartbeat,
    Duration lockLease,
    List<String> warnings) {

  public RunnerConfig {
    warnings = List.copyOf(warnings);
  }

  /**
   * Where the application's database is and how to log in.
   *
   * @param url the URL handed to the driver: credentials given inside {@code db.url} are taken out of it
   * @param database the database the URL names
   * @param user the user from the settings, else the URL's; empty when neither gives one
   * @param shownUrl the URL as the user wrote it, credentials masked, for messages
   */
  public record DatabaseSettings(String url, String database, String user, Secret password, String shownUrl) {
    public DatabaseSettings(String url, String database, String user, Secret password) {
      this(url, database, user, password, Redaction.redact(url));
    }
  }

  /** Where ZooKeeper is, how patient to be with it, and how to prove who this runner is. */
  public record ZooKeeperSettings(
      String connect, String namespace, Duration sessionTimeout, Duration connectionTimeout,
      ZooKeeperSecurity security) {
    /** Without credentials, ACLs or TLS: open nodes, as before issue 13. */
    public ZooKeeperSettings(String connect, String namespace, Duration sessionTimeout, Duration connectionTimeout) {
      this(connect, namespace, sessionTimeout, connectionTimeout, ZooKeeperSecurity.NONE);
    }
  }

  /**
   * How long a holder that stopped answering keeps the lock: the ZooKeeper session, or {@code lock.lease} for the
   * database's lock.
   */
  public Duration lease() {
    return zookeeper.map(ZooKeeperSettings::sessionTimeout).orElse(lockLease);
  }

  public Path changelogsDir() {
    return root.resolve("changelogs");
  }

  public Path cacheFile() {
    return root.resolve("var").resolve("cache").resolve("config.json");
  }

  public RunnerConfig withDatabase(DatabaseSettings settings) {
    return new RunnerConfig(root, Optional.of(settings), zookeeper, lockTimeout, pollInterval, release, cacheCommand,
        debugPause, dbConnectTimeout, changelogSelection, backup, heartbeat, lockLease, warnings);
  }
}
