package io.setuprunner.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every setting Setup Runner reads, with the names deploy scripts rely on in each source. */
public enum Setting {
  DB_URL("db.url", null, true, "JDBC URL of the application database, e.g. jdbc:mysql://db:3306/shop"),
  DB_USER("db.user", null, true, "database user"),
  DB_PASSWORD("db.password", null, false, "database password (environment or properties file only, never a flag)"),
  DB_PASSWORD_FILE("db.password-file", null, true, "file whose first line is the database password"),
  DB_CONNECT_TIMEOUT("db.connect-timeout", "5s", true,
      "how long to wait for the database server to accept a connection before giving up (exit 69)"),
  ZOOKEEPER_CONNECT("zookeeper.connect", null, true,
      "ZooKeeper connect string (host:port,...); without it the database's GET_LOCK is the lock"),
  ZOOKEEPER_NAMESPACE("zookeeper.namespace", "setup-runner", true,
      "ZooKeeper namespace for the lock and in-progress node; one per application"),
  ZOOKEEPER_SESSION_TIMEOUT("zookeeper.session-timeout", "30s", true,
      "ZooKeeper session timeout: how long a dead runner keeps the lock"),
  ZOOKEEPER_CONNECTION_TIMEOUT("zookeeper.connection-timeout", "15s", true,
      "how long to wait for a ZooKeeper connection before giving up"),
  ZOOKEEPER_AUTH_FILE("zookeeper.auth-file", null, true,
      "file whose first line is the runners' ZooKeeper digest credentials, user:password (never a flag value)"),
  ZOOKEEPER_ACL("zookeeper.acl", null, true,
      "who may change the namespace's nodes: open (anyone), read-for-all (the credentials' holders; others read)"
          + " or private (holders only) [default read-for-all with zookeeper.auth-file, else open]"),
  ZOOKEEPER_TLS("zookeeper.tls", "false", true, "true: talk to ZooKeeper over TLS (its secureClientPort)"),
  ZOOKEEPER_TLS_KEYSTORE("zookeeper.tls.keystore", null, true,
      "the client's key store for TLS (.p12, .jks or .pem), when the server asks for a client certificate"),
  ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE("zookeeper.tls.keystore-password-file", null, true,
      "file whose first line is the key store's password"),
  ZOOKEEPER_TLS_TRUSTSTORE("zookeeper.tls.truststore", null, true,
      "the trust store holding the ZooKeeper servers' certificate or CA (default: the JVM's)"),
  ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE("zookeeper.tls.truststore-password-file", null, true,
      "file whose first line is the trust store's password"),
  LOCK_TIMEOUT("lock.timeout", "15m", true, "how long to wait for another runner's lock"),
  LOCK_LEASE("lock.lease", "30s", true,
      "without ZooKeeper: how long a holder that stopped answering (frozen, cut off) keeps the database lock before"
          + " another runner takes over; with ZooKeeper, zookeeper.session-timeout is the lease"),
  POLL_INTERVAL("poll.interval", "2s", true,
      "without ZooKeeper: how often wait and serve re-read the database (with it, watches wake them)"),
  RELEASE("release", null, true, "release id recorded with the run (default: a timestamp)"),
  CACHE_COMMAND("cache.command", null, true,
      "shell command run in the application root after the config cache is rebuilt"),
  CHANGELOG_CONTEXTS("changelog.contexts", null, "--contexts",
      "Liquibase context expression selecting changesets, e.g. mysql or prod and !demo (default: all)"),
  CHANGELOG_LABELS("changelog.labels", null, "--labels",
      "Liquibase label expression selecting changesets (default: all); combined with the phase's own"),
  BACKUP_BEFORE_UPGRADE("backup.before-upgrade", "never", true,
      "never, when-pending (a backup under the lock before the first changeset) or always (even with nothing"
          + " pending); upgrade --backup means when-pending"),
  BACKUP_DIR("backup.dir", "var/backups", true, "where backups and their manifests go; relative to the application root"),
  BACKUP_KEEP("backup.keep", "10", true,
      "how many backups to keep: after each successful backup the oldest beyond this are deleted (0 keeps all)"),
  BACKUP_DUMP_COMMAND("backup.dump-command", null, true,
      "the dump tool (default: mariadb-dump, else mysqldump, on PATH; with --embedded-db the embedded server's)"),
  BACKUP_CLIENT_COMMAND("backup.client-command", null, true,
      "the client that loads a backup (default: mariadb, else mysql, on PATH; with --embedded-db the embedded"
          + " server's)"),
  PROGRESS_HEARTBEAT("progress.heartbeat", "30s", true,
      "how often a changeset still running says so, with what the server reports for its statement (0: never)"),
  DEBUG_PAUSE("debug.pause-after-change", "0ms", false,
      "fault-injection tests only: pause after each change and before recording each version");

  private final String key;
  private final String defaultValue;
  private final String flag;
  private final String description;

  Setting(String key, String defaultValue, boolean hasFlag, String description) {
    this(key, defaultValue, hasFlag ? "--" + key.replace('.', '-') : null, description);
  }

  /** A setting whose flag is shorter than its key, in the words Liquibase users already know. */
  Setting(String key, String defaultValue, String flag, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.flag = flag;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** {@code db.password-file} reads {@code SETUP_RUNNER_DB_PASSWORD_FILE}. */
  public String environmentName() {
    return "SETUP_RUNNER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** {@code db.password-file} reads {@code --db-password-file}; empty for secrets, which never come from flags. */
  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  public String description() {
    return description;
  }

  /** The shortest value a duration setting takes; shorter ones only make a runner spin or give up at once. */
  public Duration minimum() {
    return switch (this) {
      case POLL_INTERVAL, ZOOKEEPER_CONNECTION_TIMEOUT -> Duration.ofMillis(100);
      case DB_CONNECT_TIMEOUT -> Duration.ofMillis(250);
      case ZOOKEEPER_SESSION_TIMEOUT, LOCK_LEASE -> Duration.ofSeconds(1);
      default -> Duration.ZERO;
    };
  }

  /** A setting naming a file: written relative in the properties file, it is relative to the application root. */
  public boolean namesFile() {
    return switch (this) {
      case DB_PASSWORD_FILE, ZOOKEEPER_AUTH_FILE, ZOOKEEPER_TLS_KEYSTORE, ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE,
          ZOOKEEPER_TLS_TRUSTSTORE, ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE -> true;
      default -> false;
    };
  }

  /** Every key, in declaration order, for messages that list them. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Setting::key).toList();
  }

  public static List<String> environmentNames() {
    return Arrays.stream(values()).map(Setting::environmentName).toList();
  }

  public static Optional<Setting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
