package io.setuprunner.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code upgrade --maintenance} and the maintenance commands, with Magento 2's files. */
@ExtendWith(MariaDbExtension.class)
class UpgradeMaintenanceIT {
  @TempDir Path dir;

  @Test
  void maintenanceIsOnForTheRunOffAfterSuccessAndStaysOnAfterAFailure(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_one"));
    String[] connection = {"--root", app.root().toString(), "--db-url", db.url(), "--db-user", "root"};
    Path flag = app.root().resolve("var/.maintenance.flag");

    CliRun ok = CliRun.run(concat(new String[] {"upgrade", "--maintenance"}, connection));
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.err().contains("Maintenance mode on") && ok.err().contains("Maintenance mode off"), ok.output());
    assertFalse(Files.exists(flag));

    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", AppFixture.sql("shop-2", "SELECT * FROM nowhere"));
    CliRun failed = CliRun.run(concat(new String[] {"upgrade", "--maintenance"}, connection));
    assertEquals(4, failed.exitCode(), failed.output());
    assertTrue(Files.exists(flag), "maintenance stays on after a failure");
    assertTrue(failed.err().contains("Maintenance mode stays on"), failed.output());

    CliRun status = CliRun.run("maintenance", "status", "--root", app.root().toString());
    assertEquals("Maintenance mode: on\n", status.out());
    CliRun enable = CliRun.run("maintenance", "enable", "--allow-ip", "203.0.113.7", "198.51.100.2",
        "--root", app.root().toString());
    assertEquals(0, enable.exitCode(), enable.output());
    assertEquals("203.0.113.7,198.51.100.2", Files.readString(app.root().resolve("var/.maintenance.ip")));
    CliRun bad = CliRun.run("maintenance", "enable", "--allow-ip", "999.1.1.1", "--root", app.root().toString());
    assertEquals(64, bad.exitCode(), bad.output());
    assertTrue(bad.err().contains("'999.1.1.1' is not an IP address"), bad.output());
    assertEquals(0, CliRun.run("maintenance", "disable", "--root", app.root().toString()).exitCode());
    assertFalse(Files.exists(flag));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
