package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.setuprunner.core.Json;
import io.setuprunner.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link Cli}: help, usage errors and the commands that need no database. */
class CliTest {
  @TempDir
  Path root;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final Cli cli = new Cli(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
      new PrintStream(errBytes, true, StandardCharsets.UTF_8), Map.of());

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private Path module(String name, String version, List<String> deps, String configXml) throws IOException {
    Path dir = Files.createDirectories(root.resolve("changelogs").resolve(name));
    StringBuilder sequence = new StringBuilder();
    for (String dep : deps) {
      sequence.append("<module name=\"").append(dep).append("\"/>");
    }
    Files.writeString(dir.resolve("module.xml"), "<config><module name=\"" + name + "\" setup_version=\"" + version
        + "\"><sequence>" + sequence + "</sequence></module></config>");
    Files.writeString(dir.resolve(version + ".xml"), "<databaseChangeLog/>");
    if (configXml != null) {
      Files.writeString(dir.resolve("config.xml"), configXml);
    }
    return dir;
  }

  /** Two modules where Acme_A (sorting first by name) depends on Acme_Z and overrides its web/default/front. */
  private void twoModulesWithConfig() throws IOException {
    module("Acme_Z", "1.0.0", List.of(), "<config><default><web><default><front>cms</front>"
        + "<title>Shop</title></default></web></default></config>");
    module("Acme_A", "1.1.0", List.of("Acme_Z"), "<config><default><web><default><front>catalog</front>"
        + "</default></web><catalog><list><mode>grid</mode></list></catalog></default></config>");
  }

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void helpExitsZeroAndListsEveryExitCodeAndSetting() {
    assertEquals(0, run("--help"));

    String help = out();
    for (ExitCode code : ExitCode.values()) {
      assertTrue(help.matches("(?s).*\\n\\s+" + code.code() + "\\s+" + Pattern.quote(code.meaning())
          + ".*"), () -> "help should list exit code " + code.code() + ":\n" + help);
    }
    for (Setting setting : Setting.values()) {
      assertTrue(help.contains(setting.key()), () -> "help should list " + setting.key());
      assertTrue(help.contains(setting.environmentName()), () -> "help should list " + setting.environmentName());
    }
    assertEquals("", err());
  }

  @Test
  void commandHelpPrintsTheSameUsage() {
    assertEquals(0, run("upgrade", "--help"));
    assertTrue(out().contains("Usage: setup-runner"), out());
  }

  @Test
  void versionExitsZero() {
    assertEquals(0, run("--version"));
    assertTrue(out().startsWith("setup-runner "), out());
  }

  @Test
  void unknownCommandExitsWithUsageCode() {
    assertEquals(64, run("migrate"));

    assertTrue(err().startsWith("setup-runner:"), err());
    assertTrue(err().contains("migrate"), err());
    assertTrue(err().contains("--help"), err());
    assertEquals("", out());
  }

  @Test
  void unknownOptionExitsWithUsageCode() {
    assertEquals(64, run("status", "--frobnicate"));
    assertTrue(err().contains("--help"), err());
  }

  @Test
  void upgradeWithoutChangelogsFailsOnModulesBeforeAnyDatabaseConnection() {
    // No db.url is configured either: INVALID_MODULES (65), not CONFIGURATION (78), shows the catalog loads first.
    assertEquals(65, run("upgrade", "--root", root.toString()));

    assertTrue(err().startsWith("setup-runner:"), err());
    assertTrue(err().contains(root.resolve("changelogs").toString()), err());
    assertTrue(err().contains("Nothing was executed."), err());
  }

  @Test
  void statusWithoutDatabaseConfiguredExitsWithConfigurationCode() throws IOException {
    module("Acme_Store", "1.0.0", List.of(), null);

    assertEquals(78, run("status", "--root", root.toString()));

    assertTrue(err().contains("db.url"), err());
    assertTrue(err().contains("--embedded-db"), err());
  }

  @Test
  void badDurationFlagExitsWithConfigurationCode() throws IOException {
    module("Acme_Store", "1.0.0", List.of(), null);

    assertEquals(78, run("cache", "rebuild", "--root", root.toString(), "--lock-timeout", "soon"));

    assertTrue(err().contains("--lock-timeout"), err());
  }

  @Test
  void cacheRebuildWritesMergedConfigInDependencyOrder() throws IOException {
    twoModulesWithConfig();

    assertEquals(0, run("cache", "rebuild", "--root", root.toString(), "--release", "r42"));

    Path cache = root.resolve("var/cache/config.json");
    assertTrue(Files.isRegularFile(cache), err());
    JsonNode json = Json.mapper().readTree(cache.toFile());
    assertEquals("catalog", json.get("config").get("web/default/front").asText());
    assertEquals("Shop", json.get("config").get("web/default/title").asText());
    assertEquals("grid", json.get("config").get("catalog/list/mode").asText());
    assertEquals("Acme_Z", json.get("modules").get(0).get("name").asText());
    assertEquals("1.0.0", json.get("modules").get(0).get("version").asText());
    assertEquals("Acme_A", json.get("modules").get(1).get("name").asText());
    assertEquals("1.1.0", json.get("modules").get(1).get("version").asText());
    assertEquals("r42", json.get("release").asText());
    assertTrue(out().contains(cache.toString()), out());
  }

  @Test
  void failingCacheCommandExitsWithCacheFailedButKeepsTheCacheFile() throws IOException {
    twoModulesWithConfig();

    assertEquals(73, run("cache", "rebuild", "--root", root.toString(), "--cache-command", "echo boom; exit 3"));

    assertTrue(Files.isRegularFile(root.resolve("var/cache/config.json")));
    assertTrue(err().contains("exit 3"), err());
    assertTrue(err().contains("boom"), err());
  }

  @Test
  void cacheCommandRunsInTheApplicationRoot() throws IOException {
    twoModulesWithConfig();

    assertEquals(0, run("cache", "rebuild", "--root", root.toString(), "--cache-command", "echo flushed > flushed.txt"));

    assertEquals("flushed", Files.readString(root.resolve("flushed.txt")).strip());
    assertTrue(out().contains("Cache command succeeded"), out());
  }

  @Test
  void cacheCommandFromPropertiesFileIsUsed() throws IOException {
    twoModulesWithConfig();
    Files.writeString(root.resolve("setup-runner.properties"), "cache.command=touch from-properties\n");

    assertEquals(0, run("cache", "rebuild", "--root", root.toString()));

    assertTrue(Files.exists(root.resolve("from-properties")));
  }

  @Test
  void noArgumentsPrintsShortUsageOnStderrAndExitsWithUsageCode() {
    assertEquals(64, run());

    assertEquals("", out());
    assertTrue(err().startsWith("Usage: setup-runner <command> [options]"), err());
    assertTrue(err().contains("setup-runner <command> --help"), err());
  }

  @Test
  void commandHelpShowsThatCommandsOptionsAndExitCodesOnly() {
    assertEquals(0, run("resolve", "--help"));

    assertTrue(out().startsWith("Usage: setup-runner resolve --applied CHANGESET | --not-applied CHANGESET"), out());
    assertTrue(out().contains("--not-applied CHANGESET"), out());
    assertTrue(out().contains(" 75  "), "resolve waits for the lock: " + out());
    assertFalse(out().contains("--phase"), "no other command's options: " + out());
    assertFalse(out().contains(" 77  "), "no other command's exit codes: " + out());
  }

  @Test
  void everyCommandHasItsOwnHelp() {
    for (String command : CommandLineParser.COMMANDS) {
      outBytes.reset();
      assertEquals(0, run(command, "--help"), command);
      assertTrue(out().startsWith("Usage: setup-runner " + command), out());
      assertTrue(out().contains("Exit codes:"), out());
    }
  }

  @Test
  void unknownOptionNamesTheClosestOneAndNotTheParsersInternals() {
    assertEquals(64, run("upgrade", "--phse", "expand"));

    assertTrue(err().contains("unknown option --phse for 'upgrade'; did you mean --phase?"), err());
    assertFalse(err().contains("main parameter"), err());
  }

  @Test
  void maintenanceWithAMistypedRootIsAnErrorAndCreatesNothing() {
    Path typo = root.resolve("curent");

    assertEquals(78, run("maintenance", "enable", "--root", typo.toString()));

    assertTrue(err().contains("does not exist"), err());
    assertFalse(Files.exists(typo));
  }

  @Test
  void unknownEnvironmentVariableIsAWarningNotAnError() throws IOException {
    twoModulesWithConfig();
    Cli withTypo = new Cli(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8), Map.of("SETUP_RUNNER_DB_PASSWROD", "hunter2"));

    assertEquals(0, withTypo.run("cache", "rebuild", "--root", root.toString()));

    assertTrue(err().contains("setup-runner: warning: the environment variable SETUP_RUNNER_DB_PASSWROD is not a"
        + " setting and is ignored; did you mean SETUP_RUNNER_DB_PASSWORD?"), err());
    assertFalse(err().contains("hunter2"), err());
  }
}
