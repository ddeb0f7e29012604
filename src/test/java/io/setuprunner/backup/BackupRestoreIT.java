package io.setuprunner.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.config.Setting;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.SchemaSnapshot;
import io.setuprunner.support.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup create|list|restore|delete} and {@code upgrade --backup} against the real server, with its own
 * dump and client programs: a restore puts back the schema, the data and the runner's record exactly as they
 * were; a missing, damaged or unloadable backup is refused or leaves maintenance on, never a silent half-restore.
 */
@ExtendWith(MariaDbExtension.class)
class BackupRestoreIT {
  @TempDir Path dir;

  // --- the round trip -------------------------------------------------------------------------------------

  @Test
  void aRestorePutsBackTheSchemaTheDataAndTheRunnersRecordExactlyAsTheyWereWhenTheBackupWasTaken(TestDatabase db)
      throws Exception {
    AppFixture app = AppFixture.sample(dir);
    assertOk(run(app, db, "upgrade"));
    db.execute("INSERT INTO catalog_product (sku, type_id) VALUES ('acme-mug', 'simple'), ('acme-cap', 'simple')");
    db.execute("UPDATE catalog_attribute SET frontend_label = 'Title' WHERE attribute_code = 'name'");
    assertOk(run(app, db, "backup", "create", "--name", "before"));
    SchemaSnapshot applicationThen = SchemaSnapshot.of(db);
    RunnerTables runnerThen = RunnerTables.of(db);

    // After the backup: the application's data changes, and Acme_Catalog 1.4.0 adds a table, a column and rows.
    db.execute("DELETE FROM catalog_product WHERE sku = 'acme-cap'");
    db.execute("INSERT INTO catalog_product (sku, type_id) VALUES ('acme-tee', 'configurable')");
    db.execute("UPDATE catalog_attribute SET frontend_label = 'Cost' WHERE attribute_code = 'price'");
    app.module("Acme_Catalog", "1.4.0", "Acme_Store").changelog("Acme_Catalog", "1.4.0",
        "<changeSet id=\"catalog-1.4.0-create-label\" author=\"acme\"><createTable tableName=\"catalog_product_label\">"
            + "<column name=\"label_id\" type=\"INT\" autoIncrement=\"true\"><constraints primaryKey=\"true\"/></column>"
            + "<column name=\"text\" type=\"VARCHAR(64)\"/></createTable></changeSet>",
        "<changeSet id=\"catalog-1.4.0-add-weight\" author=\"acme\"><addColumn tableName=\"catalog_product\">"
            + "<column name=\"weight\" type=\"DECIMAL(8,3)\"/></addColumn></changeSet>",
        AppFixture.sql("catalog-1.4.0-labels", "INSERT INTO catalog_product_label (text) VALUES ('new'), ('sale')"),
        AppFixture.sql("catalog-1.4.0-weights", "UPDATE catalog_product SET weight = 0.25"));
    assertOk(run(app, db, "upgrade"));
    assertTrue(db.tables().contains("catalog_product_label"));
    assertFalse(SchemaSnapshot.of(db).differencesFrom(applicationThen).isEmpty(), "the upgrade changed the database");
    Path cache = app.root().resolve("var/cache/config.json");
    Files.delete(cache);

    CliRun restore = run(app, db, "backup", "restore", "before");

    assertOk(restore);
    assertTrue(restore.out().contains("Restored backup before") && restore.out().contains("catalog_product_label")
        && restore.out().contains("Acme_Catalog 1.3.0"), restore.output());
    assertEquals(List.of(), applicationThen.differencesFrom(SchemaSnapshot.of(db)), "the application's tables");
    assertFalse(db.tables().contains("catalog_product_label"), "the table made after the backup is gone");
    assertOnlyTheRestoreRunIsNew(runnerThen, db, "before");
    assertEquals(List.of("before"), db.column("SELECT backup_name FROM setup_runner_run WHERE kind = 'RESTORE'"));

    CliRun status = run(app, db, "status");
    assertEquals(2, status.exitCode(), status.output());
    assertTrue(status.out().matches("(?s).*Acme_Catalog\\s+1\\.4\\.0\\s+1\\.3\\.0\\s+1\\.4\\.0.*"), status.output());
    assertTrue(status.out().contains("Restored backup before (by "), status.output());
    CliRun history = run(app, db, "history");
    assertOk(history);
    assertTrue(history.out().lines().anyMatch(l -> l.contains(" restore ") && l.contains("backup before")),
        history.output());
    // The code under --root is the release after the backup's: the database is behind it, so the cache stays as
    // it was (this code keeps gating) and maintenance stays on until the backup's release is deployed.
    assertTrue(restore.out().contains("The database is behind the code under --root"), restore.output());
    assertTrue(restore.err().contains("Maintenance mode stays on: the database is now behind the code"),
        restore.output());
    assertTrue(Files.exists(flag(app)));
    assertFalse(Files.exists(cache), "no cache is written for code the database is behind");
  }

  @Test
  void aRestoreUnderTheCodeTheBackupBelongsToRebuildsTheCacheAndSwitchesMaintenanceOff(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade", "--release", "r1"));
    assertOk(run(app, db, "backup", "create", "--name", "r1-data"));
    db.execute("DELETE FROM shop_order");
    Path cache = app.root().resolve("var/cache/config.json");
    Files.delete(cache);

    CliRun restore = run(app, db, "backup", "restore", "r1-data");

    assertOk(restore);
    assertTrue(restore.out().contains("release r1") && restore.out().contains("ready for the code"), restore.output());
    assertEquals(3, db.count("SELECT COUNT(*) FROM shop_order"));
    assertFalse(Files.exists(flag(app)), "maintenance is off after a restore that succeeded");
    assertTrue(Files.isRegularFile(cache), "the restore rebuilds the config cache");
  }

  // --- NoRollbackFound ------------------------------------------------------------------------------------

  @Test
  void restoringABackupThatDoesNotExistListsTheOnesThatDoNewestFirstAndTouchesNothing(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "monday"));
    assertOk(run(app, db, "backup", "create", "--name", "tuesday"));
    SchemaSnapshot application = SchemaSnapshot.of(db);
    RunnerTables runner = RunnerTables.of(db);

    CliRun restore = run(app, db, "backup", "restore", "nope");

    assertEquals(66, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("No backup named 'nope'"), restore.output());
    assertTrue(restore.err().matches("(?s).*The backups there, newest first: tuesday \\(.*\\), monday \\(.*"),
        restore.output());
    assertUntouched(db, application, runner);
    assertFalse(Files.exists(flag(app)));
  }

  @Test
  void restoringWhenThereAreNoBackupsAtAllSaysThereAreNone(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    SchemaSnapshot application = SchemaSnapshot.of(db);
    RunnerTables runner = RunnerTables.of(db);

    CliRun restore = run(app, db, "backup", "restore", "nope");

    assertEquals(66, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("There are no backups there"), restore.output());
    assertUntouched(db, application, runner);
    assertFalse(Files.exists(flag(app)));
  }

  // --- list ------------------------------------------------------------------------------------------------

  @Test
  void theListGivesEachBackupsNameTimeReleaseModuleVersionsSizeAndDurationNewestFirst(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    // A backup's release is the one its data belongs to (the last upgraded), not the one deployed when it is made.
    assertOk(run(app, db, "upgrade", "--release", "r41"));
    assertOk(run(app, db, "backup", "create", "--name", "older", "--release", "r42-being-deployed"));
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_note"));
    assertOk(run(app, db, "upgrade", "--release", "r42"));
    assertOk(run(app, db, "backup", "create", "--name", "newer"));

    CliRun list = run(app, db, "backup", "list", "--json");

    assertOk(list);
    JsonNode backups = Json.mapper().readTree(list.out()).get("backups");
    assertEquals(2, backups.size(), list.output());
    JsonNode newest = backups.get(0);
    assertEquals("newer", newest.get("name").asText());
    assertEquals("r42", newest.get("release").asText());
    assertEquals("1.1.0", newest.get("modules").get("Acme_Shop").asText());
    assertEquals("1.0.0", newest.get("modules").get("Acme_Blog").asText());
    assertTrue(newest.get("sizeBytes").asLong() > 0 && newest.get("durationMs").asLong() >= 0, newest.toString());
    JsonNode oldest = backups.get(1);
    assertEquals("older", oldest.get("name").asText());
    assertEquals("r41", oldest.get("release").asText());
    assertEquals("1.0.0", oldest.get("modules").get("Acme_Shop").asText());
    assertTrue(Instant.parse(newest.get("createdAt").asText()).isAfter(Instant.parse(oldest.get("createdAt").asText())),
        list.output());

    CliRun text = run(app, db, "backup", "list");

    assertOk(text);
    assertTrue(text.out().indexOf("newer") < text.out().indexOf("older"), text.output());
    assertTrue(text.out().contains("Acme_Blog 1.0.0, Acme_Shop 1.1.0")
        && text.out().contains("Acme_Blog 1.0.0, Acme_Shop 1.0.0") && text.out().contains("release r41"),
        text.output());
  }

  // --- retention and delete --------------------------------------------------------------------------------

  @Test
  void backupKeepDeletesTheOldestBeyondItAndZeroKeepsThemAll(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "first", "--backup-keep", "2"));
    assertOk(run(app, db, "backup", "create", "--name", "second", "--backup-keep", "2"));

    CliRun third = run(app, db, "backup", "create", "--name", "third", "--backup-keep", "2");

    assertOk(third);
    assertTrue(third.out().contains("Deleted the oldest beyond backup.keep: first"), third.output());
    assertEquals(List.of("third", "second"), names(app, db));
    assertFalse(Files.exists(backupDir(app).resolve("first.json")));
    assertFalse(Files.exists(backupDir(app).resolve("first.sql.gz")));
    assertTrue(Files.exists(backupDir(app).resolve("third.sql.gz")));

    assertOk(run(app, db, "backup", "create", "--name", "fourth", "--backup-keep", "0"));
    assertOk(run(app, db, "backup", "create", "--name", "fifth", "--backup-keep", "0"));
    assertEquals(List.of("fifth", "fourth", "third", "second"), names(app, db), "0 keeps every backup");
  }

  @Test
  void deletingABackupRemovesItsDataAndManifestAndAnUnknownNameIsNotFound(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "keep-me"));
    assertOk(run(app, db, "backup", "create", "--name", "drop-me"));

    CliRun delete = run(app, db, "backup", "delete", "drop-me");

    assertOk(delete);
    assertTrue(delete.out().contains("Deleted backup drop-me"), delete.output());
    assertFalse(Files.exists(backupDir(app).resolve("drop-me.json")));
    assertFalse(Files.exists(backupDir(app).resolve("drop-me.sql.gz")));
    assertEquals(List.of("keep-me"), names(app, db));

    CliRun unknown = run(app, db, "backup", "delete", "drop-me");

    assertEquals(66, unknown.exitCode(), unknown.output());
    assertTrue(unknown.err().contains("No backup named 'drop-me'") && unknown.err().contains("keep-me"),
        unknown.output());
    assertTrue(Files.exists(backupDir(app).resolve("keep-me.sql.gz")));
  }

  // --- damaged backups -------------------------------------------------------------------------------------

  @Test
  void aBackupCutShortIsRefusedBeforeAnythingIsTouched(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "cut"));
    db.execute("INSERT INTO shop_order (id) VALUES (99)");
    Path data = backupDir(app).resolve("cut.sql.gz");
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    SchemaSnapshot application = SchemaSnapshot.of(db);
    RunnerTables runner = RunnerTables.of(db);

    CliRun restore = run(app, db, "backup", "restore", "cut");

    assertEquals(74, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("Backup cut cannot be restored") && restore.err().contains("cut short")
        && restore.err().contains("Nothing was touched"), restore.output());
    assertUntouched(db, application, runner);
    assertFalse(Files.exists(flag(app)), "maintenance is not switched on for a backup that cannot be loaded");
  }

  @Test
  void aBackupChangedAfterItWasMadeFailsItsChecksumAndIsRefusedBeforeAnythingIsTouched(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "changed"));
    db.execute("INSERT INTO shop_order (id) VALUES (99)");
    // Byte 4 is in gzip's MTIME field, which decompression ignores: only the checksum can tell.
    flipByte(backupDir(app).resolve("changed.sql.gz"), 4);
    SchemaSnapshot application = SchemaSnapshot.of(db);
    RunnerTables runner = RunnerTables.of(db);

    CliRun restore = run(app, db, "backup", "restore", "changed");

    assertEquals(74, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("Backup changed cannot be restored") && restore.err().contains("SHA-256")
        && restore.err().contains("its manifest says"), restore.output());
    assertUntouched(db, application, runner);
    assertFalse(Files.exists(flag(app)));
  }

  @Test
  void aBackupDamagedInsideItsCompressedDataIsRefusedBeforeAnythingIsTouched(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "damaged"));
    Path data = backupDir(app).resolve("damaged.sql.gz");
    flipByte(data, Files.size(data) / 2);
    SchemaSnapshot application = SchemaSnapshot.of(db);
    RunnerTables runner = RunnerTables.of(db);

    CliRun restore = run(app, db, "backup", "restore", "damaged");

    assertEquals(74, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("Backup damaged cannot be restored"), restore.output());
    assertUntouched(db, application, runner);
    assertFalse(Files.exists(flag(app)));
  }

  // --- upgrade --backup ------------------------------------------------------------------------------------

  @Test
  void upgradeWithBackupTakesOneOnlyWhenSomethingIsPendingRecordingTheRunAndTheVersionsBeforeIt(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));

    CliRun nothingPending = run(app, db, "upgrade", "--backup");

    assertOk(nothingPending);
    assertEquals(List.of(), names(app, db), "nothing pending, no backup");

    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_note"));
    CliRun pending = run(app, db, "upgrade", "--backup");

    assertOk(pending);
    List<String> names = names(app, db);
    assertEquals(1, names.size(), names.toString());
    String backup = names.get(0);
    assertTrue(pending.out().contains("setup-runner backup restore " + backup), pending.output());
    JsonNode manifest = Json.mapper().readTree(backupDir(app).resolve(backup + ".json").toFile());
    JsonNode lastRun = Json.mapper().readTree(run(app, db, "status", "--json").out()).get("lastRun");
    assertEquals(lastRun.get("runId").asText(), manifest.get("runId").asText());
    assertEquals(backup, lastRun.get("backup").asText());
    assertEquals("1.0.0", manifest.get("modules").get("Acme_Shop").asText(), "the versions before the run");
    assertTrue(manifest.get("tables").toString().contains("shop_order")
        && !manifest.get("tables").toString().contains("shop_note"), manifest.toString());

    CliRun always = run(app, db, "upgrade", "--backup-before-upgrade", "always");

    assertOk(always);
    assertEquals(2, names(app, db).size(), "always takes one even with nothing pending");
    JsonNode second = Json.mapper().readTree(backupDir(app).resolve(names(app, db).get(0) + ".json").toFile());
    assertEquals("1.1.0", second.get("modules").get("Acme_Shop").asText());
  }

  @Test
  void aFailedUpgradeNamesItsBackupAndRestoringItThenFixingTheChangesetSucceeds(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    RunnerTables runnerBefore = RunnerTables.of(db);
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0",
        AppFixture.createTable("shop-2", "shop_note"), AppFixture.sql("shop-3", "INSERT INTO nowhere VALUES (1)"));

    CliRun failed = run(app, db, "upgrade", "--backup");

    assertEquals(4, failed.exitCode(), failed.output());
    List<String> names = names(app, db);
    assertEquals(1, names.size(), names.toString());
    String backup = names.get(0);
    assertTrue(failed.err().strip().endsWith("setup-runner backup restore " + backup), failed.output());
    assertTrue(db.tables().contains("shop_note"), "the first changeset of 1.1.0 ran");
    CliRun status = run(app, db, "status");
    assertTrue(status.out().contains("Backup " + backup + " was taken before this run; to put the database back as it"
        + " was: setup-runner backup restore " + backup), status.output());
    JsonNode lastRun = Json.mapper().readTree(run(app, db, "status", "--json").out()).get("lastRun");
    assertEquals(backup, lastRun.get("backup").asText());
    assertEquals("failed", lastRun.get("status").asText());

    CliRun restore = run(app, db, "backup", "restore", backup);

    assertOk(restore);
    assertEquals(List.of("1.0.0"), db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Shop'"));
    assertFalse(db.tables().contains("shop_note"), "the half-run version's table is gone");
    // The backup was taken under the run's lock before its run row was written: the failed run's record goes too.
    assertOnlyTheRestoreRunIsNew(runnerBefore, db, backup);

    app.changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_note"),
        AppFixture.sql("shop-3", "INSERT INTO shop_note (id) VALUES (1)"));
    CliRun fixed = run(app, db, "upgrade");

    assertOk(fixed);
    assertEquals(List.of("1.1.0"), db.column("SELECT version FROM setup_runner_module WHERE module = 'Acme_Shop'"));
    assertEquals(List.of("1"), db.column("SELECT id FROM shop_note"));
    assertOk(run(app, db, "status"));
  }

  // --- a load that fails -----------------------------------------------------------------------------------

  @Test
  void aClientThatFailsLeavesMaintenanceOnAndARestoreWithTheRightClientFinishesTheJob(TestDatabase db)
      throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "good"));
    SchemaSnapshot application = SchemaSnapshot.of(db);
    db.execute("INSERT INTO shop_order (id) VALUES (99)");

    CliRun failed = runWith(app, db, Map.of("backup.client-command", "/bin/false"), "backup", "restore", "good");

    assertEquals(74, failed.exitCode(), failed.output());
    assertTrue(failed.err().contains("Restore of backup good failed") && failed.err().contains("maintenance mode stays on")
        && failed.err().contains("run setup-runner backup restore good again"), failed.output());
    assertTrue(Files.exists(flag(app)), "maintenance stays on after a failed restore");

    CliRun again = run(app, db, "backup", "restore", "good");

    assertOk(again);
    assertTrue(again.err().contains("Maintenance mode already on, switched on by backup restore good")
        && again.err().contains("Maintenance mode off"), again.output());
    assertFalse(Files.exists(flag(app)), "the restore that finished switches off what the failed one switched on");
    assertEquals(List.of(), application.differencesFrom(SchemaSnapshot.of(db)));
  }

  @Test
  void aClientThatIsNotThereIsRefusedBeforeAnythingIsTouched(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "good"));
    app.module("Acme_Shop", "1.1.0").changelog("Acme_Shop", "1.1.0", AppFixture.createTable("shop-2", "shop_note"));
    assertOk(run(app, db, "upgrade"));
    SchemaSnapshot application = SchemaSnapshot.of(db);
    RunnerTables runner = RunnerTables.of(db);

    CliRun restore = runWith(app, db, Map.of("backup.client-command", dir.resolve("no/such/mariadb").toString()),
        "backup", "restore", "good");

    assertEquals(74, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("backup.client-command names " + dir.resolve("no/such/mariadb"))
        && restore.err().contains("Nothing was executed"), restore.output());
    assertUntouched(db, application, runner);
    assertTrue(db.tables().contains("shop_note"), "the table made after the backup is still there");
    assertFalse(Files.exists(flag(app)));
  }

  @Test
  void maintenanceAPersonSwitchedOnStaysOnAfterARestore(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "upgrade"));
    assertOk(run(app, db, "backup", "create", "--name", "good"));
    assertOk(CliRun.run("maintenance", "enable", "--root", app.root().toString()));

    CliRun restore = run(app, db, "backup", "restore", "good");

    assertOk(restore);
    assertTrue(restore.err().contains("Maintenance mode stays on: it was on before the restore"), restore.output());
    assertTrue(Files.exists(flag(app)));
  }

  // --- the first install -----------------------------------------------------------------------------------

  @Test
  void aBackupTakenBeforeTheFirstUpgradeRestoresADatabaseWithNoApplicationTables(TestDatabase db) throws Exception {
    AppFixture app = shop();
    assertOk(run(app, db, "backup", "create", "--name", "empty"));
    assertOk(run(app, db, "upgrade"));
    assertTrue(db.tables().contains("shop_order"));

    CliRun restore = run(app, db, "backup", "restore", "empty");

    assertOk(restore);
    assertEquals(List.of(), SchemaSnapshot.of(db).lines("table"), "no application table is left");
    assertEquals(List.of(), db.column("SELECT module FROM setup_runner_module"));
    CliRun status = run(app, db, "status");
    assertEquals(2, status.exitCode(), status.output());
    assertTrue(status.out().contains("2 module versions pending"), status.output());
    assertOk(run(app, db, "upgrade"));
    assertEquals(List.of("1", "2", "3"), db.column("SELECT id FROM shop_order ORDER BY id"));
  }

  // --- helpers ---------------------------------------------------------------------------------------------

  /** A small application: two modules, a table with rows. */
  private AppFixture shop() {
    return AppFixture.empty(dir).module("Acme_Shop", "1.0.0").module("Acme_Blog", "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("shop-1", "shop_order"),
            AppFixture.sql("shop-1-rows", "INSERT INTO shop_order (id) VALUES (1), (2), (3)"))
        .changelog("Acme_Blog", "1.0.0", AppFixture.createTable("blog-1", "blog_post"));
  }

  private static CliRun run(AppFixture app, TestDatabase db, String... args) {
    return runWith(app, db, Map.of(), args);
  }

  /** Runs {@code args} for the application against {@code db}, with some of the database's settings replaced. */
  private static CliRun runWith(AppFixture app, TestDatabase db, Map<String, String> replaced, String... args) {
    Map<String, String> settings = new LinkedHashMap<>(db.settings());
    settings.putAll(replaced);
    List<String> login = new ArrayList<>();
    settings.forEach((key, value) -> login.addAll(List.of(Setting.byKey(key).orElseThrow().flag().orElseThrow(),
        value)));
    return CliRun.inApp(Map.of(), app, login, args);
  }

  private static List<String> names(AppFixture app, TestDatabase db) throws Exception {
    CliRun list = run(app, db, "backup", "list", "--json");
    assertOk(list);
    List<String> names = new ArrayList<>();
    Json.mapper().readTree(list.out()).get("backups").forEach(b -> names.add(b.get("name").asText()));
    return names;
  }

  private static Path backupDir(AppFixture app) {
    return app.root().resolve("var/backups");
  }

  private static Path flag(AppFixture app) {
    return app.root().resolve("var/.maintenance.flag");
  }

  private static void flipByte(Path file, long position) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0xFF);
    }
  }

  private static void assertUntouched(TestDatabase db, SchemaSnapshot application, RunnerTables runner)
      throws Exception {
    assertEquals(List.of(), application.differencesFrom(SchemaSnapshot.of(db)), "the application's tables");
    assertEquals(List.of(), runner.differencesFrom(RunnerTables.of(db)), "the runner's tables");
  }

  /** The runner's tables are as {@code then}, but for one new run row: the successful restore of {@code backup}. */
  private static void assertOnlyTheRestoreRunIsNew(RunnerTables then, TestDatabase db, String backup)
      throws Exception {
    List<String> changes = then.differencesFrom(RunnerTables.of(db));
    assertEquals(1, changes.size(), "only the restore's own run row is new: " + changes);
    String row = changes.get(0);
    assertTrue(row.startsWith("+ row setup_runner_run ") && row.contains("kind=RESTORE")
        && row.contains("backup_name=" + backup + " ") && row.contains("status=SUCCEEDED"), row);
  }

  private static void assertOk(CliRun run) {
    assertEquals(0, run.exitCode(), run.output());
  }
}
