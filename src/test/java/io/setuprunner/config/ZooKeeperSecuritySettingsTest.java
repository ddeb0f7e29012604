package io.setuprunner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.config.ZooKeeperSecurity.Acl;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ZooKeeper credentials, ACL and TLS settings: defaults, files, and the errors that never show a secret. */
class ZooKeeperSecuritySettingsTest {
  private static final String PASSWORD = "s3cret-pw:with-colon";

  @TempDir Path root;

  private ZooKeeperSecurity security(Map<String, String> flags) {
    return config(flags).zookeeper().orElseThrow().security();
  }

  private RunnerConfig config(Map<String, String> flags) {
    Map<String, String> all = new HashMap<>(flags);
    all.put("zookeeper.connect", "zk1:2181");
    return new ConfigLoader().load(root, Map.of(), all);
  }

  private SetupRunnerException refused(Map<String, String> flags) {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> config(flags));
    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    return e;
  }

  private Path secretFile(String name, String text, String permissions) throws IOException {
    Path file = Files.writeString(root.resolve(name), text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void withoutCredentialsEverythingStaysOpenAsBefore() {
    ZooKeeperSecurity security = security(Map.of());

    assertEquals(Optional.empty(), security.credentials());
    assertEquals(Acl.OPEN, security.acl());
    assertEquals(Optional.empty(), security.tls());
  }

  @Test
  void anAuthFileMakesNodesReadForAllByDefaultAndKeepsThePasswordSecret() throws IOException {
    Path file = secretFile("zk-auth", "runner:" + PASSWORD + "\nignored\n", "rw-------");

    RunnerConfig config = config(Map.of("zookeeper.auth-file", file.toString()));
    ZooKeeperSecurity security = config.zookeeper().orElseThrow().security();

    assertEquals(Acl.READ_FOR_ALL, security.acl());
    assertEquals("runner", security.credentials().orElseThrow().user());
    assertEquals("runner:" + PASSWORD, security.credentials().orElseThrow().reveal());
    assertFalse(config.toString().contains("s3cret"), config.toString());
    assertTrue(config.warnings().isEmpty(), config.warnings().toString());
  }

  @Test
  void anAuthFileOthersCanReadIsUsedWithAWarning() throws IOException {
    Path file = secretFile("zk-auth", "runner:" + PASSWORD, "rw-r--r--");

    RunnerConfig config = config(Map.of("zookeeper.auth-file", file.toString()));

    assertEquals(1, config.warnings().size(), config.warnings().toString());
    assertTrue(config.warnings().get(0).contains("chmod 600"), config.warnings().get(0));
  }

  @Test
  void aRelativeAuthFileInThePropertiesFileIsRelativeToTheRoot() throws IOException {
    secretFile("zk-auth", "runner:" + PASSWORD, "rw-------");
    Files.writeString(root.resolve(ConfigLoader.PROPERTIES_FILE), "zookeeper.auth-file=zk-auth\nzookeeper.acl=private\n");

    ZooKeeperSecurity security = security(Map.of());

    assertEquals(Acl.PRIVATE, security.acl());
    assertEquals(root.resolve("zk-auth"), security.credentials().orElseThrow().file());
  }

  @Test
  void badCredentialsAndAclsAreConfigurationErrorsNamingTheSetting() throws IOException {
    Path noColon = secretFile("bad-auth", "s3cret-only", "rw-------");
    assertTrue(refused(Map.of("zookeeper.auth-file", noColon.toString())).getMessage().contains("user:password"));
    assertTrue(refused(Map.of("zookeeper.auth-file", root.resolve("missing").toString())).getMessage()
        .contains("zookeeper.auth-file"));
    assertTrue(refused(Map.of("zookeeper.acl", "read-for-all")).getMessage().contains("needs zookeeper.auth-file"));
    assertTrue(refused(Map.of("zookeeper.acl", "closed")).getMessage().contains("open, read-for-all, private"));
    assertEquals(Acl.OPEN, security(Map.of("zookeeper.acl", "open")).acl());
  }

  @Test
  void tlsTakesItsStoresAndPasswordsFromFiles() throws IOException {
    Path keyStore = Files.writeString(root.resolve("client.p12"), "not read here");
    Path trustStore = Files.writeString(root.resolve("trust.p12"), "not read here");
    Path password = secretFile("store-pw", PASSWORD + "\n", "rw-------");

    ZooKeeperSecurity.Tls tls = security(Map.of("zookeeper.tls", "true", "zookeeper.tls.keystore", keyStore.toString(),
        "zookeeper.tls.keystore-password-file", password.toString(), "zookeeper.tls.truststore", trustStore.toString()))
        .tls().orElseThrow();

    assertEquals(Optional.of(keyStore), tls.keyStore());
    assertEquals(PASSWORD, tls.keyStorePassword().orElseThrow().reveal());
    assertEquals(Optional.of(trustStore), tls.trustStore());
    assertEquals(Optional.empty(), tls.trustStorePassword());
  }

  @Test
  void tlsStoresWithoutTlsOrMissingAreErrors() {
    assertTrue(refused(Map.of("zookeeper.tls.truststore", "/etc/zk/trust.p12")).getMessage()
        .contains("zookeeper.tls is not true"));
    assertTrue(refused(Map.of("zookeeper.tls", "true", "zookeeper.tls.truststore", root.resolve("none.p12").toString()))
        .getMessage().contains("not a readable file"));
    assertTrue(refused(Map.of("zookeeper.tls", "maybe")).getMessage().contains("true or false"));
  }

  @Test
  void secretsNeverComeFromAFlag() {
    for (Setting setting : Setting.values()) {
      if (setting.key().startsWith("zookeeper.") && setting.flag().isPresent()) {
        assertFalse(setting.key().contains("password") && !setting.key().endsWith("-file"), setting.key());
      }
    }
  }
}
