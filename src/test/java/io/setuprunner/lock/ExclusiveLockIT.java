package io.setuprunner.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.core.Json;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStores;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lock template against a real MariaDB and a real ZooKeeper: it takes over the fence, closes dead
 * runs, hands the body what is left to settle, and always releases.
 */
@ExtendWith(MariaDbExtension.class)
class ExclusiveLockIT {
  private static RunProgress who(String name) {
    return new RunProgress(UUID.randomUUID().toString(), name, 1, "r1", Instant.now(), null, null, null);
  }

  /** A runner that died inside {@code changeset}: its row says RUNNING and where it was. */
  private static RunProgress deadRunner(StateStores state, String changeset) {
    RunProgress dead = who("dead-host").at("Acme_Shop", "1.0.0", changeset);
    long token = state.fence().takeOver(java.util.OptionalLong.empty(), dead.runId(), Instant.now());
    state.runs().startRun(dead, token, Duration.ZERO, "no filters");
    state.runs().recordProgress(dead, 0, token, false);
    return dead;
  }

  @Test
  void takesOverTheFenceClosesDeadRunsAndHandsOnWhatIsUnsettled(TestDatabase db) throws Exception {
    try (HikariDataSource pool = db.dataSource()) {
      StateStores state = StateStores.of(pool);
      RunProgress dead = deadRunner(state, "Acme_Shop/1.0.0.xml::shop-1::test");
      long before = state.fence().fenceToken();
      ExclusiveLock lock = new ExclusiveLock(new DatabaseDeployLock(pool, state, db.name(),
          java.time.Duration.ofSeconds(30)), state, Clock.systemUTC());

      LockSession session = lock.runExclusively(who("web-1"), Duration.ofSeconds(5), s -> s);

      assertTrue(session.token() > before, "a newer token: " + session.token() + " after " + before);
      assertEquals(session.token(), state.fence().fenceToken());
      assertEquals(1, session.interruptedRunsClosed());
      assertEquals(List.of(dead.changeset()), session.unsettled().stream().map(RunProgress::changeset).toList());
      assertEquals(RunStatus.INTERRUPTED, state.runs().runs(5).stream()
          .filter(r -> r.progress().runId().equals(dead.runId())).findFirst().orElseThrow().status());
    }
  }

  @Test
  void aWaiterThatFindsTheWorkDoneHandsTheLockOnWithoutWritingAnything(TestDatabase db) throws Exception {
    try (HikariDataSource pool = db.dataSource()) {
      StateStores state = StateStores.of(pool);
      ExclusiveLock lock = new ExclusiveLock(new DatabaseDeployLock(pool, state, db.name(),
          java.time.Duration.ofSeconds(30)), state, Clock.systemUTC());
      lock.runExclusively(who("web-1"), Duration.ofSeconds(5), s -> s);
      long token = state.fence().fenceToken();

      java.util.Optional<LockSession> skipped = lock.runExclusivelyIfNeeded(who("web-2"), Duration.ofSeconds(5),
          () -> false, s -> s);
      LockSession next = lock.runExclusively(who("web-3"), Duration.ZERO, s -> s);

      assertTrue(skipped.isEmpty(), "the body did not run");
      assertEquals(token + 1, next.token(), "the fence moved only for the runner that worked");
    }
  }

  @Test
  void releasesTheLockWhenTheBodyFailsSoTheNextRunnerGetsItAtOnce(TestDatabase db) throws Exception {
    try (HikariDataSource pool = db.dataSource()) {
      StateStores state = StateStores.of(pool);
      ExclusiveLock lock = new ExclusiveLock(new DatabaseDeployLock(pool, state, db.name(),
          java.time.Duration.ofSeconds(30)), state, Clock.systemUTC());

      assertThrows(IllegalStateException.class, () -> lock.runExclusively(who("web-1"), Duration.ofSeconds(5), s -> {
        throw new IllegalStateException("the body failed");
      }));
      LockSession next = lock.runExclusively(who("web-2"), Duration.ZERO, s -> s);

      assertTrue(next.waited().compareTo(Duration.ofSeconds(2)) < 0, "got it at once: " + next.waited());
    }
  }

  @Test
  void zooKeeperTokensOnlyGrowAndTheSessionSeesTheLeaseHeld(TestDatabase db) throws Exception {
    try (HikariDataSource pool = db.dataSource(); TestingServer zk = new TestingServer(true);
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
            .namespace("exclusive-lock-test").retryPolicy(new RetryOneTime(100)).build()) {
      client.start();
      StateStores state = StateStores.of(pool);
      ExclusiveLock lock = new ExclusiveLock(new ZooKeeperDeployLock(client, Json.mapper()), state,
          Clock.systemUTC());

      long first = lock.runExclusively(who("web-1"), Duration.ofSeconds(10), s -> {
        s.requireHeld("the first body");
        return s.token();
      });
      long second = lock.runExclusively(who("web-2"), Duration.ofSeconds(10), LockSession::token);

      assertTrue(second > first, second + " after " + first);
      assertEquals(second, state.fence().fenceToken());
    }
  }
}
