package io.setuprunner.wiring;

import io.setuprunner.config.Durations;
import io.setuprunner.config.RunnerConfig.ZooKeeperSettings;
import io.setuprunner.config.ZooKeeperSecurity;
import io.setuprunner.config.ZooKeeperSecurity.Tls;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects the one Curator client of a command, or fails at once with a message that says what to check. */
final class ZooKeeperClient {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperClient.class);

  private ZooKeeperClient() {}

  static CuratorFramework connect(ZooKeeperSettings zk) {
    requireResolvable(zk.connect());
    log.debug("Connecting to ZooKeeper at {} (namespace {}, session timeout {})", zk.connect(), zk.namespace(),
        Durations.format(zk.sessionTimeout()));
    ZooKeeperSecurity security = zk.security();
    ZooKeeperAcls acls = new ZooKeeperAcls(zk.namespace(), security);
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(zk.connect())
        .namespace(zk.namespace())
        .sessionTimeoutMs(millis(zk.sessionTimeout()))
        .connectionTimeoutMs(millis(zk.connectionTimeout()))
        .retryPolicy(new ExponentialBackoffRetry(250, 3))
        .zkClientConfig(zooKeeperClientConfig(security))
        .aclProvider(acls);
    // Curator sends the credentials again on every new session, so a runner that reconnects keeps its rights.
    security.credentials().ifPresent(c -> builder.authorization("digest", c.reveal().getBytes(StandardCharsets.UTF_8)));
    CuratorFramework client = builder.build();
    client.start();
    try {
      if (!client.blockUntilConnected(millis(zk.connectionTimeout()), TimeUnit.MILLISECONDS)) {
        client.close();
        throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Cannot reach ZooKeeper at " + zk.connect()
            + " within " + Durations.format(zk.connectionTimeout()) + " (zookeeper.connection-timeout)."
            + " Check zookeeper.connect and that the ensemble is up" + (security.tls().isPresent()
                ? "; with zookeeper.tls=true, that it names the servers' secureClientPort and that their"
                    + " certificate is trusted (zookeeper.tls.truststore; -v shows the TLS error)"
                : "") + ". Nothing was executed.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Interrupted while connecting to ZooKeeper", e);
    }
    if (security.credentials().isPresent()) {
      acls.repair(client);
    }
    return client;
  }

  /**
   * Fails at once when no ZooKeeper host resolves: the client would otherwise retry a typo for the whole
   * connection timeout, logging each attempt.
   */
  private static void requireResolvable(String connect) {
    String hosts = connect.contains("/") ? connect.substring(0, connect.indexOf('/')) : connect;
    java.util.List<String> unresolved = new java.util.ArrayList<>();
    String[] list = hosts.split(",");
    for (String hostPort : list) {
      String host = hostPort.trim().replaceAll(":\\d+$", "").replaceAll("^\\[(.*)]$", "$1");
      try {
        InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        unresolved.add(host);
      }
    }
    if (unresolved.size() == list.length) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Cannot resolve the ZooKeeper host"
          + (unresolved.size() == 1 ? " '" + unresolved.get(0) + "'" : "s " + unresolved) + " (zookeeper.connect is "
          + connect + "). Check the name for a typo and that DNS answers on this node. Nothing was executed.");
    }
    if (!unresolved.isEmpty()) {
      log.debug("ZooKeeper hosts that do not resolve, skipped by the client: {}", unresolved);
    }
  }


  /**
   * The client's own settings. Netty's client socket: ZooKeeper's default NIO one takes about 100 ms to close a
   * session, Netty's a few ({@code wait} and {@code status} exit that much sooner), and TLS needs it.
   */
  static ZKClientConfig zooKeeperClientConfig(ZooKeeperSecurity security) {
    ZKClientConfig config = new ZKClientConfig();
    config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, ClientCnxnSocketNetty.class.getName());
    security.tls().ifPresent(tls -> applyTls(tls, config));
    return config;
  }

  /**
   * {@code zookeeper.tls*} as the client's own properties rather than system properties, which every client in
   * the JVM would share. TLS needs the Netty client socket, set above. The property names come from ZooKeeper
   * itself, so a renamed one fails to compile instead of being ignored.
   */
  private static void applyTls(Tls tls, ZKClientConfig config) {
    config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    try (ClientX509Util names = new ClientX509Util()) {
      tls.keyStore().ifPresent(p -> config.setProperty(names.getSslKeystoreLocationProperty(), absolute(p)));
      tls.keyStorePassword().ifPresent(s -> config.setProperty(names.getSslKeystorePasswdProperty(), s.reveal()));
      tls.trustStore().ifPresent(p -> config.setProperty(names.getSslTruststoreLocationProperty(), absolute(p)));
      tls.trustStorePassword().ifPresent(s -> config.setProperty(names.getSslTruststorePasswdProperty(), s.reveal()));
    }
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().toString();
  }


  private static int millis(java.time.Duration duration) {
    return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
  }
}
