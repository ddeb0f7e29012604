package io.setuprunner.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.command.UpgradeCommand;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.core.StopRequest;
import io.setuprunner.migrate.Phase;
import io.setuprunner.status.StatusReport.State;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.wiring.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The status service read directly against a real MariaDB: pending work, drift, readiness, out of step. */
@ExtendWith(MariaDbExtension.class)
class StatusServiceIT {
  @TempDir Path dir;

  private static Resources resources(TestDatabase db, Path root) {
    RunnerConfig config = new ConfigLoader().load(root, Map.of(), db.settings());
    return Resources.open(config, false, line -> { }, Clock.systemUTC());
  }

  private static StatusReport status(Resources resources) {
    return resources.statusService().status(resources.catalog(), true);
  }

  private static void upgrade(Resources resources, Phase phase) {
    new UpgradeCommand(resources, UpgradeListener.NONE, new StopRequest())
        .run(new UpgradeCommand.Request(phase, false, false));
  }

  @Test
  void anEmptyDatabaseHasEveryChangesetPendingAndIsNotReady(TestDatabase db) {
    try (Resources resources = resources(db, AppFixture.sample(dir).root())) {
      StatusReport report = status(resources);

      assertEquals(State.PENDING, report.state());
      assertFalse(report.ready());
      assertEquals(13, report.plan().pendingVersionCount());
      assertEquals(48, report.details().values().stream().mapToInt(d -> d.pendingChangesets().size()).sum());
      assertTrue(report.outOfStep().isEmpty());
    }
  }

  @Test
  void onlyContractChangesetsPendingIsReadyForTheNewCode(TestDatabase db) {
    try (Resources resources = resources(db, AppFixture.sample(dir).root())) {
      upgrade(resources, Phase.EXPAND);

      StatusReport report = status(resources);

      assertEquals(State.PENDING, report.state());
      assertTrue(report.ready());
      assertEquals(StatusReport.Phase.CONTRACT_PENDING, report.details().get("Acme_Catalog").phase());
    }
  }

  @Test
  void aChangesetEditedAfterItRanIsDrift(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_one"));
    try (Resources resources = resources(db, app.root())) {
      upgrade(resources, Phase.ALL);
      app.changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_renamed"));

      StatusReport report = status(resources);

      assertEquals(State.CHECKSUM_DRIFT, report.state());
      assertEquals(List.of("Acme_Shop/1.0.0.xml::shop-1::test"), report.drift());
    }
  }

  @Test
  void aModuleTheCodeLostIsOutOfStepButTheRestIsUpToDate(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_one"))
        .module("Acme_Old", "1.0.0").changelog("Acme_Old", "1.0.0", AppFixture.createTable("old-1", "old_one"));
    try (Resources resources = resources(db, app.root())) {
      upgrade(resources, Phase.ALL);
      Files.delete(app.changelogs().resolve("Acme_Old/1.0.0.xml"));
      Files.delete(app.changelogs().resolve("Acme_Old/module.xml"));
      Files.delete(app.changelogs().resolve("Acme_Old"));

      StatusReport report = status(resources);

      assertEquals(State.UP_TO_DATE, report.state());
      assertEquals(List.of("Acme_Old"), List.copyOf(report.outOfStep().missingModules().keySet()));
    }
  }
}
