package io.setuprunner.upgrade;

import static io.setuprunner.support.AppFixture.createTable;
import static io.setuprunner.support.AppFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The upgrade command end to end on a real MariaDB, through the command line, with the database lock. */
@ExtendWith(MariaDbExtension.class)
class UpgradeIT {
  @TempDir Path dir;

  static CliRun run(TestDatabase db, Path root, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--root", root.toString()));
    args.addAll(db.flags());
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void firstRunAppliesTheSampleShopAndASecondRunFindsNothing(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);

    CliRun first = run(db, app.root(), "upgrade");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.out().contains("Upgraded 6 modules (13 versions, 48 changesets)"), first.output());
    assertTrue(first.err().contains("Acme_Store (new) -> 1.0.0 ..."), first.output());
    assertTrue(first.err().matches("(?s).*Acme_Catalog 1\\.2\\.0 done: 2 changesets in \\d+\\.\\ds.*"), first.output());
    assertEquals(List.of("Acme_Catalog=1.3.0", "Acme_Customer=1.1.0", "Acme_Inventory=1.0.0", "Acme_Review=1.1.0",
            "Acme_Sales=1.1.0", "Acme_Store=1.1.0"),
        db.column("SELECT CONCAT(module, '=', version) FROM setup_runner_module ORDER BY module"));
    assertEquals(48, db.count("SELECT COUNT(*) FROM setup_runner_changelog WHERE exectype = 'EXECUTED'"));
    assertFalse(db.tables().stream().anyMatch(t -> t.toLowerCase().contains("lock")),
        "Liquibase's lock table must never be created: " + db.tables());
    assertEquals(List.of(), db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
        + db.name() + "' AND table_collation NOT LIKE 'utf8mb4%'"));
    assertEquals(List.of("SUCCEEDED 48"),
        db.column("SELECT CONCAT(status, ' ', changesets_executed) FROM setup_runner_run"));

    JsonNode cache = Json.mapper().readTree(app.root().resolve("var/cache/config.json").toFile());
    List<String> modules = new ArrayList<>();
    cache.get("modules").forEach(m -> modules.add(m.get("name").asText() + "=" + m.get("version").asText()));
    assertEquals(List.of("Acme_Store=1.1.0", "Acme_Catalog=1.3.0", "Acme_Customer=1.1.0", "Acme_Inventory=1.0.0",
        "Acme_Review=1.1.0", "Acme_Sales=1.1.0"), modules);
    assertEquals("1", cache.get("config").get("catalog/review/active").asText(), "Acme_Review overrides Acme_Catalog");

    CliRun second = run(db, app.root(), "upgrade");
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.out().contains("No upgrades available."), second.output());
    assertFalse(second.err().contains("->"), second.output());
    assertEquals(48, db.count("SELECT COUNT(*) FROM setup_runner_changelog"));
    assertEquals(1, db.count("SELECT COUNT(*) FROM setup_runner_run"));
  }

  @Test
  void noOpDeployNeverParsesChangelogs(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    // An applied changelog that no longer parses proves the fast path never opens it.
    app.write("Acme_Store/1.0.0.xml", "this is not XML");
    CliRun again = run(db, app.root(), "upgrade");
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.out().contains("No upgrades available."), again.output());
  }

  @Test
  void failingChangesetStopsTheRunAndTheNextRunResumesAfterIt(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir)
        .module("Acme_Base", "1.0.0").changelog("Acme_Base", "1.0.0", createTable("base-1", "base_one"))
        .module("Acme_Shop", "1.0.0", "Acme_Base")
        .changelog("Acme_Shop", "1.0.0", createTable("shop-1", "shop_one"), sql("shop-2-broken", "SELECT * FROM nowhere"),
            createTable("shop-3", "shop_three"));

    CliRun failed = run(db, app.root(), "upgrade");
    assertEquals(4, failed.exitCode(), failed.output());
    assertTrue(failed.err().contains("Changeset Acme_Shop/1.0.0.xml::shop-2-broken::test of module Acme_Shop 1.0.0 failed"),
        failed.output());
    assertTrue(failed.err().contains("nowhere"), "the database's own reason is shown: " + failed.output());
    assertEquals(List.of("Acme_Base=1.0.0"), db.column("SELECT CONCAT(module, '=', version) FROM setup_runner_module"));
    assertTrue(db.tables().contains("shop_one"));
    assertFalse(db.tables().contains("shop_three"));
    assertEquals(List.of("FAILED"), db.column("SELECT status FROM setup_runner_run"));
    assertEquals("1", db.column("SELECT IS_FREE_LOCK('setup_runner." + db.name() + "')").get(0), "lock released");

    CliRun status = run(db, app.root(), "status");
    assertEquals(4, status.exitCode(), status.output());
    assertTrue(status.out().contains("Last run: failed"), status.output());
    assertTrue(status.out().contains("shop-2-broken"), status.output());

    app.changelog("Acme_Shop", "1.0.0", createTable("shop-1", "shop_one"), sql("shop-2-broken", "SELECT 1"),
        createTable("shop-3", "shop_three"));
    CliRun resumed = run(db, app.root(), "upgrade");
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.out().contains("(1 version, 2 changesets)"), "shop-1 is not run again: " + resumed.output());
    assertTrue(db.tables().contains("shop_three"));
    assertEquals(0, run(db, app.root(), "status").exitCode());
  }

  @Test
  void unreadableChangelogIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir)
        .module("Acme_Base", "1.0.0").changelog("Acme_Base", "1.0.0", createTable("base-1", "base_one"))
        .module("Acme_Shop", "1.0.0", "Acme_Base").write("Acme_Shop/1.0.0.xml", "<databaseChangeLog><oops");
    CliRun result = run(db, app.root(), "upgrade");
    assertEquals(65, result.exitCode(), result.output());
    assertTrue(result.err().contains("Changelog Acme_Shop/1.0.0.xml of module Acme_Shop 1.0.0 cannot be read"),
        result.output());
    assertTrue(result.err().contains("Nothing was executed."), result.output());
    assertFalse(db.tables().contains("base_one"), "not even the earlier module ran: " + db.tables());
  }

  @Test
  void aFailedRunIsClosedByTheNextSuccessfulRunEvenWithNothingToExecute(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir)
        .module("Acme_Shop", "1.0.0").changelog("Acme_Shop", "1.0.0", createTable("shop-1", "shop_one"));
    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", sql("shop-2", "SELECT * FROM nowhere"));
    assertEquals(4, run(db, app.root(), "upgrade").exitCode());
    assertEquals(4, run(db, app.root(), "status").exitCode());

    // The release is rolled back: nothing is pending, but the failed run must not haunt status forever.
    java.nio.file.Files.delete(app.changelogs().resolve("Acme_Shop/1.1.0.xml"));
    app.module("Acme_Shop", "1.0.0");
    CliRun rollback = run(db, app.root(), "upgrade");
    assertEquals(0, rollback.exitCode(), rollback.output());
    CliRun status = run(db, app.root(), "status");
    assertEquals(0, status.exitCode(), status.output());
    assertEquals(List.of("SUCCEEDED", "FAILED", "SUCCEEDED"), db.column("SELECT status FROM setup_runner_run ORDER BY id"));
  }

  @Test
  void noOpDeployNeverContactsZooKeeper(TestDatabase db) {
    AppFixture app = AppFixture.sample(dir);
    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    CliRun again = run(db, app.root(), "upgrade", "--zookeeper-connect", "127.0.0.1:1",
        "--zookeeper-connection-timeout", "1s");
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.out().contains("No upgrades available."), again.output());
  }

  @Test
  void movingTheReleaseDirectoryNeverRerunsAChangeset(TestDatabase db) throws Exception {
    AppFixture releaseOne = AppFixture.empty(dir.resolve("releases/1"))
        .module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", createTable("shop-1", "shop_one"), sql("shop-2", "SELECT * FROM nowhere"));
    assertEquals(4, run(db, releaseOne.root(), "upgrade").exitCode());

    AppFixture releaseTwo = AppFixture.empty(dir.resolve("releases/2"))
        .module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", createTable("shop-1", "shop_one"), sql("shop-2", "SELECT 1"));
    CliRun second = run(db, releaseTwo.root(), "upgrade");
    assertEquals(0, second.exitCode(), "shop-1 must be recognised as run, not re-created: " + second.output());
    assertEquals(List.of("Acme_Shop/1.0.0.xml"), db.column("SELECT DISTINCT filename FROM setup_runner_changelog"));
  }

  @Test
  void statusTellsPendingThenUpToDate(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    CliRun before = run(db, app.root(), "status");
    assertEquals(2, before.exitCode(), before.output());
    assertTrue(before.out().contains("13 module versions pending"), before.output());
    assertTrue(before.out().matches("(?s).*Acme_Catalog\\s+1\\.3\\.0\\s+-\\s+1\\.0\\.0, 1\\.1\\.0, 1\\.2\\.0, 1\\.3\\.0.*"), before.output());
    assertEquals(List.of(), db.column("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
        + db.name() + "'").stream().toList(), "status changes nothing");

    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    CliRun after = run(db, app.root(), "status");
    assertEquals(0, after.exitCode(), after.output());
    assertTrue(after.out().contains("Up to date. No upgrades available."), after.output());
  }

  @Test
  void databaseAheadOfTheCodeIsRefused(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    db.execute("UPDATE setup_runner_module SET version = '9.0.0' WHERE module = 'Acme_Sales'");

    CliRun upgrade = run(db, app.root(), "upgrade");
    assertEquals(6, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("module Acme_Sales is at 9.0.0 in the database but"), upgrade.output());
    assertTrue(upgrade.err().contains("declares 1.1.0"), upgrade.output());
    assertEquals(6, run(db, app.root(), "status").exitCode());
  }

  static Stream<Arguments> badInputs() {
    return Stream.<Arguments>of(
        bad("missing descriptor", a -> a.write("Acme_Odd/1.0.0.xml", "<x/>"), "has no module.xml"),
        bad("malformed descriptor", a -> a.write("Acme_Odd/module.xml", "<config><module name="), "not well-formed"),
        bad("dependency cycle", a -> a.module("Acme_A", "1.0.0", "Acme_B").changelog("Acme_A", "1.0.0")
            .module("Acme_B", "1.0.0", "Acme_A").changelog("Acme_B", "1.0.0"), "Acme_A -> Acme_B -> Acme_A"),
        bad("missing dependency", a -> a.module("Acme_A", "1.0.0", "Acme_Payment").changelog("Acme_A", "1.0.0"),
            "depends on Acme_Payment, which is not a module"),
        bad("duplicate name", a -> a.write("Other_Folder/module.xml",
            "<config><module name=\"Acme_Shop\" setup_version=\"1.0.0\"/></config>").changelog("Other_Folder", "1.0.0"),
            "Two modules are named Acme_Shop"),
        bad("declared version without changelog", a -> a.module("Acme_Shop", "1.1.0"),
            "declares setup_version=\"1.1.0\" but"),
        bad("changelog newer than declared", a -> a.changelog("Acme_Shop", "2.0.0"), "is newer than module Acme_Shop"),
        bad("malformed config defaults", a -> a.write("Acme_Shop/config.xml", "<config><default>"),
            "cannot be read as module configuration"));
  }

  private static Arguments bad(String name, Consumer<AppFixture> breakIt, String expected) {
    return Arguments.of(name, breakIt, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsReportedAndNothingIsExecuted(String name, Consumer<AppFixture> breakIt, String expected,
      TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", createTable("shop-1", "shop_one"));
    breakIt.accept(app);
    CliRun result = run(db, app.root(), "upgrade");
    assertEquals(65, result.exitCode(), result.output());
    assertTrue(result.err().contains(expected), result.output());
    assertTrue(result.err().contains("Nothing was executed."), result.output());
    assertEquals(List.of(), db.tables(), "nothing may be executed or recorded");
    assertFalse(Files.exists(app.root().resolve("var/cache/config.json")));
  }
}
