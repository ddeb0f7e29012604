package io.setuprunner.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/** Serving nodes as ephemeral sequential ZooKeeper nodes under {@code /serving}: a dead node drops out by itself. */
public final class ZooKeeperServingRegistry implements ServingRegistry {
  static final String PATH = "/serving";

  private final CuratorFramework client;
  private final ObjectMapper json;

  public ZooKeeperServingRegistry(CuratorFramework client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  @Override
  public Registration register(ServingNode node) {
    try {
      // Curator's PersistentNode re-creates the ephemeral node after a session expiry, so a node
      // that lived through a ZooKeeper outage is still visible to the contract guard.
      PersistentNode registration = new PersistentNode(client, CreateMode.EPHEMERAL_SEQUENTIAL, false,
          PATH + "/node-", json.writeValueAsBytes(node));
      registration.start();
      registration.waitForInitialCreate(10, java.util.concurrent.TimeUnit.SECONDS);
      return () -> {
        try {
          registration.close();
        } catch (java.io.IOException ignore) {
          // ignore: the node is ephemeral and goes with the session anyway
        }
      };
    } catch (Exception e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not register this node in ZooKeeper: "
          + e.getMessage(), e);
    }
  }

  @Override
  public List<ServingNode> nodes() {
    List<ServingNode> nodes = new ArrayList<>();
    try {
      for (String child : client.getChildren().forPath(PATH)) {
        try {
          nodes.add(json.readValue(client.getData().forPath(PATH + "/" + child), ServingNode.class));
        } catch (KeeperException.NoNodeException ignore) {
          // ignore: the node left between listing and reading
        }
      }
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not read the serving nodes from ZooKeeper: "
          + e.getMessage(), e);
    }
    return nodes;
  }
}
