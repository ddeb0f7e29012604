package io.setuprunner.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.setuprunner.config.Secret;
import io.setuprunner.config.ZooKeeperSecurity;
import io.setuprunner.config.ZooKeeperSecurity.Acl;
import io.setuprunner.config.ZooKeeperSecurity.Credentials;
import io.setuprunner.config.ZooKeeperSecurity.Tls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

/** The settings as the ZooKeeper client sees them: its TLS properties and the ACL of the nodes it makes. */
class ZooKeeperClientConfigTest {
  private static final Credentials RUNNER = new Credentials("runner", new Secret("pw"), Path.of("/etc/zk-auth"));

  /** ZooKeeper's digest id, worked out by hand: the user, then base64 of SHA-1 of "user:password". */
  private static Id runnerId() throws Exception {
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest("runner:pw".getBytes(StandardCharsets.UTF_8));
    return new Id("digest", "runner:" + Base64.getEncoder().encodeToString(sha1));
  }

  @Test
  void withoutTlsTheClientIsPlainOverNetty() {
    ZKClientConfig config = ZooKeeperClient.zooKeeperClientConfig(ZooKeeperSecurity.NONE);

    assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", config.getProperty("zookeeper.clientCnxnSocket"));
    assertFalse(config.getBoolean(ZKClientConfig.SECURE_CLIENT));
  }

  @Test
  void tlsSettingsBecomeTheClientsSecureSocketProperties() {
    Tls tls = new Tls(Optional.of(Path.of("/etc/zk/client.p12")), Optional.of(new Secret("kpw")),
        Optional.of(Path.of("/etc/zk/trust.jks")), Optional.empty());

    ZKClientConfig config = ZooKeeperClient.zooKeeperClientConfig(
        new ZooKeeperSecurity(Optional.empty(), Acl.OPEN, Optional.of(tls)));

    assertEquals("true", config.getProperty("zookeeper.client.secure"));
    assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", config.getProperty("zookeeper.clientCnxnSocket"));
    assertEquals("/etc/zk/client.p12", config.getProperty("zookeeper.ssl.keyStore.location"));
    assertEquals("kpw", config.getProperty("zookeeper.ssl.keyStore.password"));
    assertEquals("/etc/zk/trust.jks", config.getProperty("zookeeper.ssl.trustStore.location"));
    assertNull(config.getProperty("zookeeper.ssl.trustStore.password"));
  }

  @Test
  void aclsGrantEverythingToTheDigestAndReadingToTheWorldOrNobody() throws Exception {
    ACL all = new ACL(ZooDefs.Perms.ALL, runnerId());
    ACL worldRead = new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE);

    assertEquals(List.of(all, worldRead), ZooKeeperAcls.acl(security(Acl.READ_FOR_ALL)));
    assertEquals(List.of(all), ZooKeeperAcls.acl(security(Acl.PRIVATE)));
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, ZooKeeperAcls.acl(security(Acl.OPEN)));
  }

  @Test
  void theNamespaceAndBelowAreProtectedWhileSharedParentsStayOpen() throws Exception {
    ZooKeeperAcls acls = new ZooKeeperAcls("apps/shop", security(Acl.PRIVATE));

    assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, runnerId())), acls.getAclForPath("/apps/shop"));
    assertEquals(acls.getDefaultAcl(), acls.getAclForPath("/apps/shop/lock/_c_1-lock-0000000001"));
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, acls.getAclForPath("/apps"));
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, acls.getAclForPath("/apps/shopping"));
  }

  private static ZooKeeperSecurity security(Acl acl) {
    return new ZooKeeperSecurity(Optional.of(RUNNER), acl, Optional.empty());
  }
}
