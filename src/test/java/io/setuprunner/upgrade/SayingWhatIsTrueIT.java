package io.setuprunner.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.Await;
import io.setuprunner.support.RunnerProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What upgrade, status and history print matches what happened, including what went wrong around the run. */
@ExtendWith(MariaDbExtension.class)
class SayingWhatIsTrueIT {
  private static final Pattern MILLIS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

  @TempDir Path dir;

  private static CliRun run(TestDatabase db, Path root, String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--root";
    all[args.length + 1] = root.toString();
    return CliRun.against(db, all);
  }

  @Test
  void cacheThatCannotBeWrittenAfterASuccessfulUpgradeComesAfterTheSummary(TestDatabase db) throws Exception {
    Path root = AppFixture.sample(dir).root();
    Files.createDirectories(root.resolve("var"));
    Files.writeString(root.resolve("var/cache"), "a file where the cache folder should be");

    CliRun upgrade = run(db, root, "upgrade");

    assertEquals(73, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().startsWith("Upgraded 6 modules (13 versions, 48 changesets)"), upgrade.output());
    assertTrue(upgrade.err().contains("Could not write the config cache")
        && upgrade.err().contains("The upgrade itself succeeded and is recorded"), upgrade.output());
    assertEquals(0, run(db, root, "status").exitCode(), "the upgrade is recorded");
  }

  @Test
  void modulesAndChangelogsTheCodeLacksAreWarnedListedAndInTheJson(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    deleteTree(app.changelogs().resolve("Acme_Review"));
    Files.delete(app.changelogs().resolve("Acme_Store/1.0.0.xml"));

    CliRun upgrade = run(db, app.root(), "upgrade");
    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("setup-runner: warning: Acme_Review 1.1.0 is installed in the database but"
        + " absent from the code"), upgrade.output());
    assertTrue(upgrade.err().contains("setup-runner: warning: Acme_Store/1.0.0.xml: 6 applied changesets recorded,"
        + " but the file is gone"), upgrade.output());

    CliRun status = run(db, app.root(), "status");
    assertTrue(status.out().contains("Out of step: Acme_Review 1.1.0 is installed"), status.output());
    JsonNode json = Json.mapper().readTree(run(db, app.root(), "status", "--json").out());
    assertEquals("Acme_Review", json.get("missingModules").get(0).get("name").asText());
    assertEquals("1.1.0", json.get("missingModules").get(0).get("databaseVersion").asText());
    assertEquals("Acme_Store/1.0.0.xml", json.get("missingChangelogs").get(0).get("file").asText());
    assertEquals(6, json.get("missingChangelogs").get(0).get("changesetsApplied").asInt());
  }

  @Test
  void anEmptyChangelogsFolderAgainstAnInstalledDatabaseWritesNoCache(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    assertEquals(0, run(db, app.root(), "upgrade").exitCode());
    String cache = Files.readString(app.root().resolve("var/cache/config.json"));
    deleteTree(app.changelogs());
    Files.createDirectories(app.changelogs());

    CliRun upgrade = run(db, app.root(), "upgrade");

    assertEquals(65, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("the database has 6 installed"), upgrade.output());
    assertEquals(cache, Files.readString(app.root().resolve("var/cache/config.json")), "the cache is untouched");
  }

  @Test
  void statusVerboseListsPendingChangesetsAndRunsReadNaturallyWithMilliseconds(TestDatabase db) throws Exception {
    Path root = AppFixture.sample(dir).root();
    CliRun pending = run(db, root, "status", "-v");
    assertTrue(pending.out().contains("    pending: Acme_Store/1.0.0.xml::"), pending.output());

    assertEquals(0, run(db, root, "upgrade").exitCode());
    CliRun status = run(db, root, "status");
    assertTrue(Pattern.compile("Last run: succeeded at " + MILLIS + ", took \\d+\\.\\ds: run ").matcher(status.out())
        .find(), status.output());
    CliRun history = run(db, root, "history");
    assertTrue(history.out().contains("Took"), history.output());
    assertTrue(Pattern.compile("succeeded +" + MILLIS + " +\\d+\\.\\d{3}s ").matcher(history.out()).find(),
        history.output());
    JsonNode run = Json.mapper().readTree(run(db, root, "history", "--json").out()).get(0);
    assertTrue(MILLIS.matcher(run.get("startedAt").asText()).matches(), run.toString());
    assertTrue(MILLIS.matcher(run.get("finishedAt").asText()).matches(), run.toString());
    long storedMillis = db.count("SELECT TIMESTAMPDIFF(MICROSECOND, started_at, finished_at) DIV 1000"
        + " FROM setup_runner_run");
    assertEquals(storedMillis, run.get("durationMs").asLong());
    assertFalse(storedMillis % 1000 == 0 && storedMillis > 0, "milliseconds are kept: " + storedMillis);
  }

  @Test
  void aRunnerThatWaitedNamesTheRunThatDidTheWork(TestDatabase db) throws Exception {
    Path leaderRoot = AppFixture.sample(dir.resolve("web-1")).root();
    Path waiterRoot = AppFixture.sample(dir.resolve("web-2")).root();
    Map<String, String> env = new HashMap<>(db.environment());
    env.put("SETUP_RUNNER_DEBUG_PAUSE_AFTER_CHANGE", "100ms");
    RunnerProcess leader = RunnerProcess.start(dir.resolve("logs"), "web-1", env, "upgrade", "--root",
        leaderRoot.toString(), "--release", "r42");
    Await.exit(() -> run(db, waiterRoot, "status"), 3, Duration.ofSeconds(60));

    CliRun waiter = run(db, waiterRoot, "upgrade");

    assertEquals(0, leader.waitFor(Duration.ofSeconds(90)), leader.output());
    assertEquals(0, waiter.exitCode(), waiter.output());
    String leaderRun = db.column("SELECT run_id FROM setup_runner_run").get(0);
    assertTrue(waiter.out().startsWith("Nothing to execute: run " + leaderRun + " on "), waiter.output());
    assertTrue(waiter.out().contains("(release r42) upgraded 6 modules (48 changesets) while this one waited "),
        waiter.output());
  }

  @Test
  void brokenChangelogXmlNamesTheFileAndLine(TestDatabase db) {
    AppFixture app = AppFixture.empty(dir).module("Acme_Shop", "1.0.0").write("Acme_Shop/1.0.0.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
              http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
          <changeSet id="shop-1" author="test">
            <sql>SELECT 1</sql>
          </changeSet
        </databaseChangeLog>
        """);

    CliRun upgrade = run(db, app.root(), "upgrade");

    assertEquals(65, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.err().contains("Acme_Shop/1.0.0.xml") && upgrade.err().contains("(line 9, column"),
        upgrade.output());
  }

  private static void deleteTree(Path path) throws Exception {
    try (var files = Files.walk(path)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
