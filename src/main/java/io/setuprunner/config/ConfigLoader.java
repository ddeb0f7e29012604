package io.setuprunner.config;

import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.config.RunnerConfig.ZooKeeperSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves settings in layers, each overriding the one before: defaults, then
 * {@code setup-runner.properties} in the application root, then {@code SETUP_RUNNER_*} environment
 * variables, then command-line flags.
 */
public final class ConfigLoader {
  public static final String PROPERTIES_FILE = "setup-runner.properties";

  /** A setting's value and where it came from, so an error can say which source to fix. */
  private record Value(String text, String source) {}

  /**
   * @param flags values given as flags, keyed by setting key ({@code db.url})
   * @throws SetupRunnerException of kind {@link ErrorKind#CONFIGURATION} naming the bad value's source
   */
  public RunnerConfig load(Path root, Map<String, String> environment, Map<String, String> flags) {
    Map<Setting, Value> values = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      s.defaultValue().ifPresent(v -> values.put(s, new Value(v, "the default")));
    }
    Path file = root.resolve(PROPERTIES_FILE);
    readProperties(file).forEach((key, text) -> {
      if (key.equals(Setting.DB_PASSWORD_FILE.key()) && !Path.of(text.trim()).isAbsolute()) {
        // A relative path in the application's own file means relative to the application.
        text = root.resolve(text.trim()).toString();
      }
      Setting setting = Setting.byKey(key).orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION,
          file + " sets '" + key + "', which is not a setting. Known settings: "
              + List.of(Setting.values()).stream().map(Setting::key).toList() + ". Fix or remove the line."));
      values.put(setting, new Value(text, file.toString()));
    });
    for (Setting s : Setting.values()) {
      String text = environment.get(s.environmentName());
      if (text != null && !text.isBlank()) {
        values.put(s, new Value(text, "the environment variable " + s.environmentName()));
      }
    }
    flags.forEach((key, text) -> {
      Setting setting = Setting.byKey(key).orElseThrow(() -> new IllegalArgumentException("no setting " + key));
      values.put(setting, new Value(text, setting.flag().orElse(key)));
    });
    return new RunnerConfig(
        root,
        database(values),
        zookeeper(values),
        duration(values, Setting.LOCK_TIMEOUT),
        duration(values, Setting.POLL_INTERVAL),
        text(values, Setting.RELEASE),
        text(values, Setting.CACHE_COMMAND),
        duration(values, Setting.DEBUG_PAUSE));
  }

  private static Optional<DatabaseSettings> database(Map<Setting, Value> values) {
    Optional<String> url = text(values, Setting.DB_URL);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    if (!url.get().startsWith("jdbc:mysql:") && !url.get().startsWith("jdbc:mariadb:")) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION, "db.url from " + values.get(Setting.DB_URL).source()
          + " is not a MySQL or MariaDB JDBC URL: use jdbc:mysql://HOST:PORT/DATABASE.");
    }
    String user = text(values, Setting.DB_USER).orElse("");
    return Optional.of(new DatabaseSettings(url.get(), user, password(values)));
  }

  private static Secret password(Map<Setting, Value> values) {
    Value file = values.get(Setting.DB_PASSWORD_FILE);
    if (file != null && !file.text().isBlank()) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file.text().trim()), StandardCharsets.UTF_8);
        return new Secret(lines.isEmpty() ? "" : lines.get(0));
      } catch (IOException e) {
        throw new SetupRunnerException(ErrorKind.CONFIGURATION, "db.password-file from " + file.source()
            + " names " + file.text().trim() + ", which cannot be read (" + e.getClass().getSimpleName()
            + "). Point it at a readable file whose first line is the password.");
      }
    }
    return new Secret(text(values, Setting.DB_PASSWORD).orElse(""));
  }

  private static Optional<ZooKeeperSettings> zookeeper(Map<Setting, Value> values) {
    // Checked even without a connect string: a typo should not wait for the day ZooKeeper is added.
    Duration session = duration(values, Setting.ZOOKEEPER_SESSION_TIMEOUT);
    Duration connection = duration(values, Setting.ZOOKEEPER_CONNECTION_TIMEOUT);
    return text(values, Setting.ZOOKEEPER_CONNECT).map(connect -> new ZooKeeperSettings(connect,
        text(values, Setting.ZOOKEEPER_NAMESPACE).map(n -> n.replaceAll("^/+", "")).filter(n -> !n.isEmpty())
            .orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION, "zookeeper.namespace from "
                + values.get(Setting.ZOOKEEPER_NAMESPACE).source() + " is empty: name the application's"
                + " namespace, such as setup-runner-shop, or remove the setting to use the default.")),
        session, connection));
  }

  private static Optional<String> text(Map<Setting, Value> values, Setting setting) {
    return Optional.ofNullable(values.get(setting)).map(Value::text).map(String::trim).filter(t -> !t.isEmpty());
  }

  private static Duration duration(Map<Setting, Value> values, Setting setting) {
    Value value = values.get(setting);
    return Durations.parse(value.text()).orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION,
        setting.key() + "='" + value.text() + "' from " + value.source()
            + " is not a duration: write it as 500ms, 10s, 15m or 1h."));
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
    Map<String, String> map = new java.util.TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return map;
  }
}
