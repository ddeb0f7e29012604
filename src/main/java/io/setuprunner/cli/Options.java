package io.setuprunner.cli;

import com.beust.jcommander.DynamicParameter;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JCommander's option holders; they never leave this package (see {@link CommandLineParser}). */
final class Options {
  private Options() {}

  /** What JCommander sees before the command: nothing, since {@link CommandLineParser} moves every option after it. */
  static final class Main {}

  /** Options every command takes. */
  static final class Common {
    @Parameter(names = {"-h", "--help"}, help = true)
    boolean help;

    @Parameter(names = "--version")
    boolean version;

    @Parameter(names = "--root")
    String root = ".";

    @Parameter(names = "--embedded-db")
    boolean embeddedDb;

    @Parameter(names = {"-v", "--verbose"})
    boolean verbose;

    @Parameter(names = "--db-url")
    String dbUrl;

    @Parameter(names = "--db-user")
    String dbUser;

    @Parameter(names = "--db-password-file")
    String dbPasswordFile;

    @Parameter(names = "--db-connect-timeout")
    String dbConnectTimeout;

    @Parameter(names = "--zookeeper-connect")
    String zookeeperConnect;

    @Parameter(names = "--zookeeper-namespace")
    String zookeeperNamespace;

    @Parameter(names = "--zookeeper-session-timeout")
    String zookeeperSessionTimeout;

    @Parameter(names = "--zookeeper-connection-timeout")
    String zookeeperConnectionTimeout;

    @Parameter(names = "--zookeeper-auth-file")
    String zookeeperAuthFile;

    @Parameter(names = "--zookeeper-acl")
    String zookeeperAcl;

    @Parameter(names = "--zookeeper-tls")
    String zookeeperTls;

    @Parameter(names = "--zookeeper-tls-keystore")
    String zookeeperTlsKeystore;

    @Parameter(names = "--zookeeper-tls-keystore-password-file")
    String zookeeperTlsKeystorePasswordFile;

    @Parameter(names = "--zookeeper-tls-truststore")
    String zookeeperTlsTruststore;

    @Parameter(names = "--zookeeper-tls-truststore-password-file")
    String zookeeperTlsTruststorePasswordFile;

    @Parameter(names = "--lock-timeout")
    String lockTimeout;

    @Parameter(names = "--poll-interval")
    String pollInterval;

    @Parameter(names = "--release")
    String release;

    @Parameter(names = "--cache-command")
    String cacheCommand;

    @Parameter(names = "--contexts")
    String contexts;

    @Parameter(names = "--labels")
    String labels;

    @Parameter(names = "--backup-before-upgrade")
    String backupBeforeUpgrade;

    @Parameter(names = "--backup-dir")
    String backupDir;

    @Parameter(names = "--backup-keep")
    String backupKeep;

    @Parameter(names = "--progress-heartbeat")
    String progressHeartbeat;

    @Parameter(names = "--lock-lease")
    String lockLease;

    @Parameter(names = "--backup-dump-command")
    String backupDumpCommand;

    @Parameter(names = "--backup-client-command")
    String backupClientCommand;

    /** {@code -Dname=value}: a changelog parameter, as Liquibase's own command line takes it. */
    @DynamicParameter(names = "-D")
    Map<String, String> parameters = new LinkedHashMap<>();

    /** The flags that were given, keyed by setting, for the configuration's top layer. */
    Map<String, String> settings() {
      Map<String, String> given = new LinkedHashMap<>();
      put(given, Setting.DB_URL, dbUrl);
      put(given, Setting.DB_USER, dbUser);
      put(given, Setting.DB_PASSWORD_FILE, dbPasswordFile);
      put(given, Setting.DB_CONNECT_TIMEOUT, dbConnectTimeout);
      put(given, Setting.ZOOKEEPER_CONNECT, zookeeperConnect);
      put(given, Setting.ZOOKEEPER_NAMESPACE, zookeeperNamespace);
      put(given, Setting.ZOOKEEPER_SESSION_TIMEOUT, zookeeperSessionTimeout);
      put(given, Setting.ZOOKEEPER_CONNECTION_TIMEOUT, zookeeperConnectionTimeout);
      put(given, Setting.ZOOKEEPER_AUTH_FILE, zookeeperAuthFile);
      put(given, Setting.ZOOKEEPER_ACL, zookeeperAcl);
      put(given, Setting.ZOOKEEPER_TLS, zookeeperTls);
      put(given, Setting.ZOOKEEPER_TLS_KEYSTORE, zookeeperTlsKeystore);
      put(given, Setting.ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE, zookeeperTlsKeystorePasswordFile);
      put(given, Setting.ZOOKEEPER_TLS_TRUSTSTORE, zookeeperTlsTruststore);
      put(given, Setting.ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE, zookeeperTlsTruststorePasswordFile);
      put(given, Setting.LOCK_TIMEOUT, lockTimeout);
      put(given, Setting.POLL_INTERVAL, pollInterval);
      put(given, Setting.RELEASE, release);
      put(given, Setting.CACHE_COMMAND, cacheCommand);
      put(given, Setting.CHANGELOG_CONTEXTS, contexts);
      put(given, Setting.CHANGELOG_LABELS, labels);
      put(given, Setting.BACKUP_BEFORE_UPGRADE, backupBeforeUpgrade);
      put(given, Setting.BACKUP_DIR, backupDir);
      put(given, Setting.BACKUP_KEEP, backupKeep);
      put(given, Setting.PROGRESS_HEARTBEAT, progressHeartbeat);
      put(given, Setting.LOCK_LEASE, lockLease);
      put(given, Setting.BACKUP_DUMP_COMMAND, backupDumpCommand);
      put(given, Setting.BACKUP_CLIENT_COMMAND, backupClientCommand);
      parameters.forEach((name, value) -> given.put(ConfigLoader.PARAMETER_PREFIX + name, value));
      return given;
    }

    private static void put(Map<String, String> given, Setting setting, String value) {
      if (value != null) {
        given.put(setting.key(), value);
      }
    }
  }

  @Parameters(commandDescription = "run pending module upgrades under the lock, then rebuild the config cache")
  static final class Upgrade {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--output")
    String output = "text";

    @Parameter(names = "--phase")
    String phase = "all";

    @Parameter(names = "--force")
    boolean force;

    @Parameter(names = "--maintenance")
    boolean maintenance;

    @Parameter(names = "--backup")
    boolean backup;

    @Parameter(names = "--dry-run")
    boolean dryRun;
  }

  @Parameters(commandDescription = "show what an upgrade would run, with its SQL; writes nothing")
  static final class Plan {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--phase")
    String phase = "all";

    @Parameter(names = "--json")
    boolean json;
  }

  @Parameters(commandDescription = "show code and database versions per module, pending upgrades, runs")
  static final class Status {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--json")
    boolean json;
  }

  @Parameters(commandDescription = "list recent runs")
  static final class History {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--limit")
    String limit = "20";

    @Parameter(names = "--json")
    boolean json;
  }

  @Parameters(commandDescription = "block until the database is ready for this code and nothing runs")
  static final class Wait {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--timeout")
    String timeout;
  }

  @Parameters(commandDescription = "serve /ready, /status and /metrics over HTTP")
  static final class Serve {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--port")
    String port = "8080";

    @Parameter(names = "--bind")
    String bind = "127.0.0.1";
  }

  @Parameters(commandDescription = "say whether a changeset a dead runner was inside got applied")
  static final class Resolve {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--applied")
    String applied;

    @Parameter(names = "--not-applied")
    String notApplied;
  }

  @Parameters(commandDescription = "record a changeset as applied or not applied by hand, with the reason")
  static final class Mark {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--applied")
    String applied;

    @Parameter(names = "--not-applied")
    String notApplied;

    @Parameter(names = "--reason")
    String reason;
  }

  @Parameters(commandDescription = "roll a module's changesets back to an earlier version, newest first")
  static final class Rollback {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--output")
    String output = "text";

    @Parameter(description = "MODULE")
    List<String> module = new ArrayList<>();

    @Parameter(names = "--to")
    String to;

    @Parameter(names = "--dry-run")
    boolean dryRun;

    @Parameter(names = "--json")
    boolean json;

    @Parameter(names = "--reason")
    String reason;

    @Parameter(names = "--backup")
    boolean backup;
  }

  @Parameters(commandDescription = "record what the application's own Liquibase already ran, so upgrade runs the rest")
  static final class Adopt {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--from")
    String from = "DATABASECHANGELOG";

    @Parameter(names = "--dry-run")
    boolean dryRun;

    @Parameter(names = "--json")
    boolean json;
  }

  @Parameters(commandDescription = "validate every module version's changelog as an upgrade would; list every problem")
  static final class Validate {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--json")
    boolean json;
  }

  @Parameters(commandDescription = "switch maintenance mode (var/.maintenance.flag) on or off, or show it")
  static final class Maintenance {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--allow-ip", variableArity = true)
    List<String> allowIps = new ArrayList<>();

    @Parameter(description = "enable|disable|status")
    List<String> action = new ArrayList<>();
  }

  @Parameters(commandDescription = "make, list, restore or delete backups of the application database")
  static final class Backup {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(names = "--output")
    String output = "text";

    @Parameter(names = "--name")
    String name;

    @Parameter(names = "--json")
    boolean json;

    @Parameter(description = "create|list|restore NAME|delete NAME")
    List<String> action = new ArrayList<>();
  }

  @Parameters(commandDescription = "rebuild the config cache from the code's modules")
  static final class Cache {
    @ParametersDelegate
    final Common common = new Common();

    @Parameter(description = "rebuild")
    List<String> action = new ArrayList<>();
  }
}
