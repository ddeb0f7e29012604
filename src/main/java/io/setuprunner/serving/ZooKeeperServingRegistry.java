package io.setuprunner.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.lock.ZooKeeperRefusal;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/** Serving nodes as ephemeral sequential ZooKeeper nodes under {@code /serving}: a dead node drops out by itself. */
public final class ZooKeeperServingRegistry implements ServingRegistry {
  /** The parent of the serving nodes; a lasting node whose ACL guards who may register. */
  public static final String PATH = "/serving";

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
      if (!registration.waitForInitialCreate(10, java.util.concurrent.TimeUnit.SECONDS)) {
        try {
          requireRights();
        } catch (SetupRunnerException e) {
          registration.close();
          throw e;
        }
      }
      return () -> {
        try {
          registration.close();
        } catch (java.io.IOException ignore) {
          // ignore: the node is ephemeral and goes with the session anyway
        }
      };
    } catch (SetupRunnerException e) {
      throw e;
    } catch (Exception e) {
      throw ZooKeeperRefusal.translate(e, "register this node under " + PATH, client.getNamespace(),
          "Could not register this node in ZooKeeper: " + e.getMessage());
    }
  }

  /**
   * A registration that did not appear in time may lack the rights to (Curator's node keeps retrying and does
   * not say why): one plain create tells, and a refusal becomes the message naming zookeeper.auth-file.
   */
  private void requireRights() throws Exception {
    try {
      String probe = client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
          .forPath(PATH + "/probe-");
      client.delete().quietly().forPath(probe);
    } catch (KeeperException.NoAuthException e) {
      throw ZooKeeperRefusal.refused("register this node under " + PATH, client.getNamespace(), e.getPath());
    } catch (Exception e) {
      // ignore: not a matter of rights; the node keeps trying in the background, as before
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
      throw ZooKeeperRefusal.translate(e, "read the serving nodes", client.getNamespace(),
          "Could not read the serving nodes from ZooKeeper: " + e.getMessage());
    }
    return nodes;
  }
}
