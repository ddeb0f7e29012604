package io.setuprunner.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.Redaction;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups that cannot be made, against the real server and its real dump tool (wrapped in shell scripts to
 * fail, stall or tattle): each failure exits 74 with the cause in the message, executes nothing, writes no run
 * row and leaves no file in the backup folder. Also: the password never reaches a command line, a restore
 * waits for the deploy lock before touching anything, and eight concurrent {@code upgrade --backup} runners
 * take exactly one backup.
 */
@ExtendWith(MariaDbExtension.class)
class BackupFaultsIT {
  private static final int BACKUP_FAILED = 74;
  private static final int LOCK_TIMEOUT = 75;
  private static final String SECRET = "Sr-7c41e9-TopSecret";

  @TempDir Path dir;

  @Test
  void missingDumpToolNamesTheSettingAndExecutesNothing(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir.resolve("app"));
    BackupFaults faults = new BackupFaults(db, app.root());
    Map<String, String> missing = Map.of("backup.dump-command", "/nonexistent/mariadb-dump");

    CliRun create = faults.cli(missing, "backup", "create", "--name", "nope");
    assertEquals(BACKUP_FAILED, create.exitCode(), create.output());
    assertTrue(create.err().contains("backup.dump-command names /nonexistent/mariadb-dump, which is not an executable"
        + " file"), create.output());

    CliRun upgrade = faults.cli(missing, "upgrade", "--backup");
    assertEquals(BACKUP_FAILED, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("backup.dump-command names /nonexistent/mariadb-dump"), upgrade.output());
    assertTrue(upgrade.err().contains("Nothing was executed"), upgrade.output());

    // A fresh database: the lock holder may have created the runner's own (empty) tables, nothing else.
    for (String table : db.tables()) {
      assertTrue(table.startsWith("setup_runner_"), "no table of the sample shop: " + db.tables());
    }
    assertEquals(0, faults.rows("setup_runner_run"), "no run row");
    assertEquals(0, faults.rows("setup_runner_module"), "no module version");
    assertEquals(0, faults.rows("setup_runner_changelog"), "no changeset recorded");
    assertEquals(List.of(), faults.listed(), "backup list offers nothing");
    assertEquals(Set.of(), faults.backupFiles(), "nothing left in the backup folder");
  }

  @Test
  void dumpFailingHalfWayShowsTheToolsErrorAndKeepsNothing(TestDatabase db) throws Exception {
    BackupFaults faults = BackupFaults.primed(db, dir);
    Path cut = faults.script("cut-dump", faults.realDump(), "\"" + faults.realDump() + "\" \"$@\" | head -c 2000\n"
        + "echo 'mariadb-dump: Got error: 2013: Lost connection to server during query when dumping table"
        + " shop_one at row: 7' >&2\n"
        + "exit 3\n");
    Map<String, String> failing = Map.of("backup.dump-command", cut.toString());
    BackupFaults.Snapshot before = faults.snapshot();

    CliRun create = faults.cli(failing, "backup", "create", "--name", "halfway");
    assertEquals(BACKUP_FAILED, create.exitCode(), create.output());
    assertTrue(create.err().contains("cut-dump failed (exit 3) making backup halfway: "), create.output());
    assertTrue(create.err().contains("mariadb-dump: Got error: 2013: Lost connection to server during query when"
        + " dumping table shop_one at row: 7. No backup was kept and nothing was executed"), create.output());
    faults.assertUntouched(before);

    CliRun upgrade = faults.cli(failing, "upgrade", "--backup");
    assertEquals(BACKUP_FAILED, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("failed (exit 3) making backup"), upgrade.output());
    assertTrue(upgrade.err().contains("Lost connection to server during query"), upgrade.output());
    faults.assertUntouched(before);
  }

  @Test
  void fullDiskNamesTheQuotaAndLeavesNoFile(TestDatabase db) throws Exception {
    BackupFaults.assumeFileSizeLimitWorks(dir);
    BackupFaults faults = BackupFaults.primed(db, dir);
    // Incompressible rows, several times the limit even after gzip: the write fails part way through.
    db.execute("CREATE TABLE noise (id INT PRIMARY KEY, b LONGBLOB)");
    db.execute("INSERT INTO noise SELECT n, RANDOM_BYTES(1024) FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL"
        + " SELECT n + 1 FROM s WHERE n < 400) SELECT n FROM s) x");
    BackupFaults.Snapshot before = faults.snapshot();

    for (List<String> command : List.of(List.of("backup", "create", "--name", "full"), List.of("upgrade", "--backup"))) {
      BackupFaults.Finished runner = faults.runLimited(100, command);
      assertEquals(BACKUP_FAILED, runner.exitCode(), runner.output());
      assertTrue(runner.output().contains("File too large (the disk or this user's quota is full)"), runner.output());
      assertTrue(runner.output().contains("No backup was kept and nothing was executed"), runner.output());
      faults.assertUntouched(before);
    }
  }

  @Test
  void passwordInTheToolsErrorOutputIsMasked(TestDatabase db) throws Exception {
    BackupFaults faults = BackupFaults.primed(db, dir);
    // Says the password it logged in with, as a tool echoing its options might, in words Redaction alone misses.
    Path tattler = faults.script("tattle-dump", faults.realDump(), BackupFaults.OPTION_FILE_FROM_ARGS
        + "pw=$(sed -n 's/^password=\"\\(.*\\)\"$/\\1/p' \"$f\")\n"
        + "echo \"mariadb-dump: Got error: 1045: Access denied; it was given $pw by the caller\" >&2\n"
        + "exit 2\n");
    Map<String, String> failing = Map.of("backup.dump-command", tattler.toString());
    BackupFaults.Snapshot before = faults.snapshot();

    for (List<String> command : List.of(List.of("backup", "create"), List.of("upgrade", "--backup"))) {
      CliRun run = faults.cli(Map.of("SETUP_RUNNER_DB_PASSWORD", SECRET), failing, command.toArray(String[]::new));
      assertEquals(BACKUP_FAILED, run.exitCode(), run.output());
      assertTrue(run.err().contains("tattle-dump failed (exit 2)"), run.output());
      assertTrue(run.err().contains("Access denied; it was given " + Redaction.MASK + " by the caller"), run.output());
      assertFalse(run.output().contains(SECRET), run.output());
      faults.assertUntouched(before);
    }
  }

  @Test
  void passwordNeverOnACommandLineAndItsOptionFileIsPrivateAndDeleted(TestDatabase db) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc to read command lines from");
    BackupFaults faults = BackupFaults.primed(db, dir);
    Path dumpLog = dir.resolve("dump.log");
    Path clientLog = dir.resolve("client.log");
    Map<String, String> tools = Map.of(
        "backup.dump-command", faults.spyingTool("spy-dump", faults.realDump(), dumpLog).toString(),
        "backup.client-command", faults.spyingTool("spy-client", faults.realClient(), clientLog).toString());
    Map<String, String> env = Map.of("SETUP_RUNNER_DB_PASSWORD", SECRET);

    RunnerProcess create = faults.start("create", env, tools, List.of("backup", "create", "--name", "watched"));
    ProcScan createScan = ProcScan.whileAlive(create, SECRET, dumpLog);
    assertEquals(0, create.waitFor(Duration.ofMinutes(1)), create.output());
    createScan.assertClean("backup create");

    RunnerProcess restore = faults.start("restore", env, tools, List.of("backup", "restore", "watched"));
    ProcScan restoreScan = ProcScan.whileAlive(restore, SECRET, clientLog);
    assertEquals(0, restore.waitFor(Duration.ofMinutes(1)), restore.output());
    restoreScan.assertClean("backup restore");
    assertFalse(create.output().contains(SECRET) || restore.output().contains(SECRET));
  }

  @Test
  void restoreWaitingForAnUpgradesLockTimesOutBeforeTouchingAnything(TestDatabase db) throws Exception {
    BackupFaults faults = BackupFaults.primed(db, dir);
    CliRun backup = faults.cli(Map.of(), "backup", "create", "--name", "before");
    assertEquals(0, backup.exitCode(), backup.output());

    RunnerProcess upgrade = faults.start("upgrade", Map.of("SETUP_RUNNER_DEBUG_PAUSE_AFTER_CHANGE", "2s"), Map.of(),
        List.of("upgrade", "--lock-timeout", "30s"));
    faults.awaitRunning(upgrade, Duration.ofMinutes(1));
    CliRun restore = faults.cli(Map.of(), "backup", "restore", "before", "--lock-timeout", "2s");
    assertEquals(LOCK_TIMEOUT, restore.exitCode(), restore.output());
    assertTrue(restore.err().contains("Timed out after 2s waiting for the upgrade lock"), restore.output());
    assertFalse(Files.exists(faults.root().resolve("var/.maintenance.flag")), "maintenance mode not switched on");
    assertTrue(upgrade.isAlive(), "the restore timed out while the upgrade was still running");

    assertEquals(0, upgrade.waitFor(Duration.ofMinutes(1)), upgrade.output());
    assertEquals(List.of("Acme_Shop=1.1.0"), faults.snapshot().modules(), "the upgrade finished");
    assertTrue(db.tables().containsAll(List.of("shop_one", "shop_two", "shop_three")), db.tables().toString());
    assertEquals(List.of("SUCCEEDED", "SUCCEEDED"), db.column("SELECT status FROM setup_runner_run ORDER BY id"));
    assertEquals(0, db.count("SELECT COUNT(*) FROM setup_runner_run WHERE kind = 'RESTORE'"), "no restore recorded");
    assertFalse(Files.exists(faults.root().resolve("var/.maintenance.flag")));
  }

  @Test
  void eightRunnersWithBackupTakeExactlyOneBeforeTheRunThatExecutes(TestDatabase db) throws Exception {
    BackupFaults faults = new BackupFaults(db, BackupFaults.shop(dir.resolve("app"), true).root());
    List<RunnerProcess> runners = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runners.add(faults.start("runner-" + i, Map.of("SETUP_RUNNER_DEBUG_PAUSE_AFTER_CHANGE", "300ms"), Map.of(),
          List.of("upgrade", "--backup", "--lock-timeout", "3m", "--release", "r8")));
    }
    ExecutorService waiters = Executors.newFixedThreadPool(runners.size());
    try {
      List<Future<Integer>> codes = new ArrayList<>();
      for (RunnerProcess runner : runners) {
        codes.add(waiters.submit(() -> runner.waitFor(Duration.ofMinutes(4))));
      }
      for (int i = 0; i < runners.size(); i++) {
        assertEquals(0, codes.get(i).get(), runners.get(i).output());
      }
    } finally {
      waiters.shutdownNow();
    }

    List<JsonNode> backups = faults.listedManifests();
    assertEquals(1, backups.size(), backups.toString());
    JsonNode backup = backups.get(0);
    String name = backup.get("name").asText();
    assertEquals(Set.of(name + ".sql.gz", name + ".json"), faults.backupFiles(), "one backup, no leftovers");
    CliRun status = faults.cli(Map.of(), "status", "--json");
    JsonNode lastRun = new ObjectMapper().readTree(status.out()).get("lastRun");
    assertEquals(lastRun.get("runId").asText(), backup.get("runId").asText(), status.output());
    assertEquals(1, db.count("SELECT COUNT(*) FROM setup_runner_run"), "one run executed");
    assertEquals(List.of(name), db.column("SELECT backup_name FROM setup_runner_run"));
    assertEquals(0, backup.get("modules").size(), "the backup holds the database before the upgrade: " + backup);
    assertFalse(backup.get("tables").toString().contains("shop_"), "no table of the upgrade's yet: " + backup);
    assertEquals(1, runners.stream().filter(r -> r.stderr().contains("Backup " + name + " taken")).count());
    System.out.printf("BackupFaultsIT: %d of 8 runners queued for the lock behind the one that took backup %s%n",
        runners.stream().filter(r -> r.stderr().contains("taking the lock")).count() - 1, name);
    assertEquals(List.of("Acme_Shop=1.1.0"), faults.snapshot().modules());
  }

  @Test
  void slowDumpPrintsAProgressLineEveryFiveSeconds(TestDatabase db) throws Exception {
    BackupFaults faults = BackupFaults.primed(db, dir);
    Path slow = faults.script("slow-dump", faults.realDump(), "sleep 6\nexec \"" + faults.realDump() + "\" \"$@\"\n");

    CliRun create = faults.cli(Map.of("backup.dump-command", slow.toString()), "backup", "create", "--name", "slow");
    assertEquals(0, create.exitCode(), create.output());
    assertTrue(Pattern.compile("(?m)^Backup slow: \\d+\\.\\d kB dumped after [5-6] s$").matcher(create.err()).find(),
        create.output());
    assertEquals(Set.of("slow.sql.gz", "slow.json"), faults.backupFiles());
  }
}
