package io.setuprunner.wiring;

import io.setuprunner.config.ZooKeeperSecurity;
import io.setuprunner.config.ZooKeeperSecurity.Acl;
import io.setuprunner.config.ZooKeeperSecurity.Credentials;
import io.setuprunner.lock.ZooKeeperDeployLock;
import io.setuprunner.serving.ZooKeeperServingRegistry;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACL every node of the namespace gets ({@code zookeeper.acl}), as Curator's {@link ACLProvider}, and its
 * repair of the namespace's lasting nodes that an earlier, open set-up created.
 */
final class ZooKeeperAcls implements ACLProvider {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperAcls.class);
  /** The nodes that outlive a run: the namespace itself (whose rights guard its children), lock, fence, serving. */
  private static final List<String> LASTING = List.of("", ZooKeeperDeployLock.LOCK_PATH,
      ZooKeeperDeployLock.FENCE_PATH, ZooKeeperServingRegistry.PATH);

  private final String root;
  private final List<ACL> acl;

  ZooKeeperAcls(String namespace, ZooKeeperSecurity security) {
    this.root = "/" + namespace;
    this.acl = acl(security);
  }

  /** An explicit digest id rather than the {@code auth} scheme: the same ACL whatever else the session proved (x509). */
  static List<ACL> acl(ZooKeeperSecurity security) {
    if (security.acl() == Acl.OPEN || security.credentials().isEmpty()) {
      return ZooDefs.Ids.OPEN_ACL_UNSAFE;
    }
    ACL holders = new ACL(ZooDefs.Perms.ALL, new Id("digest", digest(security.credentials().get())));
    // Lists that tolerate contains(null): ZooKeeper's create checks its ACL with it, and List.of() throws there.
    return Collections.unmodifiableList(new ArrayList<>(security.acl() == Acl.PRIVATE ? List.of(holders)
        : List.of(holders, new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))));
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return acl;
  }

  /**
   * Nodes above the namespace (the {@code apps} of {@code apps/shop}) stay open: other applications share them.
   * The namespace node itself is protected, because ZooKeeper checks a delete against the parent's rights.
   */
  @Override
  public List<ACL> getAclForPath(String path) {
    return path.equals(root) || path.startsWith(root + "/") ? acl : ZooDefs.Ids.OPEN_ACL_UNSAFE;
  }

  /**
   * Gives the namespace's lasting nodes this ACL when they have another, such as the open one of a namespace
   * made before {@code zookeeper.acl} was set; ephemeral nodes go with their session and get it when made anew.
   * Only a runner holding the credentials calls this; nodes it may not administer are left as they are.
   */
  void repair(CuratorFramework client) {
    CuratorFramework plain = client.usingNamespace(null);
    List<String> refused = new ArrayList<>();
    for (String child : LASTING) {
      String path = root + child;
      try {
        if (plain.checkExists().forPath(path) != null
            && !new HashSet<>(plain.getACL().forPath(path)).equals(new HashSet<>(acl))) {
          plain.setACL().withACL(acl).forPath(path);
          log.debug("Set the ACL of {} to zookeeper.acl's", path);
        }
      } catch (KeeperException.NoAuthException e) {
        refused.add(path);
      } catch (KeeperException.NoNodeException ignore) {
        // ignore: gone between the check and the change; made anew with the right ACL
      } catch (Exception e) {
        log.debug("Could not check the ACL of {}: {}", path, e.getMessage());
      }
    }
    if (!refused.isEmpty()) {
      log.warn("Cannot give {} the ACL of zookeeper.acl: their ACL lets only other credentials than"
          + " zookeeper.auth-file's administer them. Check the file, or see docs/zookeeper.md.", refused);
    }
  }

  private static String digest(Credentials credentials) {
    try {
      return DigestAuthenticationProvider.generateDigest(credentials.reveal());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
