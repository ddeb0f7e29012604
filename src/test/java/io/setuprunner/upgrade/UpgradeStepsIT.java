package io.setuprunner.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.core.ChangelogSelection;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.lock.DatabaseDeployLock;
import io.setuprunner.lock.ExclusiveLock;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetHistory;
import io.setuprunner.migrate.LiquibaseChangelogExecutor;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.CatalogLoader;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.plan.Planner;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.serving.ServingRegistry;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade's steps called directly against a real MariaDB, each under the real lock template: the
 * pre-flight and execute steps run a whole plan in one pass, and the settle step decides a dead runner's
 * changeset from the live schema.
 */
@ExtendWith(MariaDbExtension.class)
class UpgradeStepsIT {
  @TempDir Path dir;

  private static final String TABLE_CHANGESET = "Acme_Shop/1.0.0.xml::shop-table::test";
  private static final String SQL_CHANGESET = "Acme_Shop/1.0.0.xml::shop-sql::test";

  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.1.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-table", "shop_one"),
            AppFixture.sql("shop-sql", "CREATE TABLE shop_two (id INT)"))
        .changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-more", "shop_three"))
        .module("Acme_Cart", "1.0.0", "Acme_Shop")
        .changelog("Acme_Cart", "1.0.0", AppFixture.createTable("cart-table", "cart_one"));
  }

  private static <T> T underLock(TestDatabase db, HikariDataSource pool, Function<LockSession, T> body) {
    StateStores state = StateStores.of(pool);
    RunProgress me = new RunProgress(UUID.randomUUID().toString(), "test-host", 1, "r1", Instant.now(), null, null,
        null);
    return new ExclusiveLock(new DatabaseDeployLock(pool, state, db.name(), java.time.Duration.ofSeconds(30)), state,
        Clock.systemUTC())
        .runExclusively(me, Duration.ofSeconds(5), session -> {
          state.runs().startRun(session.run(), session.token(), session.waited(), "no filters");
          return body.apply(session);
        });
  }

  private static ChangelogExecutor executor(HikariDataSource pool, AppFixture app) throws Exception {
    return new LiquibaseChangelogExecutor(pool.getConnection(), app.changelogs(), ChangelogSelection.NONE);
  }

  @Test
  void preFlightAndExecuteRunTheWholePlanInOnePassAndRecordEachVersion(TestDatabase db) throws Exception {
    AppFixture app = shop();
    ModuleCatalog catalog = new CatalogLoader().load(app.changelogs());
    try (HikariDataSource pool = db.dataSource(); ChangelogExecutor executor = executor(pool, app)) {
      StateStores state = StateStores.of(pool);
      UpgradePlan plan = new Planner().plan(catalog, Map.of(), new ChangesetHistory(pool)::versions);

      PlanExecution.Executed executed = underLock(db, pool, session -> {
        Inspection inspection = new PreFlight(new ContractGuard(() -> ServingRegistry.NONE, UpgradeListener.NONE))
            .check(executor, plan, Phase.ALL, false);
        return new PlanExecution(state, UpgradeListener.NONE, Clock.systemUTC(), session,
            new PlanExecution.Settings(Phase.ALL, new StopRequest(), Duration.ZERO)).execute(executor, inspection);
      });

      assertEquals(List.of("Acme_Shop 1.0.0", "Acme_Shop 1.1.0", "Acme_Cart 1.0.0"), executed.applied().stream()
          .map(v -> v.module() + " " + v.version()).toList());
      assertEquals(4, executed.changesets());
      assertEquals(Map.of("Acme_Shop", Version.parse("1.1.0"), "Acme_Cart", Version.parse("1.0.0")),
          state.modules().moduleVersions());
      assertEquals(4, db.count("SELECT COUNT(*) FROM setup_runner_changelog"));
    }
  }

  @Test
  void executeStopsBeforeTheFirstChangesetWhenAskedToStop(TestDatabase db) throws Exception {
    AppFixture app = shop();
    ModuleCatalog catalog = new CatalogLoader().load(app.changelogs());
    StopRequest stop = new StopRequest();
    stop.request();
    try (HikariDataSource pool = db.dataSource(); ChangelogExecutor executor = executor(pool, app)) {
      StateStores state = StateStores.of(pool);
      UpgradePlan plan = new Planner().plan(catalog, Map.of());

      SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> underLock(db, pool, session ->
          new PlanExecution(state, UpgradeListener.NONE, Clock.systemUTC(), session,
              new PlanExecution.Settings(Phase.ALL, stop, Duration.ZERO))
              .execute(executor, new PreFlight(new ContractGuard(() -> ServingRegistry.NONE, UpgradeListener.NONE))
                  .check(executor, plan, Phase.ALL, false))));

      assertEquals(ErrorKind.STOPPED, e.kind());
      assertEquals(0, db.count("SELECT COUNT(*) FROM setup_runner_changelog"));
    }
  }

  @Test
  void settleVerifiesADeadRunnersChangesetAgainstTheSchema(TestDatabase db) throws Exception {
    // Its change got in before the runner died.
    List<String> settled = dieThenSettle(db, TABLE_CHANGESET, "CREATE TABLE shop_one (id INT)");

    assertEquals(List.of(TABLE_CHANGESET + ": applied"), settled);
    assertEquals(List.of("MARK_RAN"), db.column("SELECT exectype FROM setup_runner_changelog"));
    assertEquals(List.of("VERIFIED_APPLIED"), db.column("SELECT outcome FROM setup_runner_resolution"));
  }

  @Test
  void settleStopsForAPersonWhenTheSchemaCannotTell(TestDatabase db) throws Exception {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> dieThenSettle(db, SQL_CHANGESET));

    assertEquals(ErrorKind.NEEDS_RESOLUTION, e.kind());
    assertTrue(e.getMessage().contains("setup-runner resolve --applied '" + SQL_CHANGESET + "'"), e.getMessage());
    assertEquals(0, db.count("SELECT COUNT(*) FROM setup_runner_resolution"));
  }

  /** A runner dies inside {@code changeset}; {@code schemaChanges} run; the next lock holder settles it. */
  private List<String> dieThenSettle(TestDatabase db, String changeset, String... schemaChanges) throws Exception {
    AppFixture app = shop();
    ModuleCatalog catalog = new CatalogLoader().load(app.changelogs());
    try (HikariDataSource pool = db.dataSource(); ChangelogExecutor executor = executor(pool, app)) {
      StateStores state = StateStores.of(pool);
      dieInside(state, changeset);
      for (String sql : schemaChanges) {
        db.execute(sql);
      }
      return underLock(db, pool, session ->
          new Settler(state.resolutions(), state.connections(), Clock.systemUTC()).settle(executor, catalog, session, "test"));
    }
  }

  private static void dieInside(StateStores state, String changeset) {
    RunProgress dead = new RunProgress(UUID.randomUUID().toString(), "dead-host", 2, "r0", Instant.now(),
        "Acme_Shop", "1.0.0", changeset);
    long token = state.fence().takeOver(OptionalLong.empty(), dead.runId(), Instant.now());
    state.runs().startRun(dead, token, Duration.ZERO, "no filters");
    state.runs().recordProgress(dead, 0, token, false);
  }
}
