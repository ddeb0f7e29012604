package io.setuprunner.lock;

import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.core.Json;
import io.setuprunner.state.StateStores;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lock scenarios against a real in-process ZooKeeper, one client (session) per contender. */
@ExtendWith(MariaDbExtension.class)
class ZooKeeperDeployLockIT extends DeployLockScenarios {
  private final Map<DeployLock, CuratorFramework> clients = new IdentityHashMap<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private TestingServer server;
  private StateStores state;

  @BeforeEach
  void setUp(TestDatabase database) throws Exception {
    server = new TestingServer(true);
    HikariDataSource pool = database.dataSource();
    resources.add(pool);
    state = StateStores.of(pool);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (CuratorFramework client : clients.values()) {
      client.close();
    }
    for (AutoCloseable r : resources) {
      r.close();
    }
    server.close();
  }

  @Override
  DeployLock contender() {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(server.getConnectString())
        .namespace("setup-runner-test")
        .sessionTimeoutMs(4000)
        .connectionTimeoutMs(2000)
        .retryPolicy(new RetryOneTime(100))
        .build();
    client.start();
    DeployLock lock = new ZooKeeperDeployLock(client, Json.mapper());
    clients.put(lock, client);
    return lock;
  }

  @Override
  StateStores state() {
    return state;
  }

  @Override
  void killHolder(DeployLock holderLock) {
    // Closing the client ends its session without releasing: ZooKeeper drops its ephemeral nodes.
    clients.remove(holderLock).close();
  }

  @Override
  void breakConnection(DeployLock holderLock) throws Exception {
    server.stop();
  }
}
