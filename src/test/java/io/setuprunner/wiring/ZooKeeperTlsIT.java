package io.setuprunner.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a ZooKeeper that only listens on a {@code secureClientPort}, configured in {@code zoo.cfg} as
 * docs/zookeeper.md tells an operator. The server is ZooKeeper's own {@code ZooKeeperServerMain} in a JVM of its
 * own: its TLS settings are system properties, which would leak into this JVM's clients in-process.
 */
@ExtendWith(MariaDbExtension.class)
class ZooKeeperTlsIT {
  private static final String STORE_PASSWORD = "store-S3cret";

  @TempDir Path dir;
  private Process server;
  private int port;

  @BeforeEach
  void startTlsZooKeeper() throws Exception {
    keytool("-genkeypair", "-alias", "zk", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", "keystore.p12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
    keytool("-exportcert", "-alias", "zk", "-keystore", "keystore.p12", "-storepass", STORE_PASSWORD,
        "-file", "zk.crt");
    keytool("-importcert", "-noprompt", "-alias", "zk", "-file", "zk.crt", "-storetype", "PKCS12",
        "-keystore", "truststore.p12", "-storepass", STORE_PASSWORD);
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // One certificate serves both ends: the server's and the runner's, each trusting it.
    Path config = Files.writeString(dir.resolve("zoo.cfg"), String.join("\n",
        "tickTime=500",
        "dataDir=" + Files.createDirectories(dir.resolve("zk-data")),
        "secureClientPort=" + port,
        "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
        "ssl.keyStore.location=" + dir.resolve("keystore.p12"),
        "ssl.keyStore.password=" + STORE_PASSWORD,
        "ssl.trustStore.location=" + dir.resolve("truststore.p12"),
        "ssl.trustStore.password=" + STORE_PASSWORD,
        "admin.enableServer=false", ""));
    server = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
        "org.apache.zookeeper.server.ZooKeeperServerMain", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("zk.log").toFile()).start();
    awaitListening();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void runnersTalkTlsWithTheirCredentialsAndAPlainClientGetsNowhere(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_Cat", "1.0.0")
        .changelog("Acme_Cat", "1.0.0", AppFixture.createTable("cat-1", "cat"));
    Path password = Files.writeString(dir.resolve("store-password"), STORE_PASSWORD + "\n");
    Path auth = Files.writeString(dir.resolve("zk-auth"), "runner:zk-pw\n");
    List<String> tls = List.of("--zookeeper-tls", "true",
        "--zookeeper-tls-keystore", dir.resolve("keystore.p12").toString(),
        "--zookeeper-tls-keystore-password-file", password.toString(),
        "--zookeeper-tls-truststore", dir.resolve("truststore.p12").toString(),
        "--zookeeper-tls-truststore-password-file", password.toString(),
        "--zookeeper-auth-file", auth.toString());

    CliRun upgrade = cli(db, app, tls, "upgrade", "-v");
    assertEquals(0, upgrade.exitCode(), upgrade.output() + zkLog());
    assertTrue(upgrade.err().contains("ZooKeeper 127.0.0.1:" + port), upgrade.output());
    assertFalse(upgrade.output().contains(STORE_PASSWORD), "a store password never shows");
    assertEquals(0, cli(db, app, tls, "status").exitCode());

    CliRun plain = cli(db, app, List.of(), "status");
    assertEquals(69, plain.exitCode(), plain.output());
    CliRun untrusted = cli(db, app, tls.subList(0, 6), "status");
    assertEquals(69, untrusted.exitCode(), "without the trust store, the server's certificate is not trusted: "
        + untrusted.output());
    assertTrue(untrusted.err().contains("zookeeper.tls.truststore"), untrusted.output());
  }

  private CliRun cli(TestDatabase db, AppFixture app, List<String> tls, String... args) {
    List<String> login = new ArrayList<>(db.flags());
    login.addAll(List.of("--zookeeper-connect", "127.0.0.1:" + port, "--zookeeper-connection-timeout", "3s"));
    login.addAll(tls);
    return CliRun.inApp(Map.of(), app, login, args);
  }

  private void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assertEquals(0, keytool.waitFor(), () -> "keytool " + args[0] + ": " + read(dir.resolve("keytool.log")));
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        if (!server.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("ZooKeeper did not listen on " + port + ":\n" + zkLog());
  }

  private String zkLog() {
    return "\n--- zk.log\n" + read(dir.resolve("zk.log"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
