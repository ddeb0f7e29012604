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
import java.util.ArrayList;
import java.util.List;
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
    String[] connection = connection(app, db);
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

  @Test
  void aLaterSuccessfulMaintenanceRunSwitchesOffWhatAnEarlierOneSwitchedOn(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.sql("shop-1", "SELECT * FROM nowhere"));
    String[] upgrade = concat(new String[] {"upgrade", "--maintenance"}, connection(app, db));
    Path flag = app.root().resolve("var/.maintenance.flag");

    CliRun failed = CliRun.run(upgrade);
    assertEquals(4, failed.exitCode(), failed.output());
    assertTrue(Files.exists(flag));

    app.changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_one"));
    CliRun fixed = CliRun.run(upgrade);
    assertEquals(0, fixed.exitCode(), fixed.output());
    assertTrue(fixed.err().contains("Maintenance mode already on, switched on by upgrade --maintenance on "),
        fixed.output());
    assertTrue(fixed.err().contains("Maintenance mode off (it was switched on by upgrade --maintenance on "),
        fixed.output());
    assertFalse(Files.exists(flag), "the earlier run's maintenance is switched off");
  }

  @Test
  void maintenanceAPersonSwitchedOnStaysOnWithALineSayingSo(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_one"));
    Path flag = app.root().resolve("var/.maintenance.flag");
    assertEquals(0, CliRun.run("maintenance", "enable", "--root", app.root().toString()).exitCode());

    CliRun run = CliRun.against(db, "upgrade", "--maintenance", "--root", app.root().toString());

    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.err().contains("Maintenance mode stays on: it was switched on by hand"), run.output());
    assertTrue(Files.exists(flag));
  }

  @Test
  void aPlainUpgradeLeavesAnEarlierRunsMaintenanceOnAndSaysSo(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.sql("shop-1", "SELECT * FROM nowhere"));
    String[] connection = connection(app, db);
    assertEquals(4, CliRun.run(concat(new String[] {"upgrade", "--maintenance"}, connection)).exitCode());
    app.changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_one"));

    CliRun plain = CliRun.run(concat(new String[] {"upgrade"}, connection));

    assertEquals(0, plain.exitCode(), plain.output());
    assertTrue(plain.err().contains("Maintenance mode is still on: upgrade --maintenance on "), plain.output());
    assertTrue(Files.exists(app.root().resolve("var/.maintenance.flag")));
  }

  private static String[] connection(AppFixture app, TestDatabase db) {
    List<String> args = new ArrayList<>(List.of("--root", app.root().toString()));
    args.addAll(db.flags());
    return args.toArray(String[]::new);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
