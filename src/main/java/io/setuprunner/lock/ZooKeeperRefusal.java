package io.setuprunner.lock;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.util.Optional;
import org.apache.zookeeper.KeeperException;

/**
 * ZooKeeper's NoAuth as a message that names the setting to fix. It is a configuration error (exit 78), not an
 * outage: trying again with the same credentials cannot succeed.
 */
public final class ZooKeeperRefusal {
  private ZooKeeperRefusal() {}

  /** The NoAuth somewhere in {@code failure}'s causes, if ZooKeeper refused for lack of rights. */
  public static Optional<KeeperException.NoAuthException> noAuth(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KeeperException.NoAuthException noAuth) {
        return Optional.of(noAuth);
      }
    }
    return Optional.empty();
  }

  /**
   * @param action what was refused, such as "take the upgrade lock"
   * @param namespace the client's namespace, without its leading slash
   */
  public static SetupRunnerException refused(String action, String namespace, String path) {
    return new SetupRunnerException(ErrorKind.CONFIGURATION, "ZooKeeper refused to let this runner " + action
        + " (NoAuth on " + path + "): the nodes of namespace /" + namespace + " are protected by an ACL"
        + " (zookeeper.acl), and this runner holds no ZooKeeper credentials or other ones than those that made them."
        + " Set zookeeper.auth-file to the file with the runners' user:password, the same on every runner that"
        + " changes them (upgrade, mark, resolve, backup, serve); with zookeeper.acl=private, status and wait need"
        + " it too. Nothing was executed.");
  }

  /** {@code failure} as {@link #refused} when it is a NoAuth, else as the outage {@code otherwise} describes. */
  public static SetupRunnerException translate(Exception failure, String action, String namespace, String otherwise) {
    return noAuth(failure).map(e -> refused(action, namespace, e.getPath() == null ? "/" + namespace : e.getPath()))
        .orElseGet(() -> new SetupRunnerException(ErrorKind.UNAVAILABLE, otherwise, failure));
  }
}
