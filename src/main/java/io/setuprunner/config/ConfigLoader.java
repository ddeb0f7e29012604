package io.setuprunner.config;

import io.setuprunner.core.ChangelogSelection;
import io.setuprunner.core.Redaction;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.config.RunnerConfig.ZooKeeperSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves settings in layers, each overriding the one before: defaults, then
 * {@code setup-runner.properties} in the application root, then {@code SETUP_RUNNER_*} environment
 * variables, then command-line flags. Every value is checked here, before anything connects.
 */
public final class ConfigLoader {
  public static final String PROPERTIES_FILE = "setup-runner.properties";
  /** {@code changelog.parameter.table_prefix=shop_} in the properties file sets {@code ${table_prefix}}. */
  public static final String PARAMETER_PREFIX = "changelog.parameter.";
  /** {@code SETUP_RUNNER_CHANGELOG_PARAMETER_table_prefix=shop_} does the same from the environment. */
  public static final String PARAMETER_VARIABLE_PREFIX = "SETUP_RUNNER_CHANGELOG_PARAMETER_";
  /** The launcher's own variables: they share the prefix but are not settings. */
  private static final Set<String> LAUNCHER_VARIABLES = Set.of("SETUP_RUNNER_JAR", "SETUP_RUNNER_JAVA_OPTS",
      "SETUP_RUNNER_CDS", "SETUP_RUNNER_CDS_DIR", "SETUP_RUNNER_EXT_DIR");

  /**
   * @param flags values given as flags, keyed by setting key ({@code db.url})
   * @throws SetupRunnerException of kind {@link ErrorKind#CONFIGURATION} naming the bad value's source
   */
  public RunnerConfig load(Path root, Map<String, String> environment, Map<String, String> flags) {
    if (!Files.isDirectory(root)) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION, "The application root " + root.toAbsolutePath()
          + (Files.exists(root) ? " is not a directory" : " does not exist") + ": check --root (it names the folder"
          + " that holds changelogs/ and var/). Nothing was created.");
    }
    List<String> warnings = new ArrayList<>();
    Map<Setting, SettingValue> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      s.defaultValue().ifPresent(v -> values.put(s, new SettingValue(s, v, "the default")));
    }
    Path file = root.resolve(PROPERTIES_FILE);
    Map<String, String> parameters = new TreeMap<>();
    readProperties(file).forEach((key, text) -> {
      if (key.startsWith(PARAMETER_PREFIX)) {
        parameters.put(parameterName(key.substring(PARAMETER_PREFIX.length()), file + " (" + key + ")"), text);
        return;
      }
      if (Setting.byKey(key).filter(Setting::namesFile).isPresent() && !text.isBlank()
          && !Path.of(text.trim()).isAbsolute()) {
        // A relative path in the application's own file means relative to the application.
        text = root.resolve(text.trim()).toString();
      }
      Setting setting = Setting.byKey(key).orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION,
          file + " sets '" + key + "', which is not a setting"
              + Suggestions.endOfSentence(key, Setting.keys())
              + " Known settings: " + Setting.keys() + ". Fix or remove the line."));
      values.put(setting, new SettingValue(setting, text, file.toString()));
    });
    for (Setting s : Setting.values()) {
      String text = environment.get(s.environmentName());
      if (text != null && !text.isBlank()) {
        values.put(s, new SettingValue(s, text, "the environment variable " + s.environmentName()));
      }
    }
    environment.forEach((name, text) -> {
      if (name.startsWith(PARAMETER_VARIABLE_PREFIX)) {
        parameters.put(parameterName(name.substring(PARAMETER_VARIABLE_PREFIX.length()),
            "the environment variable " + name), text);
      }
    });
    warnings.addAll(unknownVariables(environment));
    flags.forEach((key, text) -> {
      if (key.startsWith(PARAMETER_PREFIX)) {
        parameters.put(parameterName(key.substring(PARAMETER_PREFIX.length()), "-D" + key.substring(
            PARAMETER_PREFIX.length())), text);
        return;
      }
      Setting setting = Setting.byKey(key).orElseThrow(() -> new IllegalArgumentException("no setting " + key));
      values.put(setting, new SettingValue(setting, text, setting.flag().orElse(key)));
    });
    Optional<DatabaseSettings> database = database(values, warnings);
    return new RunnerConfig(
        root,
        database,
        zookeeper(values, warnings),
        duration(values, Setting.LOCK_TIMEOUT),
        duration(values, Setting.POLL_INTERVAL),
        SettingRules.release(values.get(Setting.RELEASE)),
        text(values, Setting.CACHE_COMMAND),
        duration(values, Setting.DEBUG_PAUSE),
        duration(values, Setting.DB_CONNECT_TIMEOUT),
        new ChangelogSelection(text(values, Setting.CHANGELOG_CONTEXTS).orElse(""),
            text(values, Setting.CHANGELOG_LABELS).orElse(""), parameters),
        new BackupSettings(SettingRules.backupPolicy(values.get(Setting.BACKUP_BEFORE_UPGRADE)),
            root.toAbsolutePath().normalize().resolve(text(values, Setting.BACKUP_DIR).orElse("var/backups")),
            SettingRules.count(values.get(Setting.BACKUP_KEEP)), text(values, Setting.BACKUP_DUMP_COMMAND),
            text(values, Setting.BACKUP_CLIENT_COMMAND)),
        duration(values, Setting.PROGRESS_HEARTBEAT),
        duration(values, Setting.LOCK_LEASE),
        warnings);
  }

  /** A parameter's name as a changelog writes it in {@code ${name}}; Liquibase has no use for any other. */
  private static String parameterName(String name, String source) {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION, source + " names the changelog parameter '" + name
          + "', which a changelog cannot refer to as ${name}: use letters, digits, '_', '.' and '-' only.");
    }
    return name;
  }

  /** A {@code SETUP_RUNNER_*} variable that is no setting is a typo more often than not: say so, never its value. */
  private static List<String> unknownVariables(Map<String, String> environment) {
    List<String> names = Setting.environmentNames();
    return environment.keySet().stream().sorted()
        .filter(name -> name.startsWith("SETUP_RUNNER_") && !names.contains(name) && !LAUNCHER_VARIABLES.contains(name)
            && !name.startsWith(PARAMETER_VARIABLE_PREFIX))
        .map(name -> "the environment variable " + name + " is not a setting and is ignored"
            + Suggestions.endOfSentence(name, names))
        .toList();
  }

  private static Optional<DatabaseSettings> database(Map<Setting, SettingValue> values, List<String> warnings) {
    Optional<String> given = text(values, Setting.DB_URL);
    if (given.isEmpty()) {
      return Optional.empty();
    }
    JdbcUrl url = JdbcUrl.parse(given.get(), values.get(Setting.DB_URL).source());
    Optional<String> user = text(values, Setting.DB_USER);
    Optional<Secret> password = password(values);
    // The settings win over the URL: they are the documented place for credentials, and the URL may be
    // shared between tools. Both giving one is worth a line, since one of them is being ignored.
    if (user.isPresent() && url.user().isPresent() && !user.get().equals(url.user().get())) {
      warnings.add("db.user from " + values.get(Setting.DB_USER).source() + " wins over the user in db.url.");
    }
    if (url.password().isPresent() && values.get(Setting.DB_URL).source().startsWith("--")) {
      warnings.add("db.url given as --db-url carries a password, which every user of this host sees in the"
          + " process list: use db.password-file (--db-password-file) or SETUP_RUNNER_DB_PASSWORD instead.");
    }
    if (password.isPresent() && url.password().isPresent()) {
      warnings.add("the password from " + passwordSource(values) + " wins over the password in db.url.");
    }
    return Optional.of(new DatabaseSettings(url.driverUrl(), url.database(), user.or(url::user).orElse(""),
        password.or(url::password).orElse(new Secret("")), Redaction.redact(given.get())));
  }

  private static Optional<Secret> password(Map<Setting, SettingValue> values) {
    SettingValue file = values.get(Setting.DB_PASSWORD_FILE);
    if (file != null && !file.text().isBlank()) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file.text().trim()), StandardCharsets.UTF_8);
        return Optional.of(new Secret(lines.isEmpty() ? "" : lines.get(0)));
      } catch (IOException e) {
        throw new SetupRunnerException(ErrorKind.CONFIGURATION, "db.password-file from " + file.source()
            + " names " + file.text().trim() + ", which cannot be read (" + e.getClass().getSimpleName()
            + "). Point it at a readable file whose first line is the password.");
      }
    }
    return Optional.ofNullable(values.get(Setting.DB_PASSWORD)).map(v -> new Secret(v.text()));
  }

  private static String passwordSource(Map<Setting, SettingValue> values) {
    SettingValue file = values.get(Setting.DB_PASSWORD_FILE);
    return file != null && !file.text().isBlank() ? "db.password-file (" + file.source() + ")"
        : "db.password (" + values.get(Setting.DB_PASSWORD).source() + ")";
  }

  private static Optional<ZooKeeperSettings> zookeeper(Map<Setting, SettingValue> values, List<String> warnings) {
    // Checked even without a connect string: a typo should not wait for the day ZooKeeper is added.
    Duration session = duration(values, Setting.ZOOKEEPER_SESSION_TIMEOUT);
    Duration connection = duration(values, Setting.ZOOKEEPER_CONNECTION_TIMEOUT);
    String namespace = SettingRules.namespace(values.get(Setting.ZOOKEEPER_NAMESPACE));
    ZooKeeperSecurity security = new ZooKeeperSecurityLoader(values, warnings).load();
    return Optional.ofNullable(values.get(Setting.ZOOKEEPER_CONNECT)).filter(v -> !v.text().isBlank())
        .map(connect -> new ZooKeeperSettings(SettingRules.connectString(connect), namespace, session, connection,
            security));
  }

  private static Optional<String> text(Map<Setting, SettingValue> values, Setting setting) {
    return Optional.ofNullable(values.get(setting)).map(SettingValue::text).map(String::trim).filter(t -> !t.isEmpty());
  }

  private static Duration duration(Map<Setting, SettingValue> values, Setting setting) {
    SettingValue value = values.get(setting);
    return Durations.require(value.text(), setting.key(), value.source(), setting.minimum());
  }

  private static Map<String, String> readProperties(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION,
          file + " cannot be read as a properties file (" + e.getMessage() + "). Fix it or remove it.");
    }
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return map;
  }
}
