package io.setuprunner.lock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.state.RunProgress;
import java.io.IOException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
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
        client.setData().forPath(ZooKeeperDeployLock.IN_PROGRESS_PATH, data);
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
