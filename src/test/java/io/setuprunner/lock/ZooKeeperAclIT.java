package io.setuprunner.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Json;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.serving.ServingNode;
import io.setuprunner.serving.ZooKeeperServingRegistry;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import io.setuprunner.wiring.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked-down namespace against a real ZooKeeper: runners holding {@code zookeeper.auth-file}'s credentials
 * work as before; a client without them, or with other ones, can read (read-for-all) but cannot delete the lock,
 * move the fence, touch the in-progress node or register as serving.
 */
@ExtendWith(MariaDbExtension.class)
class ZooKeeperAclIT {
  private static final String PASSWORD = "zk-S3cret-pw";

  @TempDir Path dir;
  private TestingServer server;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Path authFile;

  @BeforeEach
  void setUp() throws Exception {
    server = new TestingServer(true);
    authFile = Files.writeString(dir.resolve("zk-auth"), "runner:" + PASSWORD + "\n");
    Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-------"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    server.close();
  }

  @Test
  void withoutTheCredentialsNobodyDeletesTheLockMovesTheFenceOrTouchesTheRunButEveryoneReads(TestDatabase db)
      throws Exception {
    AppFixture app = app(dir.resolve("app"));
    CliRun upgrade = cli(db, app, "acl", true, "upgrade", "-v");
    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertFalse(upgrade.output().contains(PASSWORD), "the ZooKeeper password never shows");

    // A runner with the credentials holds the lock and publishes its run, as an upgrade does.
    Resources holder = resources(db, app, "acl", "zookeeper.auth-file", authFile.toString());
    Lease lease = holder.lock().acquire(holder.newRun(), Duration.ofSeconds(10));
    long token = lease.fencingToken().orElseThrow();
    lease.publish(holder.newRun().at("Acme_Cat", "1.1.0", "Acme_Cat/1.1.0.xml::cat-2::test"));

    for (CuratorFramework other : List.of(plainClient(null), plainClient("runner:wrong-password"))) {
      String lockNode = "/acl/lock/" + other.getChildren().forPath("/acl/lock").get(0);
      assertRefused(() -> other.delete().forPath(lockNode));
      assertRefused(() -> other.setData().forPath(lockNode, "mine".getBytes(StandardCharsets.UTF_8)));
      assertRefused(() -> other.create().forPath("/acl/lock/_c_x-lock-0000000000"));
      assertRefused(() -> other.setData().forPath("/acl/fence", "999".getBytes(StandardCharsets.US_ASCII)));
      assertRefused(() -> other.delete().forPath("/acl/fence"));
      assertRefused(() -> other.delete().forPath("/acl/in-progress"));
      assertRefused(() -> other.setData().forPath("/acl/in-progress", "{}".getBytes(StandardCharsets.UTF_8)));
      assertRefused(() -> other.create().forPath("/acl/serving"));
      assertRefused(() -> other.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath("/acl"));

      // read-for-all: whoever asks can still see who holds the lock and how far the run is.
      assertEquals(Long.toString(token), new String(other.getData().forPath("/acl/fence"), StandardCharsets.US_ASCII));
      assertTrue(new String(other.getData().forPath("/acl/in-progress"), StandardCharsets.UTF_8).contains("cat-2"));
      assertNotNull(other.getData().forPath(lockNode));
    }
    assertTrue(lease.isHeld(), "nothing another client tried took the lock away");
    CliRun status = cli(db, app, "acl", false, "status", "--json");
    assertEquals(3, status.exitCode(), "status without credentials sees the run in progress: " + status.output());
    lease.close();

    // A runner without the credentials is told which setting to fix, and executes nothing.
    app.module("Acme_Cat", "1.1.0").changelog("Acme_Cat", "1.1.0", AppFixture.createTable("cat-2", "cat_two"));
    CliRun refused = cli(db, app, "acl", false, "upgrade");
    assertEquals(78, refused.exitCode(), refused.output());
    assertTrue(refused.err().contains("zookeeper.auth-file") && refused.err().contains("NoAuth"), refused.output());
    assertFalse(db.tables().contains("cat_two"), "nothing was executed");
    CliRun wrong = cli(db, app, "acl", false, "upgrade", "--zookeeper-auth-file",
        Files.writeString(dir.resolve("wrong-auth"), "runner:wrong-password").toString());
    assertEquals(78, wrong.exitCode(), wrong.output());
    assertFalse(wrong.output().contains("wrong-password"), wrong.output());
    assertEquals(2, cli(db, app, "acl", false, "status").exitCode(), "status reads without credentials");
    assertEquals(0, cli(db, app, "acl", true, "upgrade").exitCode());
  }

  @Test
  void privateNodesCannotBeReadWithoutTheCredentialsNorCanAnyoneRegisterAsServing(TestDatabase db) throws Exception {
    AppFixture app = app(dir.resolve("app"));
    CliRun upgrade = cli(db, app, "apps/shop", true, "upgrade", "--zookeeper-acl", "private");
    assertEquals(0, upgrade.exitCode(), upgrade.output());

    CuratorFramework other = plainClient(null);
    assertRefused(() -> other.getData().forPath("/apps/shop/fence"));
    assertRefused(() -> other.setData().forPath("/apps/shop/fence", "999".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, other.getACL().forPath("/apps"), "a shared parent stays open");

    ServingNode node = new ServingNode("web-9", 1, 8080, "r1", Instant.now(), Map.of("Acme_Cat", "1.0.0"));
    SetupRunnerException e = assertThrows(SetupRunnerException.class,
        () -> new ZooKeeperServingRegistry(other.usingNamespace("apps/shop"), Json.mapper()).register(node));
    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    assertTrue(e.getMessage().contains("zookeeper.auth-file"), e.getMessage());
  }

  @Test
  void aNamespaceMadeOpenEarlierGetsTheAclFromTheFirstRunnerWithCredentials(TestDatabase db) throws Exception {
    AppFixture app = app(dir.resolve("app"));
    assertEquals(0, cli(db, app, "legacy", false, "upgrade").exitCode());
    CuratorFramework other = plainClient(null);
    assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, other.getACL().forPath("/legacy/fence"));

    CliRun status = cli(db, app, "legacy", true, "status");
    assertEquals(0, status.exitCode(), status.output());

    for (String path : List.of("/legacy", "/legacy/fence")) {
      List<ACL> acl = other.getACL().forPath(path);
      assertEquals(2, acl.size(), path + ": " + acl);
      assertTrue(acl.contains(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)), path + ": " + acl);
    }
    assertRefused(() -> other.setData().forPath("/legacy/fence", "999".getBytes(StandardCharsets.US_ASCII)));
  }

  private static void assertRefused(Executable change) {
    assertThrows(KeeperException.NoAuthException.class, change);
  }

  private static AppFixture app(Path root) {
    return AppFixture.empty(root).module("Acme_Cat", "1.0.0").changelog("Acme_Cat", "1.0.0",
        AppFixture.createTable("cat-1", "cat"));
  }

  private CliRun cli(TestDatabase db, AppFixture app, String namespace, boolean withCredentials, String... args) {
    List<String> login = new ArrayList<>(db.flags());
    login.addAll(List.of("--zookeeper-connect", server.getConnectString(), "--zookeeper-namespace", namespace));
    if (withCredentials) {
      login.addAll(List.of("--zookeeper-auth-file", authFile.toString()));
    }
    return CliRun.inApp(Map.of(), app, login, args);
  }

  private Resources resources(TestDatabase db, AppFixture app, String namespace, String... more) {
    Map<String, String> flags = new HashMap<>(db.settings());
    flags.put("zookeeper.connect", server.getConnectString());
    flags.put("zookeeper.namespace", namespace);
    for (int i = 0; i < more.length; i += 2) {
      flags.put(more[i], more[i + 1]);
    }
    RunnerConfig config = new ConfigLoader().load(app.root(), Map.of(), flags);
    Resources resources = Resources.open(config, false, notice -> { }, Clock.systemUTC());
    closing.add(resources);
    return resources;
  }

  /** A client of another program: no namespace, and no credentials or the ones given. */
  private CuratorFramework plainClient(String credentials) throws Exception {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(server.getConnectString()).retryPolicy(new RetryOneTime(100));
    if (credentials != null) {
      builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework client = builder.build();
    client.start();
    client.blockUntilConnected();
    closing.add(client);
    return client;
  }
}
