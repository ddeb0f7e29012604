package io.setuprunner.wiring;

import io.setuprunner.config.Secret;
import io.setuprunner.config.ZooKeeperSecurity.Tls;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;

/**
 * Puts {@code zookeeper.tls*} into the ZooKeeper client's own properties ({@code zookeeper.client.secure},
 * {@code zookeeper.ssl.keyStore.location}, ...) rather than into system properties, which every client in the
 * JVM would share. TLS needs the Netty client socket, which {@link ZooKeeperClient} always uses.
 */
final class ZooKeeperTls {
  private ZooKeeperTls() {}

  static void apply(Tls tls, ZKClientConfig config) {
    config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    // The property names come from ZooKeeper itself, so a renamed one fails to compile instead of being ignored.
    try (ClientX509Util names = new ClientX509Util()) {
      set(config, names.getSslKeystoreLocationProperty(), tls.keyStore());
      set(config, names.getSslKeystorePasswdProperty(), tls.keyStorePassword());
      set(config, names.getSslTruststoreLocationProperty(), tls.trustStore());
      set(config, names.getSslTruststorePasswdProperty(), tls.trustStorePassword());
    }
  }

  private static void set(ZKClientConfig config, String property, Optional<?> value) {
    value.ifPresent(v -> config.setProperty(property, v instanceof Secret secret ? secret.reveal()
        : ((Path) v).toAbsolutePath().toString()));
  }
}
