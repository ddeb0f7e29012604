package io.setuprunner.config;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape rules of settings whose bad values would otherwise surface late: a release id longer than
 * its column fails while the run is being recorded, a bad ZooKeeper path inside Curator.
 */
final class SettingRules {
  /** The width of {@code setup_runner_run.release_id}. */
  static final int MAX_RELEASE_LENGTH = 191;
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9_.-]+)(:(\\d{1,5}))?");
  private static final Pattern NAMESPACE_SEGMENT = Pattern.compile("[A-Za-z0-9_.:@+=-]+");

  private SettingRules() {}

  static Optional<String> release(SettingValue value) {
    if (value == null || value.text().isBlank()) {
      return Optional.empty();
    }
    String release = value.text().trim();
    if (release.length() > MAX_RELEASE_LENGTH) {
      throw invalid(value.setting().key() + " from " + value.source() + " is " + release.length()
          + " characters long; at most " + MAX_RELEASE_LENGTH + " fit in the run history. Use a shorter id, such"
          + " as the commit hash or the deploy tool's build number.");
    }
    if (release.chars().anyMatch(Character::isISOControl)) {
      throw invalid(value.setting().key() + " from " + value.source() + " contains a control character (a"
          + " newline or tab): use printable characters only.");
    }
    return Optional.of(release);
  }

  static BackupSettings.Policy backupPolicy(SettingValue value) {
    for (BackupSettings.Policy policy : BackupSettings.Policy.values()) {
      if (policy.key().equals(value.text().trim().toLowerCase(java.util.Locale.ROOT))) {
        return policy;
      }
    }
    throw invalid(value.shown() + " is not one of never, when-pending, always.");
  }

  /** A count of things to keep: 0 or more. */
  static int count(SettingValue value) {
    try {
      int count = Integer.parseInt(value.text().trim());
      if (count >= 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // worded below
    }
    throw invalid(value.shown() + " is not a whole number of 0 or more (0 keeps every backup).");
  }

  /** A ZooKeeper namespace: one or more path segments, without the leading slash Curator adds itself. */
  static String namespace(SettingValue value) {
    String namespace = value.text().trim().replaceAll("^/+", "");
    if (namespace.isEmpty()) {
      throw invalid(value.shown() + " is empty: name the application's namespace, such as setup-runner-shop,"
          + " or remove the setting to use the default.");
    }
    for (String segment : namespace.split("/", -1)) {
      if (!NAMESPACE_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw invalid(value.shown() + " is not a ZooKeeper path: use letters, digits and - _ . : @ + = separated"
            + " by single slashes, such as setup-runner-shop or apps/shop.");
      }
    }
    return namespace;
  }

  /** {@code host:port,host:port[/chroot]}, as ZooKeeper's client reads it. */
  static String connectString(SettingValue value) {
    String connect = value.text().trim();
    int chroot = connect.indexOf('/');
    String hosts = chroot < 0 ? connect : connect.substring(0, chroot);
    for (String host : hosts.split(",", -1)) {
      var m = HOST_PORT.matcher(host.trim());
      if (!m.matches() || (m.group(3) != null && (Integer.parseInt(m.group(3)) < 1
          || Integer.parseInt(m.group(3)) > 65535))) {
        throw invalid(value.shown() + " is not a ZooKeeper connect string: write host:port pairs separated by"
            + " commas, such as zk1:2181,zk2:2181,zk3:2181.");
      }
    }
    return connect;
  }

  private static SetupRunnerException invalid(String message) {
    return new SetupRunnerException(ErrorKind.CONFIGURATION, message);
  }
}
