package io.setuprunner.lock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.state.RunProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A held ZooKeeper lock; it counts as lost from the first SUSPENDED or LOST connection state on. */
final class ZooKeeperLease implements Lease {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperLease.class);

  private final CuratorFramework client;
  private final InterProcessMutex mutex;
  private final ObjectMapper json;
  private final ConnectionStateListener listener;
  private volatile boolean connectionIntact = true;
  private boolean published;
  private long token;

  ZooKeeperLease(CuratorFramework client, InterProcessMutex mutex, ObjectMapper json) {
    this.client = client;
    this.mutex = mutex;
    this.json = json;
    // Registered before acquiring, so that no state change between acquire and use goes unseen.
    // Once suspended, the session may expire before we hear of it: never trust the lock again.
    this.listener = (c, state) -> {
      if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
        connectionIntact = false;
      }
    };
    client.getConnectionStateListenable().addListener(listener);
  }

  @Override
  public boolean isHeld() {
    return connectionIntact && client.getZookeeperClient().isConnected() && mutex.isAcquiredInThisProcess();
  }

  /** Takes the next value of the persistent fence counter; only while the mutex is held. */
  private void takeToken() throws Exception {
    while (true) {
      Stat stat = new Stat();
      try {
        byte[] data = client.getData().storingStatIn(stat).forPath(ZooKeeperDeployLock.FENCE_PATH);
        long next = Long.parseLong(new String(data, StandardCharsets.US_ASCII).trim()) + 1;
        client.setData().withVersion(stat.getVersion()).forPath(ZooKeeperDeployLock.FENCE_PATH, ascii(next));
        token = next;
        return;
      } catch (KeeperException.NoNodeException e) {
        try {
          client.create().creatingParentsIfNeeded().forPath(ZooKeeperDeployLock.FENCE_PATH, ascii(1));
          token = 1;
          return;
        } catch (KeeperException.NodeExistsException ignore) {
          // ignore: created meanwhile; read it again
        }
      } catch (KeeperException.BadVersionException ignore) {
        // ignore: a stale former holder wrote in between; read it again
      }
    }
  }

  private static byte[] ascii(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public OptionalLong fencingToken() {
    if (token == 0) {
      try {
        takeToken();
      } catch (Exception e) {
        throw ZooKeeperRefusal.translate(e, "move the fence", client.getNamespace(), "Could not take the next"
            + " fencing token from ZooKeeper (" + ZooKeeperDeployLock.FENCE_PATH + "): " + e.getMessage()
            + " Nothing was executed; run the upgrade again once ZooKeeper answers.");
      }
    }
    return OptionalLong.of(token);
  }

  @Override
  public void publish(RunProgress progress) {
    try {
      byte[] data = json.writeValueAsBytes(progress);
      if (!published) {
        try {
          client.delete().forPath(ZooKeeperDeployLock.IN_PROGRESS_PATH);
        } catch (KeeperException.NoNodeException ignore) {
          // ignore: the usual case, no earlier node to clear
        }
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
            .forPath(ZooKeeperDeployLock.IN_PROGRESS_PATH, data);
        published = true;
      } else {
        // Without waiting for ZooKeeper's disk: a session applies its requests in order, so readers see
        // every step and the last one wins. ZooKeeper's own asynchronous call, not Curator's background one,
        // which would retry after a lost connection, perhaps after a successor made its own node; a
        // session's request is never applied after the session ended.
        client.getZookeeperClient().getZooKeeper().setData(
            ZKPaths.makePath(client.getNamespace(), ZooKeeperDeployLock.IN_PROGRESS_PATH), data, -1,
            (code, path, context, stat) -> {
              if (code != KeeperException.Code.OK.intValue()) {
                log.warn("Could not publish the run's progress to ZooKeeper: {}", KeeperException.Code.get(code));
              }
            }, null);
      }
    } catch (IOException e) {
      throw new IllegalStateException("RunProgress is always serializable", e);
    } catch (Exception e) {
      // The run must not fail because a progress note could not be written; isHeld() decides.
      log.warn("Could not publish the run's progress to ZooKeeper: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      if (published) {
        client.delete().quietly().forPath(ZooKeeperDeployLock.IN_PROGRESS_PATH);
      }
      mutex.release();
    } catch (Exception e) {
      // The session's end frees the lock node; nothing more we can do from here.
      log.warn("Could not release the ZooKeeper lock cleanly ({}); it frees itself when the session ends",
          e.getMessage());
    } finally {
      abandon();
    }
  }

  void abandon() {
    client.getConnectionStateListenable().removeListener(listener);
  }
}
