package io.setuprunner.config;

import io.setuprunner.config.ZooKeeperSecurity.Acl;
import io.setuprunner.config.ZooKeeperSecurity.Credentials;
import io.setuprunner.config.ZooKeeperSecurity.Tls;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code zookeeper.auth-file}, {@code zookeeper.acl} and the {@code zookeeper.tls*} settings into a
 * {@link ZooKeeperSecurity}. Secrets come from files only: a value on the command line shows in the process list.
 */
final class ZooKeeperSecurityLoader {
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.OTHERS_READ);
  private static final List<Setting> TLS_FILES = List.of(Setting.ZOOKEEPER_TLS_KEYSTORE,
      Setting.ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE, Setting.ZOOKEEPER_TLS_TRUSTSTORE,
      Setting.ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE);

  private final Map<Setting, SettingValue> values;
  private final List<String> warnings;

  ZooKeeperSecurityLoader(Map<Setting, SettingValue> values, List<String> warnings) {
    this.values = values;
    this.warnings = warnings;
  }

  ZooKeeperSecurity load() {
    Optional<Credentials> credentials = given(Setting.ZOOKEEPER_AUTH_FILE).map(this::credentials);
    return new ZooKeeperSecurity(credentials, acl(credentials.isPresent()), tls());
  }

  /** Without an explicit value: read-for-all with credentials, so status and wait still work without them. */
  private Acl acl(boolean hasCredentials) {
    Optional<SettingValue> given = given(Setting.ZOOKEEPER_ACL);
    if (given.isEmpty()) {
      return hasCredentials ? Acl.READ_FOR_ALL : Acl.OPEN;
    }
    String text = given.get().text().trim().toLowerCase(Locale.ROOT);
    for (Acl acl : Acl.values()) {
      if (acl.key().equals(text)) {
        if (acl != Acl.OPEN && !hasCredentials) {
          throw invalid(given.get().shown() + " needs zookeeper.auth-file: the ACL grants its rights to the"
              + " credentials in that file, and without them no runner could take the lock.");
        }
        return acl;
      }
    }
    throw invalid(given.get().shown() + " is not one of open, read-for-all, private.");
  }

  private Credentials credentials(SettingValue file) {
    Path path = Path.of(file.text().trim());
    String line = firstLine(file, path, "the digest credentials, user:password");
    int colon = line.indexOf(':');
    if (colon <= 0 || colon == line.length() - 1) {
      // Never quote the line: it holds the password.
      throw invalid("zookeeper.auth-file from " + file.source() + " names " + path + ", whose first line is not"
          + " user:password (a user name, a colon, the password). Write the runners' ZooKeeper credentials there.");
    }
    warnIfOthersCanRead(file, path);
    return new Credentials(line.substring(0, colon), new Secret(line.substring(colon + 1)), path);
  }

  private Optional<Tls> tls() {
    Optional<SettingValue> enabled = given(Setting.ZOOKEEPER_TLS);
    boolean on = enabled.map(v -> bool(v)).orElse(false);
    if (!on) {
      TLS_FILES.stream().map(this::given).flatMap(Optional::stream).findFirst().ifPresent(v -> {
        throw invalid(v.setting().key() + " is set (from " + v.source() + ") but zookeeper.tls is not true: set"
            + " zookeeper.tls=true to talk to ZooKeeper over TLS, or remove the setting.");
      });
      return Optional.empty();
    }
    return Optional.of(new Tls(store(Setting.ZOOKEEPER_TLS_KEYSTORE),
        password(Setting.ZOOKEEPER_TLS_KEYSTORE_PASSWORD_FILE), store(Setting.ZOOKEEPER_TLS_TRUSTSTORE),
        password(Setting.ZOOKEEPER_TLS_TRUSTSTORE_PASSWORD_FILE)));
  }

  private Optional<Path> store(Setting setting) {
    return given(setting).map(v -> {
      Path path = Path.of(v.text().trim());
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw invalid(setting.key() + " from " + v.source() + " names " + path + ", which is not a readable file.");
      }
      return path;
    });
  }

  private Optional<Secret> password(Setting setting) {
    return given(setting).map(v -> {
      Path path = Path.of(v.text().trim());
      String password = firstLine(v, path, "the password");
      warnIfOthersCanRead(v, path);
      return new Secret(password);
    });
  }

  private static boolean bool(SettingValue value) {
    return switch (value.text().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw invalid(value.shown() + " is not true or false.");
    };
  }

  private static String firstLine(SettingValue file, Path path, String what) {
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      return lines.isEmpty() ? "" : lines.get(0);
    } catch (IOException e) {
      throw invalid(file.setting().key() + " from " + file.source() + " names " + path + ", which cannot be read ("
          + e.getClass().getSimpleName() + "). Point it at a readable file whose first line is " + what + ".");
    }
  }

  /** A secret readable by others is worth a line, not a refusal: the file may be shared through a group on purpose. */
  private void warnIfOthersCanRead(SettingValue file, Path path) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.stream().anyMatch(OTHERS::contains)) {
        warnings.add(file.setting().key() + " " + path + " is readable by other users ("
            + PosixFilePermissions.toString(permissions) + "): chmod 600 it, owned by the user that runs Setup Runner.");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // ignore: no POSIX permissions here (or unreadable, reported when read)
    }
  }

  private Optional<SettingValue> given(Setting setting) {
    return Optional.ofNullable(values.get(setting)).filter(v -> !v.text().isBlank());
  }

  private static SetupRunnerException invalid(String message) {
    return new SetupRunnerException(ErrorKind.CONFIGURATION, message);
  }
}
