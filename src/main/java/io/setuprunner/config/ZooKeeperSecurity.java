package io.setuprunner.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a runner proves itself to ZooKeeper and protects the namespace's nodes: digest credentials, the ACL its
 * nodes get, and TLS.
 *
 * @param credentials the digest {@code user:password} from {@code zookeeper.auth-file}; empty without one
 * @param acl what the nodes this runner creates allow to others
 * @param tls the client's secure socket settings; empty for a plain connection
 */
public record ZooKeeperSecurity(Optional<Credentials> credentials, Acl acl, Optional<Tls> tls) {
  /** Today's behaviour: no credentials, open nodes, no TLS. */
  public static final ZooKeeperSecurity NONE = new ZooKeeperSecurity(Optional.empty(), Acl.OPEN, Optional.empty());

  /** Who may do what with the namespace's nodes, as {@code zookeeper.acl} names it. */
  public enum Acl {
    /** Anyone may change or delete them (ZooKeeper's {@code world:anyone:cdrwa}). */
    OPEN("open"),
    /** The credentials' holders may do everything; everyone else may only read. */
    READ_FOR_ALL("read-for-all"),
    /** Only the credentials' holders may read or change them. */
    PRIVATE("private");

    private final String key;

    Acl(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /** ZooKeeper digest credentials; the password is a {@link Secret} so it never reaches a message. */
  public record Credentials(String user, Secret password, Path file) {
    /** {@code user:password}, the form ZooKeeper's digest scheme takes, for the one place that hands it over. */
    public String reveal() {
      return user + ":" + password.reveal();
    }

    @Override
    public String toString() {
      return "digest user " + user + " from " + file;
    }
  }

  /** The client's key and trust stores; each optional, since a server may not ask for a client certificate. */
  public record Tls(Optional<Path> keyStore, Optional<Secret> keyStorePassword, Optional<Path> trustStore,
      Optional<Secret> trustStorePassword) {}
}
