package io.setuprunner.gate;

import io.setuprunner.lock.ZooKeeperDeployLock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;

/**
 * Fires when the in-progress node appears, changes or goes, or when the lock gets a new contender:
 * the moments a run starts, advances and ends. One-shot ZooKeeper watches, set again on each arm.
 */
public final class ZooKeeperChangeSignal implements ChangeSignal {
  private static final String IN_PROGRESS = ZooKeeperDeployLock.IN_PROGRESS_PATH;
  private static final String LOCK = ZooKeeperDeployLock.LOCK_PATH;
  /** A safety net for a lost watch (session moved between servers): re-read at least this often. */
  private static final Duration SAFETY = Duration.ofSeconds(30);

  private final CuratorFramework client;

  public ZooKeeperChangeSignal(CuratorFramework client) {
    this.client = client;
  }

  @Override
  public Armed arm() {
    CountDownLatch fired = new CountDownLatch(1);
    Watcher watcher = event -> fired.countDown();
    boolean watching = true;
    try {
      client.checkExists().usingWatcher(watcher).forPath(IN_PROGRESS);
      if (client.checkExists().forPath(LOCK) != null) {
        client.getChildren().usingWatcher(watcher).forPath(LOCK);
      } else {
        client.checkExists().usingWatcher(watcher).forPath(LOCK);
      }
    } catch (Exception e) {
      watching = false; // ZooKeeper unreachable for now: fall back to re-reading every second
    }
    long cap = watching ? SAFETY.toMillis() : 1000;
    return atMost -> fired.await(Math.min(atMost.toMillis(), cap), TimeUnit.MILLISECONDS);
  }
}
