package io.setuprunner.cli;

import io.setuprunner.command.BackupCommand;
import io.setuprunner.command.HistoryCommand;
import io.setuprunner.command.MarkCommand;
import io.setuprunner.command.PlanCommand;
import io.setuprunner.command.RestoreCommand;
import io.setuprunner.command.MaintenanceCommand;
import io.setuprunner.command.ResolveCommand;
import io.setuprunner.command.ServeCommand;
import io.setuprunner.command.StatusCommand;
import io.setuprunner.command.UpgradeCommand;
import io.setuprunner.command.WaitCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
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
  void markTakesOneChoiceAChangesetAndAReason() {
    assertEquals(new MarkCommand.Request("A/1.0.0.xml::x::me", true, "by hand"),
        parser.parse("mark", "--applied", "A/1.0.0.xml::x::me", "--reason", " by hand ").request(MarkCommand.Request.class));
    assertFalse(parser.parse("mark", "--not-applied", "c", "--reason", "r").request(MarkCommand.Request.class).applied());
    assertTrue(assertUsage("mark", "--applied", "c").getMessage().contains("--reason"));
    assertUsage("mark", "--applied", "c", "--reason", " ");
    assertUsage("mark", "--reason", "r");
  }

  @Test
  void planAndUpgradeDryRunAreTheSameRequest() {
    assertEquals(new PlanCommand.Request(io.setuprunner.migrate.Phase.EXPAND, true),
        parser.parse("plan", "--phase", "expand", "--json").request(PlanCommand.Request.class));
    Invocation dryRun = parser.parse("upgrade", "--dry-run", "--phase", "contract");
    assertEquals(Command.PLAN, dryRun.command());
    assertEquals(new PlanCommand.Request(io.setuprunner.migrate.Phase.CONTRACT, false),
        dryRun.request(PlanCommand.Request.class));
    assertTrue(assertUsage("upgrade", "--dry-run=false").getMessage().contains("--dry-run takes no value"));
    assertUsage("upgrade", "--dry-run", "1");
    assertTrue(assertUsage("upgrade", "--dry-run", "--force").getMessage().contains("--force"));
  }

  @Test
  void backupActionsAndTheirNames() {
    Invocation create = parser.parse("backup", "create", "--name", "before-r42", "--json");
    assertEquals(Command.BACKUP_CREATE, create.command());
    assertEquals(new BackupCommand.Request(BackupCommand.Action.CREATE, java.util.Optional.of("before-r42"), true),
        create.request(BackupCommand.Request.class));
    assertEquals(java.util.Optional.empty(), parser.parse("backup", "create").request(BackupCommand.Request.class).name());
    assertEquals(Command.BACKUP_LIST, parser.parse("backup", "list", "--json").command());
    assertEquals(new RestoreCommand.Request("before-r42"),
        parser.parse("backup", "restore", "before-r42").request(RestoreCommand.Request.class));
    assertEquals(new BackupCommand.Request(BackupCommand.Action.DELETE, java.util.Optional.of("old"), false),
        parser.parse("backup", "delete", "old").request(BackupCommand.Request.class));
  }

  @Test
  void backupRestoreAndDeleteNeedExactlyOneName() {
    assertTrue(assertUsage("backup", "restore").getMessage().contains("setup-runner backup restore NAME"));
    assertUsage("backup", "delete", "a", "b");
    assertUsage("backup", "restore", "--name", "a");
    assertTrue(assertUsage("backup", "create", "mine").getMessage().contains("--name mine"));
    assertTrue(assertUsage("backup", "restor", "x").getMessage().contains("did you mean restore?"));
    assertUsage("backup");
  }

  @Test
  void upgradeBackupFlagAndBackupSettings() {
    Invocation invocation = parser.parse("upgrade", "--backup", "--backup-dir", "/backups", "--backup-keep", "3",
        "--backup-before-upgrade", "always", "--backup-dump-command", "/opt/dump", "--backup-client-command", "/opt/c");

    assertTrue(invocation.request(UpgradeCommand.Request.class).backup());
    assertEquals(Map.of("backup.dir", "/backups", "backup.keep", "3", "backup.before-upgrade", "always",
        "backup.dump-command", "/opt/dump", "backup.client-command", "/opt/c"), invocation.settings());
    assertFalse(parser.parse("upgrade").request(UpgradeCommand.Request.class).backup());
  }

  @Test
  void cacheRebuild() {
    Invocation invocation = parser.parse("cache", "rebuild", "--root", "/app");

    assertEquals(Command.CACHE_REBUILD, invocation.command());
    assertEquals(Path.of("/app"), invocation.root());
  }

  @Test
  void globalOptionsWithoutACommandAreAUsageError() {
    assertTrue(assertUsage("--root", "/app").getMessage().contains("no command given"));
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

  @Test
  void gatingCommandsAndTheirArguments() {
    Invocation upgrade = parser.parse("upgrade", "--phase", "expand", "--force", "--maintenance");
    assertEquals(io.setuprunner.migrate.Phase.EXPAND, upgrade.request(UpgradeCommand.Request.class).phase());
    assertTrue(upgrade.request(UpgradeCommand.Request.class).force());
    assertTrue(upgrade.request(UpgradeCommand.Request.class).maintenance());
    assertEquals(io.setuprunner.migrate.Phase.ALL, parser.parse("upgrade").request(UpgradeCommand.Request.class).phase());

    assertTrue(parser.parse("status", "--json").request(StatusCommand.Request.class).json());
    Invocation history = parser.parse("history", "--limit", "5", "--json");
    assertEquals(Command.HISTORY, history.command());
    assertEquals(5, history.request(HistoryCommand.Request.class).limit());
    assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(90)),
        parser.parse("wait", "--timeout", "90s").request(WaitCommand.Request.class).timeout());
    Invocation serve = parser.parse("serve", "--port", "0", "--bind", "0.0.0.0");
    assertEquals(0, serve.request(ServeCommand.Request.class).port());
    assertEquals("0.0.0.0", serve.request(ServeCommand.Request.class).bind());
    Invocation enable = parser.parse("maintenance", "enable", "--allow-ip", "203.0.113.7", "198.51.100.2");
    assertEquals(Command.MAINTENANCE_ENABLE, enable.command());
    assertEquals(java.util.List.of("203.0.113.7", "198.51.100.2"), enable.request(MaintenanceCommand.Request.class).allowIps());
    assertEquals(Command.MAINTENANCE_DISABLE, parser.parse("maintenance", "disable").command());
    Invocation resolve = parser.parse("resolve", "--not-applied", "A/1.0.0.xml::x::y");
    assertEquals(java.util.Optional.of("A/1.0.0.xml::x::y"), java.util.Optional.of(resolve.request(ResolveCommand.Request.class).changeset()));
    assertFalse(resolve.request(ResolveCommand.Request.class).applied());
  }

  @Test
  void badWaitTimeoutIsAnInvalidDurationLikeEveryOther() {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> parser.parse("wait", "--timeout", "soon"));
    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    assertTrue(e.getMessage().contains("--timeout='soon'") && e.getMessage().contains("not a duration"), e.getMessage());
  }

  @Test
  void badGatingArgumentsAreUsageErrors() {
    assertTrue(assertUsage("upgrade", "--phase", "sideways").getMessage().contains("expand, contract or all"));
    assertTrue(assertUsage("serve", "--port", "70000").getMessage().contains("--port"));
    assertTrue(assertUsage("maintenance", "toggle").getMessage().contains("enable"));
    assertTrue(assertUsage("maintenance", "status", "--allow-ip", "1.2.3.4").getMessage().contains("--allow-ip"));
    assertTrue(assertUsage("resolve", "--applied", "a", "--not-applied", "b").getMessage().contains("exactly one"));
    assertTrue(assertUsage("history", "--limit", "0").getMessage().contains("--limit"));
  }

  @Test
  void globalOptionsMayComeBeforeTheCommand() {
    Invocation invocation = parser.parse("--root", "/app", "-v", "cache", "rebuild");

    assertEquals(Command.CACHE_REBUILD, invocation.command());
    assertEquals(Path.of("/app"), invocation.root());
    assertTrue(invocation.verbose());
    assertEquals(Map.of("lock.timeout", "5s"), parser.parse("--lock-timeout", "5s", "upgrade").settings());
  }

  @Test
  void versionWorksAnywhere() {
    assertEquals(Command.VERSION, parser.parse("upgrade", "--version").command());
    assertEquals(Command.VERSION, parser.parse("--root", "/app", "status", "--json", "--version").command());
  }

  @Test
  void helpAfterACommandIsThatCommandsHelp() {
    Invocation help = parser.parse("resolve", "--help");

    assertEquals(Command.HELP, help.command());
    assertEquals(java.util.Optional.of("resolve"), help.helpTopic());
    assertEquals(java.util.Optional.empty(), parser.parse("--help").helpTopic());
  }

  @Test
  void optionValueMayFollowAnEqualsSign() {
    assertEquals(io.setuprunner.migrate.Phase.EXPAND, parser.parse("upgrade", "--phase=expand").request(UpgradeCommand.Request.class).phase());
    assertEquals(Path.of("/app"), parser.parse("status", "--root=/app").root());
  }

  @Test
  void aSwitchGivenAValueIsRefusedNotIgnored() {
    assertTrue(assertUsage("upgrade", "--force=false").getMessage().contains("--force takes no value"));
  }

  @Test
  void unknownOptionSaysForWhichCommandAndTheClosestName() {
    assertEquals("unknown option --phse for 'upgrade'; did you mean --phase?",
        assertUsage("upgrade", "--phse", "expand").getMessage());
  }

  @Test
  void anotherCommandsOptionSaysWhereItBelongs() {
    String message = assertUsage("upgrade", "--json").getMessage();
    assertTrue(message.contains("--json is not an option of 'upgrade'") && message.contains("status"), message);
  }

  @Test
  void unknownCommandSuggestsTheClosest() {
    assertTrue(assertUsage("statsu").getMessage().contains("did you mean status?"));
  }

  @Test
  void unknownActionSuggestsTheClosest() {
    assertTrue(assertUsage("maintenance", "enabel").getMessage().contains("did you mean enable?"));
  }

  @Test
  void integerOptionsSayWhatTheyTake() {
    assertEquals("--limit takes a positive number, not 'ten'", assertUsage("history", "--limit", "ten").getMessage());
    assertEquals("--port takes 0 to 65535, not 'http'", assertUsage("serve", "--port", "http").getMessage());
  }

  @Test
  void aMistypedOptionIsNamedWithoutItsValue() {
    String message = assertUsage("status", "--db-pasword=hunter2").getMessage();
    assertTrue(message.startsWith("unknown option --db-pasword for 'status'"), message);
    assertFalse(message.contains("hunter2"), message);
  }
}
