package io.setuprunner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.config.RunnerConfig.ZooKeeperSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link ConfigLoader}: defaults, properties file, environment and flags, and their errors. */
class ConfigLoaderTest {
  @TempDir
  Path root;

  private final ConfigLoader loader = new ConfigLoader();

  private Path properties(String text) throws IOException {
    return Files.writeString(root.resolve(ConfigLoader.PROPERTIES_FILE), text);
  }

  private RunnerConfig load(Map<String, String> environment, Map<String, String> flags) {
    return loader.load(root, environment, flags);
  }

  private SetupRunnerException assertConfigurationError(Map<String, String> environment, Map<String, String> flags) {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> load(environment, flags));
    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    return e;
  }

  private static void assertMentions(Exception e, Object... parts) {
    for (Object part : parts) {
      assertTrue(e.getMessage().contains(part.toString()), () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void defaultsApplyWithNothingConfigured() {
    RunnerConfig config = load(Map.of(), Map.of());

    assertEquals(root, config.root());
    assertEquals(Duration.ofMinutes(15), config.lockTimeout());
    assertEquals(Optional.empty(), config.database());
    assertEquals(Optional.empty(), config.zookeeper());
    assertEquals(Optional.empty(), config.release());
    assertEquals(Optional.empty(), config.cacheCommand());
  }

  @Test
  void derivedPathsLiveUnderTheRoot() {
    RunnerConfig config = load(Map.of(), Map.of());

    assertEquals(root.resolve("changelogs"), config.changelogsDir());
    assertEquals(root.resolve("var/cache/config.json"), config.cacheFile());
  }

  @Test
  void propertiesFileOverridesDefaults() throws IOException {
    properties("""
        db.url=jdbc:mysql://file-host/shop
        db.user=file-user
        db.password=file-secret
        lock.timeout=2m
        release=r-file
        cache.command=touch flushed
        """);

    RunnerConfig config = load(Map.of(), Map.of());

    DatabaseSettings db = config.database().orElseThrow();
    assertEquals("jdbc:mysql://file-host/shop", db.url());
    assertEquals("file-user", db.user());
    assertEquals("file-secret", db.password().reveal());
    assertEquals(Duration.ofMinutes(2), config.lockTimeout());
    assertEquals(Optional.of("r-file"), config.release());
    assertEquals(Optional.of("touch flushed"), config.cacheCommand());
  }

  @Test
  void environmentOverridesPropertiesFile() throws IOException {
    properties("db.url=jdbc:mysql://file-host/shop\nlock.timeout=2m\ndb.user=file-user\n");

    RunnerConfig config = load(Map.of(
        "SETUP_RUNNER_DB_URL", "jdbc:mysql://env-host/shop",
        "SETUP_RUNNER_LOCK_TIMEOUT", "30s",
        "SETUP_RUNNER_DB_PASSWORD", "env-secret"), Map.of());

    DatabaseSettings db = config.database().orElseThrow();
    assertEquals("jdbc:mysql://env-host/shop", db.url());
    assertEquals("file-user", db.user());
    assertEquals("env-secret", db.password().reveal());
    assertEquals(Duration.ofSeconds(30), config.lockTimeout());
  }

  @Test
  void blankEnvironmentVariableDoesNotOverride() throws IOException {
    properties("db.url=jdbc:mysql://file-host/shop\n");

    RunnerConfig config = load(Map.of("SETUP_RUNNER_DB_URL", "  "), Map.of());

    assertEquals("jdbc:mysql://file-host/shop", config.database().orElseThrow().url());
  }

  @Test
  void flagsOverrideEnvironmentAndFile() throws IOException {
    properties("db.url=jdbc:mysql://file-host/shop\nlock.timeout=2m\n");

    RunnerConfig config = load(
        Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://env-host/shop", "SETUP_RUNNER_LOCK_TIMEOUT", "30s"),
        Map.of("db.url", "jdbc:mysql://flag-host/shop", "lock.timeout", "500ms"));

    assertEquals("jdbc:mysql://flag-host/shop", config.database().orElseThrow().url());
    assertEquals(Duration.ofMillis(500), config.lockTimeout());
  }

  @Test
  void environmentNamesFollowTheSettingKeys() {
    assertEquals("SETUP_RUNNER_DB_PASSWORD_FILE", Setting.DB_PASSWORD_FILE.environmentName());
    assertEquals("SETUP_RUNNER_ZOOKEEPER_SESSION_TIMEOUT", Setting.ZOOKEEPER_SESSION_TIMEOUT.environmentName());
    assertEquals(Optional.of("--db-password-file"), Setting.DB_PASSWORD_FILE.flag());
    assertEquals(Optional.empty(), Setting.DB_PASSWORD.flag());
  }

  @Test
  void zookeeperIsAbsentUnlessConnectIsSet() {
    RunnerConfig config = load(Map.of("SETUP_RUNNER_ZOOKEEPER_NAMESPACE", "shop"), Map.of());

    assertEquals(Optional.empty(), config.zookeeper());
  }

  @Test
  void zookeeperUsesDefaultNamespaceAndTimeouts() {
    RunnerConfig config = load(Map.of(), Map.of("zookeeper.connect", "zk1:2181,zk2:2181"));

    ZooKeeperSettings zk = config.zookeeper().orElseThrow();
    assertEquals("zk1:2181,zk2:2181", zk.connect());
    assertEquals("setup-runner", zk.namespace());
    assertEquals(Duration.ofSeconds(30), zk.sessionTimeout());
    assertEquals(Duration.ofSeconds(15), zk.connectionTimeout());
  }

  @Test
  void zookeeperSettingsCanBeOverridden() {
    RunnerConfig config = load(Map.of("SETUP_RUNNER_ZOOKEEPER_CONNECT", "zk:2181"),
        Map.of("zookeeper.namespace", "shop", "zookeeper.session-timeout", "10s"));

    ZooKeeperSettings zk = config.zookeeper().orElseThrow();
    assertEquals("shop", zk.namespace());
    assertEquals(Duration.ofSeconds(10), zk.sessionTimeout());
  }

  @Test
  void passwordFileFirstLineOverridesPassword() throws IOException {
    Path secret = Files.writeString(root.resolve("db.secret"), "from-file\nsecond line\n");

    RunnerConfig config = load(
        Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://h/db", "SETUP_RUNNER_DB_PASSWORD", "from-env"),
        Map.of("db.password-file", secret.toString()));

    assertEquals("from-file", config.database().orElseThrow().password().reveal());
  }

  @Test
  void relativePasswordFileInThePropertiesFileIsRelativeToTheRoot() throws IOException {
    Files.createDirectories(root.resolve("secrets"));
    Files.writeString(root.resolve("secrets/db.pass"), "from-root-file\n");
    properties("db.url=jdbc:mysql://h/db\ndb.password-file=secrets/db.pass\n");

    RunnerConfig config = load(Map.of(), Map.of());

    assertEquals("from-root-file", config.database().orElseThrow().password().reveal());
  }

  @Test
  void blankNamespaceAndBadZooKeeperDurationsAreConfigurationErrors() throws IOException {
    properties("zookeeper.connect=zk:2181\nzookeeper.namespace=/\n");
    SetupRunnerException blank = assertThrows(SetupRunnerException.class, () -> load(Map.of(), Map.of()));
    assertEquals(ErrorKind.CONFIGURATION, blank.kind());
    assertTrue(blank.getMessage().contains("zookeeper.namespace"), blank.getMessage());

    properties("");
    SetupRunnerException soon = assertThrows(SetupRunnerException.class,
        () -> load(Map.of("SETUP_RUNNER_ZOOKEEPER_SESSION_TIMEOUT", "soon"), Map.of()));
    assertTrue(soon.getMessage().contains("SETUP_RUNNER_ZOOKEEPER_SESSION_TIMEOUT"), soon.getMessage());
  }

  @Test
  void emptyPasswordFileMeansEmptyPassword() throws IOException {
    Path secret = Files.writeString(root.resolve("db.secret"), "");

    RunnerConfig config = load(Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://h/db",
        "SETUP_RUNNER_DB_PASSWORD_FILE", secret.toString()), Map.of());

    assertEquals("", config.database().orElseThrow().password().reveal());
  }

  @Test
  void unreadablePasswordFileNamesItsSource() {
    Path missing = root.resolve("no-such.secret");

    SetupRunnerException e = assertConfigurationError(Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://h/db"),
        Map.of("db.password-file", missing.toString()));

    assertMentions(e, "db.password-file", "--db-password-file", missing);
  }

  @Test
  void unreadablePasswordFileFromEnvironmentNamesTheVariable() {
    SetupRunnerException e = assertConfigurationError(Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://h/db",
        "SETUP_RUNNER_DB_PASSWORD_FILE", root.resolve("nope").toString()), Map.of());

    assertMentions(e, "SETUP_RUNNER_DB_PASSWORD_FILE");
  }

  @Test
  void unknownKeyInPropertiesFileNamesFileAndKey() throws IOException {
    Path file = properties("db.url=jdbc:mysql://h/db\ndb.pasword=typo\n");

    SetupRunnerException e = assertConfigurationError(Map.of(), Map.of());

    assertMentions(e, file, "'db.pasword'", "not a setting");
  }

  @Test
  void badDurationFromEnvironmentNamesTheVariable() {
    SetupRunnerException e = assertConfigurationError(Map.of("SETUP_RUNNER_LOCK_TIMEOUT", "ten minutes"), Map.of());

    assertMentions(e, "lock.timeout", "ten minutes", "SETUP_RUNNER_LOCK_TIMEOUT");
  }

  @Test
  void badDurationFromPropertiesFileNamesTheFile() throws IOException {
    Path file = properties("lock.timeout=-5s\n");

    SetupRunnerException e = assertConfigurationError(Map.of(), Map.of());

    assertMentions(e, "lock.timeout", file);
  }

  @Test
  void badDurationFromFlagNamesTheFlag() {
    SetupRunnerException e = assertConfigurationError(Map.of(),
        Map.of("zookeeper.connect", "zk:2181", "zookeeper.connection-timeout", "soon"));

    assertMentions(e, "zookeeper.connection-timeout", "--zookeeper-connection-timeout", "soon");
  }

  @Test
  void nonMysqlUrlIsRefused() {
    SetupRunnerException e =
        assertConfigurationError(Map.of(), Map.of("db.url", "jdbc:postgresql://h/db"));

    assertMentions(e, "db.url", "--db-url", "MySQL");
  }

  @Test
  void mariadbUrlIsRefusedWithTheMysqlUrlToUse() {
    SetupRunnerException e = assertConfigurationError(
        Map.of("SETUP_RUNNER_DB_URL", "jdbc:mariadb://h:3306/db?password=hunter2"), Map.of());

    assertMentions(e, "SETUP_RUNNER_DB_URL", "jdbc:mysql://h:3306/db?password=******");
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void secretNeverShowsThePassword() {
    Secret secret = new Secret("hunter2");

    assertFalse(secret.toString().contains("hunter2"));
    assertEquals("hunter2", secret.reveal());
  }

  @Test
  void runnerConfigToStringDoesNotContainThePassword() {
    RunnerConfig config = load(
        Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://h/db", "SETUP_RUNNER_DB_PASSWORD", "hunter2"), Map.of());

    assertEquals("hunter2", config.database().orElseThrow().password().reveal());
    assertFalse(config.toString().contains("hunter2"), config.toString());
    assertFalse(config.database().orElseThrow().toString().contains("hunter2"));
  }

  @Test
  void urlCredentialsAreUsedWhenTheSettingsGiveNone() {
    RunnerConfig config = load(Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://h/db?user=app&password=hunter2"), Map.of());

    DatabaseSettings db = config.database().orElseThrow();
    assertEquals("jdbc:mysql://h/db", db.url());
    assertEquals("app", db.user());
    assertEquals("hunter2", db.password().reveal());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void settingsWinOverUrlCredentialsAndAWarningSaysSo() {
    RunnerConfig config = load(Map.of("SETUP_RUNNER_DB_URL", "jdbc:mysql://url-user:url-pass@h/db",
        "SETUP_RUNNER_DB_USER", "setting-user", "SETUP_RUNNER_DB_PASSWORD", "setting-pass"), Map.of());

    DatabaseSettings db = config.database().orElseThrow();
    assertEquals("setting-user", db.user());
    assertEquals("setting-pass", db.password().reveal());
    assertEquals(2, config.warnings().size(), config.warnings().toString());
    assertTrue(config.warnings().get(0).contains("db.user from the environment variable SETUP_RUNNER_DB_USER wins"));
    assertTrue(config.warnings().get(1).contains("wins over the password in db.url"));
    assertFalse(config.warnings().toString().contains("url-pass"));
  }

  @Test
  void rootThatDoesNotExistIsAnErrorAndNothingIsCreated() {
    Path typo = root.resolve("curent");

    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> loader.load(typo, Map.of(), Map.of()));

    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    assertMentions(e, typo.toAbsolutePath(), "does not exist", "--root");
    assertFalse(Files.exists(typo));
  }

  @Test
  void unknownEnvironmentVariableWarnsWithTheClosestNameAndNeverItsValue() {
    RunnerConfig config = load(Map.of("SETUP_RUNNER_DB_PASSWROD", "hunter2", "SETUP_RUNNER_JAVA_OPTS", "-Xmx1g",
        "SETUP_RUNNER_EXT_DIR", "/opt/extensions"), Map.of());

    assertEquals(List.of("the environment variable SETUP_RUNNER_DB_PASSWROD is not a setting and is ignored;"
        + " did you mean SETUP_RUNNER_DB_PASSWORD?"), config.warnings());
  }

  @Test
  void releaseLongerThanItsColumnIsRefusedBeforeAnythingConnects() {
    SetupRunnerException e = assertConfigurationError(Map.of(), Map.of("release", "r".repeat(192)));

    assertMentions(e, "release from --release", "192 characters", "at most 191");
  }

  @Test
  void namespaceThatIsNoZooKeeperPathIsRefused() {
    SetupRunnerException e = assertConfigurationError(Map.of(),
        Map.of("zookeeper.connect", "zk:2181", "zookeeper.namespace", "shop//blue"));

    assertMentions(e, "zookeeper.namespace='shop//blue' from --zookeeper-namespace", "not a ZooKeeper path");
  }

  @Test
  void connectStringThatIsNoHostPortListIsRefused() {
    SetupRunnerException e = assertConfigurationError(Map.of("SETUP_RUNNER_ZOOKEEPER_CONNECT", "zk1:2181;zk2:2181"),
        Map.of());

    assertMentions(e, "zookeeper.connect", "SETUP_RUNNER_ZOOKEEPER_CONNECT", "host:port");
  }

  @Test
  void pollIntervalBelowItsMinimumIsRefused() {
    SetupRunnerException e = assertConfigurationError(Map.of(), Map.of("poll.interval", "5ms"));

    assertMentions(e, "poll.interval='5ms' from --poll-interval", "at least 100ms");
  }

  @Test
  void connectTimeoutDefaultsToFiveSeconds() {
    assertEquals(Duration.ofSeconds(5), load(Map.of(), Map.of()).dbConnectTimeout());
    assertEquals(Duration.ofSeconds(2), load(Map.of(), Map.of("db.connect-timeout", "2s")).dbConnectTimeout());
  }

  @Test
  void backupsDefaultToNeverTenKeptUnderVarBackups() {
    BackupSettings backup = load(Map.of(), Map.of()).backup();

    assertEquals(BackupSettings.Policy.NEVER, backup.beforeUpgrade());
    assertEquals(root.toAbsolutePath().normalize().resolve("var/backups"), backup.dir());
    assertEquals(10, backup.keep());
    assertEquals(Optional.empty(), backup.dumpCommand());
  }

  @Test
  void backupSettingsFromEnvironmentAndFlags() {
    BackupSettings backup = load(Map.of("SETUP_RUNNER_BACKUP_BEFORE_UPGRADE", "When-Pending",
        "SETUP_RUNNER_BACKUP_DIR", "/srv/backups"), Map.of("backup.keep", "0", "backup.dump-command", "mysqldump"))
        .backup();

    assertEquals(BackupSettings.Policy.WHEN_PENDING, backup.beforeUpgrade());
    assertEquals(Path.of("/srv/backups"), backup.dir());
    assertEquals(0, backup.keep());
    assertEquals(Optional.of("mysqldump"), backup.dumpCommand());
  }

  @Test
  void badBackupSettingsNameTheirSource() {
    assertMentions(assertConfigurationError(Map.of(), Map.of("backup.before-upgrade", "sometimes")),
        "backup.before-upgrade='sometimes' from --backup-before-upgrade", "never, when-pending, always");
    assertMentions(assertConfigurationError(Map.of("SETUP_RUNNER_BACKUP_KEEP", "-1"), Map.of()),
        "backup.keep='-1' from the environment variable SETUP_RUNNER_BACKUP_KEEP", "0 or more");
  }
}
