package io.setuprunner.upgrade;

import io.setuprunner.core.StopRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.command.UpgradeCommand;
import io.setuprunner.wiring.Resources;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bug Setup Runner exists for, reproduced on a real database: with on-request upgrades, every
 * request after a deploy finds the module outdated and runs its upgrade script, and all but one
 * fail. Then the same twenty callers go through Setup Runner, and none fails.
 */
@ExtendWith(MariaDbExtension.class)
class OnRequestUpgradeRaceIT {
  private static final int REQUESTS = 20;

  @TempDir Path dir;

  @Test
  void onRequestUpgradesRaceAndFail(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE core_resource (code VARCHAR(64) PRIMARY KEY, version VARCHAR(16))");
    db.execute("INSERT INTO core_resource VALUES ('Acme_Catalog', '1.0.0')");
    db.execute("CREATE TABLE catalog_attribute (attribute_id INT AUTO_INCREMENT PRIMARY KEY,"
        + " attribute_code VARCHAR(64) NOT NULL UNIQUE)");

    AtomicInteger ranScript = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CyclicBarrier sameMoment = new CyclicBarrier(REQUESTS);
    ExecutorService requests = Executors.newFixedThreadPool(REQUESTS);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      done.add(requests.submit(() -> {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
          // What Magento does in every request's init: compare code and database versions...
          boolean outdated;
          try (ResultSet rs = s.executeQuery("SELECT version FROM core_resource WHERE code = 'Acme_Catalog'")) {
            outdated = rs.next() && rs.getString(1).equals("1.0.0");
          }
          sameMoment.await();
          if (outdated) {
            // ...and, finding the module outdated, run its upgrade script: no lock, no in-progress state.
            ranScript.incrementAndGet();
            s.execute("CREATE TABLE catalog_attribute_option (option_id INT PRIMARY KEY, attribute_id INT)");
            s.execute("INSERT INTO catalog_attribute (attribute_code) VALUES ('color')");
            s.execute("UPDATE core_resource SET version = '1.1.0' WHERE code = 'Acme_Catalog'");
          }
        } catch (SQLException e) {
          failed.incrementAndGet(); // the visitor gets a maintenance page
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    requests.shutdown();

    assertEquals(REQUESTS, ranScript.get(), "every request saw the module outdated and ran the script");
    assertTrue(failed.get() >= REQUESTS - 1, "all but one request failed: " + failed.get() + " failed");
    assertEquals(1, db.count("SELECT COUNT(*) FROM catalog_attribute WHERE attribute_code = 'color'"));
  }

  @Test
  void theSameCallersThroughSetupRunnerNeverFail(TestDatabase db) throws Exception {
    Path root = AppFixture.sample(dir).root();
    RunnerConfig config = new ConfigLoader().load(root, Map.of(), db.settings());
    AtomicInteger upgraded = new AtomicInteger();
    CyclicBarrier sameMoment = new CyclicBarrier(REQUESTS);
    ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
    List<Future<UpgradeReport>> reports = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      reports.add(callers.submit(() -> {
        sameMoment.await();
        try (Resources runner = Resources.open(config, false, line -> { }, Clock.systemUTC())) {
          return new UpgradeCommand(runner, UpgradeListener.NONE, new StopRequest()).run(new UpgradeCommand.Request(io.setuprunner.migrate.Phase.ALL, false, false)).report();
        }
      }));
    }
    for (Future<UpgradeReport> report : reports) {
      if (report.get().outcome() == UpgradeReport.Outcome.UPGRADED) {
        upgraded.incrementAndGet();
      }
    }
    callers.shutdown();
    assertEquals(1, upgraded.get(), "exactly one caller executes; the others wait and verify");
    assertEquals(48, db.count("SELECT COUNT(*) FROM setup_runner_changelog"));
    assertEquals(1, db.count("SELECT COUNT(*) FROM catalog_attribute WHERE attribute_code = 'color'"));
  }
}
