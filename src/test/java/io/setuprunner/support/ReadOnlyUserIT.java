package io.setuprunner.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GrantedMariaDb} enforces privileges: an account with only SELECT reads and may not write, and the
 * read-only commands work as it while {@code upgrade} is stopped by it.
 */
@ExtendWith(GrantedMariaDbExtension.class)
class ReadOnlyUserIT {
  /** MariaDB's ER_TABLEACCESS_DENIED_ERROR: "INSERT command denied to user ...". */
  private static final int TABLE_ACCESS_DENIED = 1142;
  /** ER_ACCESS_DENIED_ERROR: a wrong password. */
  private static final int ACCESS_DENIED = 1045;

  @TempDir Path dir;

  @Test
  void selectOnlyAccountReadsButMayNotWrite(GrantedMariaDb server) throws Exception {
    System.out.println("GrantedMariaDb started in " + server.startTime().toMillis() + " ms");
    TestDatabase db = server.createDatabase();
    db.execute("CREATE TABLE item (id INT)");
    db.execute("INSERT INTO item VALUES (1)");
    GrantedMariaDb.Account reader = server.createUser(db, "reader", "reader's secret", "SELECT");
    assertTrue(reader.flags().containsAll(List.of("--db-user", "reader", "--db-password-file",
        reader.passwordFile().toString())), reader.flags().toString());
    assertTrue(!reader.flags().toString().contains("reader's secret"), "the password is never a flag");

    try (Connection c = reader.connect(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
      }
      SQLException create = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE other (id INT)"));
      assertEquals(TABLE_ACCESS_DENIED, create.getErrorCode(), create.getMessage());
      assertTrue(create.getMessage().contains("CREATE command denied to user 'reader'"), create.getMessage());
      SQLException insert = assertThrows(SQLException.class, () -> s.execute("INSERT INTO item VALUES (2)"));
      assertEquals(TABLE_ACCESS_DENIED, insert.getErrorCode(), insert.getMessage());
      assertTrue(insert.getMessage().contains("INSERT command denied to user 'reader'"), insert.getMessage());
    }
    assertEquals(List.of("item"), db.tables());
    assertEquals(1, db.count("SELECT COUNT(*) FROM item"));

    // The password is checked too, and the admin may do what the reader may not.
    SQLException wrong = assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url(),
        "reader", "not it"));
    assertEquals(ACCESS_DENIED, wrong.getErrorCode(), wrong.getMessage());
    db.execute("INSERT INTO item VALUES (2)");
    assertEquals(2, db.count("SELECT COUNT(*) FROM item"));

    // An account made again has only its new grants.
    GrantedMariaDb.Account writer = server.createUser(db, "reader", "another", "SELECT", "INSERT");
    try (Connection c = writer.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO item VALUES (3)");
      SQLException create = assertThrows(SQLException.class, () -> s.execute("CREATE TABLE other (id INT)"));
      assertEquals(TABLE_ACCESS_DENIED, create.getErrorCode(), create.getMessage());
    }
  }

  @Test
  void readOnlyCommandsWorkAsSelectOnlyAccountAndUpgradeIsStopped(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"));
    CliRun upgraded = cli("upgrade", app, db.flags(), "--release", "r1");
    assertEquals(0, upgraded.exitCode(), upgraded.output());
    List<String> tables = db.tables();
    assertTrue(tables.contains("shop_order"), tables.toString());

    GrantedMariaDb.Account reader = server.createUser(db, "reader", "reader-secret", "SELECT");
    CliRun status = cli("status", app, reader.flags());
    assertEquals(0, status.exitCode(), status.output());
    CliRun history = cli("history", app, reader.flags());
    assertEquals(0, history.exitCode(), history.output());
    assertTrue(history.out().contains("r1"), history.output());
    CliRun waited = cli("wait", app, reader.flags(), "--timeout", "5s");
    assertEquals(0, waited.exitCode(), waited.output());

    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_item"));
    String before = snapshot(db);
    CliRun pending = cli("status", app, reader.flags());
    assertEquals(2, pending.exitCode(), pending.output());
    CliRun refused = cli("upgrade", app, reader.flags(), "--release", "r2");
    // Exit 78, a privilege to grant (gate.LeastPrivilegeIT checks the message): "... CREATE command denied to
    // user 'reader'@'localhost' for table ...setup_runner_module".
    assertEquals(78, refused.exitCode(), refused.output());
    assertTrue(refused.err().contains("denied to user 'reader'"), refused.output());
    assertEquals(before, snapshot(db), "an upgrade as the SELECT-only account changes nothing");
  }

  @Test
  void statusOnEmptyDatabaseAsSelectOnlyAccount(GrantedMariaDb server) throws Exception {
    TestDatabase db = server.createDatabase();
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"));
    GrantedMariaDb.Account reader = server.createUser(db, "reader", "reader-secret", "SELECT");
    CliRun status = cli("status", app, reader.flags());
    assertEquals(2, status.exitCode(), status.output());
    assertEquals(List.of(), db.tables(), "status creates nothing");
  }

  /** Why this server exists: the shared one lets anyone in and do anything. Both extensions work side by side. */
  @Test
  @ExtendWith(MariaDbExtension.class)
  void sharedServerEnforcesNoGrants(GrantedMariaDb server, MariaDb shared, TestDatabase db) throws Exception {
    Assumptions.assumeTrue(shared.isEmbedded(), "a server named by -D" + MariaDb.SERVER_PROPERTY + " enforces them");
    assertTrue(server.port() != shared.port());
    try (Connection c = DriverManager.getConnection(db.url(), "nobody", "any password");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE item (id INT)");
    }
    assertEquals(List.of("item"), db.tables());
    SQLException refused = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(server.createDatabase().url(), "nobody", "any password"));
    assertEquals(ACCESS_DENIED, refused.getErrorCode(), refused.getMessage());
  }

  private static CliRun cli(String command, AppFixture app, List<String> flags, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(more));
    return CliRun.inApp(java.util.Map.of(), app, flags, args.toArray(String[]::new));
  }

  /** Every table with its row count, to show a run as the reader wrote nothing. */
  private static String snapshot(TestDatabase db) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (String table : db.tables()) {
      text.append(table).append('=').append(db.count("SELECT COUNT(*) FROM `" + table + "`")).append('\n');
    }
    return text.toString();
  }
}
