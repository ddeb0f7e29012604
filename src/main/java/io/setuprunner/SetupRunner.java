package io.setuprunner;

import io.setuprunner.core.Json;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.ErrorKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.cache.JsonFileConfigCache;
import io.setuprunner.config.Durations;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.config.RunnerConfig.ZooKeeperSettings;
import io.setuprunner.lock.DatabaseDeployLock;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.ZooKeeperDeployLock;
import io.setuprunner.gate.ChangeSignal;
import io.setuprunner.gate.ReadinessServer;
import io.setuprunner.serving.ServingNode;
import io.setuprunner.serving.ServingRegistry;
import io.setuprunner.gate.Waiter;
import io.setuprunner.gate.ZooKeeperChangeSignal;
import io.setuprunner.state.RunRecord;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.setuprunner.serving.ZooKeeperServingRegistry;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetHistory;
import io.setuprunner.migrate.Phase;
import io.setuprunner.migrate.LiquibaseChangelogExecutor;
import io.setuprunner.module.CatalogLoader;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.state.StateStores;
import io.setuprunner.status.StatusReport;
import io.setuprunner.status.StatusService;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.upgrade.Resolver;
import io.setuprunner.upgrade.StopRequest;
import io.setuprunner.state.Resolution;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import io.setuprunner.core.Redaction;
import io.setuprunner.core.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The front door: one instance per command. It is the only place that creates the connection pool
 * and the ZooKeeper client; everything below takes them as parameters. Connections open on first
 * use, so {@code cache rebuild} never touches the database.
 */
public final class SetupRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SetupRunner.class);
  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(30);

  private final RunnerConfig config;
  private final UpgradeListener listener;
  private final Clock clock;
  private final StopRequest stop;
  private final ObjectMapper json = Json.mapper();
  private HikariDataSource dataSource;
  private volatile CuratorFramework curator;
  private int servedPort;

  public SetupRunner(RunnerConfig config, UpgradeListener listener, Clock clock, StopRequest stop) {
    this.config = config;
    this.listener = listener;
    this.clock = clock;
    this.stop = stop;
  }

  /** Loads the code's modules; bad modules fail here, before anything connects. */
  public ModuleCatalog catalog() {
    return new CatalogLoader().load(config.changelogsDir());
  }

  public UpgradeReport upgrade(Phase phase, boolean force) {
    ModuleCatalog catalog = catalog();
    StateStores state = StateStores.of(dataSource());
    UpgradeRunner runner = new UpgradeRunner(state, new ChangesetHistory(dataSource()), () -> lock(state), this::executor, this::servingRegistry,
        cacheRebuild(), clock, listener);
    return runner.upgrade(catalog, runner(),
        new UpgradeRunner.Options(config.lockTimeout(), config.debugPause(), stop, phase, force));
  }

  /** Where serving nodes register: ZooKeeper when configured, else nowhere. */
  public ServingRegistry servingRegistry() {
    return config.zookeeper().<ServingRegistry>map(zk -> new ZooKeeperServingRegistry(curator(zk), json))
        .orElse(ServingRegistry.NONE);
  }

  /** Records a person's decision on a changeset that a dead runner was inside. */
  public Resolution resolve(String changeset, boolean applied) {
    ModuleCatalog catalog = catalog();
    StateStores state = StateStores.of(dataSource());
    return new Resolver(state, () -> lock(state), this::executor, clock)
        .resolve(catalog, changeset, applied, runner(), config.lockTimeout());
  }

  private UpgradeRunner.Runner runner() {
    return new UpgradeRunner.Runner(hostName(), ProcessHandle.current().pid(),
        System.getProperty("user.name", "unknown"), release());
  }

  private ChangelogExecutor executor() {
    try {
      return new LiquibaseChangelogExecutor(dataSource().getConnection(), config.changelogsDir());
    } catch (SQLException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE,
          "Could not open a database connection for Liquibase: " + e.getMessage(), e);
    }
  }

  /** @param inspectAll also read applied changelogs, to report changesets edited after they ran */
  public StatusReport status(boolean inspectAll) {
    return statusService().status(catalog(), inspectAll);
  }

  public List<RunRecord> history(int limit) {
    return StateStores.of(dataSource()).runs().runs(limit);
  }

  /** Blocks until the database is ready for this code (and, with a release set, that release ran). */
  public Waiter.Outcome await(Duration timeout) throws InterruptedException {
    ModuleCatalog catalog = catalog();
    try (ChangeSignal changes = changeSignal()) {
      return new Waiter(statusService(), changes, clock).await(catalog, timeout, config.release());
    }
  }

  /** Serves /ready, /status and /metrics until the returned handle is closed; registers this node meanwhile. */
  public AutoCloseable serve(InetSocketAddress address) throws java.io.IOException {
    ModuleCatalog catalog = catalog();
    ChangeSignal changes = changeSignal();
    ReadinessServer server = new ReadinessServer(statusService(), StateStores.of(dataSource()), catalog, changes,
        json, release(), address);
    server.start();
    Map<String, String> modules = new java.util.LinkedHashMap<>();
    catalog.modules().forEach(m -> modules.put(m.name(), m.codeVersion().toString()));
    ServingRegistry.Registration registration = servingRegistry().register(new ServingNode(hostName(),
        ProcessHandle.current().pid(), server.port(), release(), clock.instant(), modules));
    servedPort = server.port();
    return () -> {
      registration.close();
      server.close();
      changes.close();
    };
  }

  /** The port {@link #serve} bound, for messages (it may have been 0: any free port). */
  public int servedPort() {
    return servedPort;
  }

  private StatusService statusService() {
    StateStores state = StateStores.of(dataSource());
    return new StatusService(state, new ChangesetHistory(dataSource()), lock(state), this::executor);
  }

  private ChangeSignal changeSignal() {
    return config.zookeeper().<ChangeSignal>map(zk -> new ZooKeeperChangeSignal(curator(zk)))
        .orElseGet(() -> ChangeSignal.polling(config.pollInterval()));
  }

  public CacheRebuild.Outcome rebuildCache() {
    return cacheRebuild().rebuild(catalog(), release());
  }

  /** The release id recorded with a run: configured, or the current UTC time. */
  public String release() {
    return config.release().orElseGet(() ->
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant()));
  }

  private CacheRebuild cacheRebuild() {
    return new CacheRebuild(new JsonFileConfigCache(config.cacheFile(), json), config.cacheCommand(),
        config.root(), clock);
  }

  private DeployLock lock(StateStores state) {
    if (config.zookeeper().isPresent()) {
      return new ZooKeeperDeployLock(curator(config.zookeeper().get()), json);
    }
    return new DatabaseDeployLock(dataSource(), state, databaseName());
  }

  private HikariDataSource dataSource() {
    if (dataSource == null) {
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
      // Logging in to a reachable but busy server (twenty nodes starting at once on a small host) may
      // take longer than reaching it: the pool's own limit, which also bounds the login, stays generous.
      hikari.setConnectionTimeout(Math.max(connectMillis, LOGIN_TIMEOUT.toMillis()));
      hikari.setInitializationFailTimeout(1);
      try {
        dataSource = new HikariDataSource(hikari);
      } catch (HikariPool.PoolInitializationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Cannot connect to the database "
            + db.shownUrl() + " as user '" + db.user() + "': "
            + Redaction.redact(Text.sentence(rootMessage(cause))) + " Check db.url, db.user and the password, that the"
            + " server is running and reachable (db.connect-timeout is " + Durations.format(config.dbConnectTimeout())
            + "). Nothing was executed.", e);
      }
    }
    return dataSource;
  }

  private String databaseName() {
    return config.database().orElseThrow().database();
  }

  private CuratorFramework curator(ZooKeeperSettings zk) {
    if (curator == null) {
      requireResolvable(zk.connect());
      log.debug("Connecting to ZooKeeper at {} (namespace {}, session timeout {})", zk.connect(), zk.namespace(),
          Durations.format(zk.sessionTimeout()));
      CuratorFramework client = CuratorFrameworkFactory.builder()
          .connectString(zk.connect())
          .namespace(zk.namespace())
          .sessionTimeoutMs(millis(zk.sessionTimeout()))
          .connectionTimeoutMs(millis(zk.connectionTimeout()))
          .retryPolicy(new ExponentialBackoffRetry(250, 3))
          .zkClientConfig(zooKeeperClientConfig())
          .build();
      client.start();
      curator = client;
      try {
        if (!client.blockUntilConnected(millis(zk.connectionTimeout()), TimeUnit.MILLISECONDS)) {
          throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Cannot reach ZooKeeper at " + zk.connect()
              + " within " + Durations.format(zk.connectionTimeout()) + " (zookeeper.connection-timeout)."
              + " Check zookeeper.connect and that the ensemble is up. Nothing was executed.");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Interrupted while connecting to ZooKeeper", e);
      }
    }
    return curator;
  }

  /**
   * Fails at once when no ZooKeeper host resolves: the client would otherwise retry a typo for the whole
   * connection timeout, logging each attempt.
   */
  private static void requireResolvable(String connect) {
    String hosts = connect.contains("/") ? connect.substring(0, connect.indexOf('/')) : connect;
    java.util.List<String> unresolved = new java.util.ArrayList<>();
    String[] list = hosts.split(",");
    for (String hostPort : list) {
      String host = hostPort.trim().replaceAll(":\\d+$", "").replaceAll("^\\[(.*)]$", "$1");
      try {
        InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        unresolved.add(host);
      }
    }
    if (unresolved.size() == list.length) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Cannot resolve the ZooKeeper host"
          + (unresolved.size() == 1 ? " '" + unresolved.get(0) + "'" : "s " + unresolved) + " (zookeeper.connect is "
          + connect + "). Check the name for a typo and that DNS answers on this node. Nothing was executed.");
    }
    if (!unresolved.isEmpty()) {
      log.debug("ZooKeeper hosts that do not resolve, skipped by the client: {}", unresolved);
    }
  }

  /**
   * ZooKeeper's default NIO client socket takes about 100 ms to close a session; the Netty one a few:
   * {@code wait} and {@code status} exit that much sooner after the answer is known.
   */
  private static ZKClientConfig zooKeeperClientConfig() {
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
    return config;
  }

  private static int millis(java.time.Duration duration) {
    return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
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

  /** This node's name, as runs and serving nodes record it. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
    }
  }

  /**
   * Ends the ZooKeeper session now, from any thread: the lock and in-progress nodes vanish at once.
   * Used by the SIGTERM hook when the run does not stop in time; closing the client, not releasing
   * the mutex, because a mutex may only be released by the thread that holds it.
   */
  public void abandonLock() {
    CuratorFramework client = curator;
    if (client != null) {
      client.close();
    }
  }

  @Override
  public void close() {
    if (curator != null) {
      curator.close();
    }
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
