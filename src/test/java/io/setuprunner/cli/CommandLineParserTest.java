package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cli.Invocation.Command;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests for {@link CommandLineParser}: commands, options and the usage errors it raises. */
class CommandLineParserTest {
  private final CommandLineParser parser = new CommandLineParser();

  private SetupRunnerException assertUsage(String... args) {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> parser.parse(args));
    assertEquals(ErrorKind.USAGE, e.kind());
    return e;
  }

  @Test
  void upgradeWithRootAndSettingFlags() {
    Invocation invocation =
        parser.parse("upgrade", "--root", "/x", "--db-url", "jdbc:mysql://h/db", "--lock-timeout", "5s");

    assertEquals(Command.UPGRADE, invocation.command());
    assertEquals(Path.of("/x"), invocation.root());
    assertEquals(Map.of("db.url", "jdbc:mysql://h/db", "lock.timeout", "5s"), invocation.settings());
    assertFalse(invocation.embeddedDb());
    assertFalse(invocation.verbose());
  }

  @Test
  void everySettingFlagMapsToItsKey() {
    Invocation invocation = parser.parse("status",
        "--db-url", "u", "--db-user", "usr", "--db-password-file", "pf",
        "--zookeeper-connect", "zk", "--zookeeper-namespace", "ns",
        "--zookeeper-session-timeout", "1s", "--zookeeper-connection-timeout", "2s",
        "--lock-timeout", "3s", "--release", "r1", "--cache-command", "true");

    assertEquals(Map.of("db.url", "u", "db.user", "usr", "db.password-file", "pf", "zookeeper.connect", "zk",
        "zookeeper.namespace", "ns", "zookeeper.session-timeout", "1s", "zookeeper.connection-timeout", "2s",
        "lock.timeout", "3s", "release", "r1", "cache.command", "true"), invocation.settings());
  }

  @Test
  void statusDefaultsToCurrentDirectoryAndNoSettings() {
    Invocation invocation = parser.parse("status");

    assertEquals(Command.STATUS, invocation.command());
    assertEquals(Path.of("."), invocation.root());
    assertEquals(Map.of(), invocation.settings());
  }

  @Test
  void embeddedDbAndVerboseFlags() {
    Invocation invocation = parser.parse("status", "--embedded-db", "-v");

    assertTrue(invocation.embeddedDb());
    assertTrue(invocation.verbose());
  }

  @Test
  void cacheRebuild() {
    Invocation invocation = parser.parse("cache", "rebuild", "--root", "/app");

    assertEquals(Command.CACHE_REBUILD, invocation.command());
    assertEquals(Path.of("/app"), invocation.root());
  }

  @Test
  void noArgumentsShowsHelp() {
    assertEquals(Command.HELP, parser.parse().command());
  }

  @Test
  void helpFlagShowsHelp() {
    assertEquals(Command.HELP, parser.parse("--help").command());
    assertEquals(Command.HELP, parser.parse("-h").command());
  }

  @Test
  void commandHelpFlagShowsHelp() {
    assertEquals(Command.HELP, parser.parse("upgrade", "--help").command());
    assertEquals(Command.HELP, parser.parse("status", "-h").command());
    assertEquals(Command.HELP, parser.parse("cache", "--help").command());
  }

  @Test
  void versionFlag() {
    assertEquals(Command.VERSION, parser.parse("--version").command());
  }

  @Test
  void unknownCommandIsAUsageErrorNamingIt() {
    SetupRunnerException e = assertUsage("migrate");
    assertTrue(e.getMessage().contains("'migrate'"), e.getMessage());
  }

  @Test
  void unknownOptionIsAUsageError() {
    SetupRunnerException e = assertUsage("upgrade", "--frobnicate");
    assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
  }

  @Test
  void unknownCacheActionIsAUsageError() {
    SetupRunnerException e = assertUsage("cache", "clear");
    assertTrue(e.getMessage().contains("rebuild"), e.getMessage());
  }

  @Test
  void cacheWithoutActionIsAUsageError() {
    assertUsage("cache");
  }

  @Test
  void optionWithoutValueIsAUsageError() {
    assertUsage("upgrade", "--root");
  }

  @Test
  void thereIsNoPasswordFlag() {
    SetupRunnerException e = assertUsage("upgrade", "--db-password", "hunter2");
    assertTrue(e.getMessage().contains("--db-password"), e.getMessage());
  }
}
