package io.setuprunner.lock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.state.RunProgress;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;

/**
 * The lock as a Curator {@link InterProcessMutex} under the client's namespace. The mutex node holds
 * the JSON of who took it; the run's progress is an ephemeral node beside it, so both vanish with
 * the holder's session.
 */
public final class ZooKeeperDeployLock implements DeployLock {
  /** The mutex's parent node; {@code wait} and {@code serve} watch its children to see runs come and go. */
  public static final String LOCK_PATH = "/lock";
  /** The ephemeral node holding the run in progress; watched by {@code wait} and {@code serve}. */
  public static final String IN_PROGRESS_PATH = "/in-progress";
  /** A persistent counter: unlike the mutex's sequence nodes, it survives the lock's parent node. */
  public static final String FENCE_PATH = "/fence";

  private final CuratorFramework client;
  private final ObjectMapper json;

  public ZooKeeperDeployLock(CuratorFramework client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  @Override
  public Lease acquire(RunProgress who, Duration timeout) {
    byte[] holderData = toJson(who);
    InterProcessMutex mutex = new InterProcessMutex(client, LOCK_PATH) {
      @Override
      protected byte[] getLockNodeBytes() {
        return holderData;
      }
    };
    ZooKeeperLease lease = new ZooKeeperLease(client, mutex, json);
    boolean acquired;
    try {
      // The fencing token is taken when first asked for: a waiter that finds the work done writes nothing.
      acquired = mutex.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (mutex.isAcquiredInThisProcess()) {
        lease.close();
      }
      lease.abandon();
      throw ZooKeeperRefusal.translate(e, "take the upgrade lock", client.getNamespace(),
          "Could not take the upgrade lock in ZooKeeper (" + describe() + "): " + e.getMessage());
    }
    if (!acquired) {
      lease.abandon();
      throw DeployLock.timedOut(timeout, describe(), holderDescription(mutex));
    }
    return lease;
  }

  @Override
  public Optional<RunProgress> runInProgress() {
    return read(IN_PROGRESS_PATH);
  }

  @Override
  public String describe() {
    return "ZooKeeper " + client.getZookeeperClient().getCurrentConnectionString() + ", namespace /"
        + client.getNamespace();
  }

  private String holderDescription(InterProcessMutex mutex) {
    try {
      Collection<String> participants = mutex.getParticipantNodes();
      Optional<RunProgress> holder = participants.isEmpty() ? Optional.empty()
          : runInProgress().or(() -> read(participants.iterator().next()));
      return holder.map(RunProgress::describe).orElse("a runner that did not say who it is");
    } catch (Exception e) {
      return "a runner that could not be identified (" + e.getMessage() + ")";
    }
  }

  private Optional<RunProgress> read(String path) {
    try {
      return Optional.of(json.readValue(client.getData().forPath(path), RunProgress.class));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // ignore: a node we did not write (foreign data) names no run
    } catch (Exception e) {
      throw ZooKeeperRefusal.translate(e, "read " + path, client.getNamespace(),
          "Could not read " + path + " from ZooKeeper (" + describe() + "): " + e.getMessage());
    }
  }

  private byte[] toJson(RunProgress progress) {
    try {
      return json.writeValueAsBytes(progress);
    } catch (IOException e) {
      throw new IllegalStateException("RunProgress is always serializable", e);
    }
  }
}
