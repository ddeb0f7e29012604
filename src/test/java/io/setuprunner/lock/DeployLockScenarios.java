package io.setuprunner.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lock's contract, run against each real backend by a thin subclass. Each "contender" stands
 * for one runner process: its own ZooKeeper session or database pool.
 */
abstract class DeployLockScenarios {
  /** A lock as one more runner sees it, with connections of its own. */
  abstract DeployLock contender();

  /** The run-history store the runners share (the database lock reads progress from it). */
  abstract StateStores state();

  /** Ends the holder's session or connection the way a crash would, without releasing anything. */
  abstract void killHolder(DeployLock holderLock) throws Exception;

  /** Breaks the holder's connection while its process lives on. */
  abstract void breakConnection(DeployLock holderLock) throws Exception;

  static RunProgress runner(String host) {
    return new RunProgress(UUID.randomUUID().toString(), host, 4711, "r42", Instant.now(), null, null, null);
  }

  /** What the runner does right after taking the lock: publish progress and write its run row. */
  long announce(Lease lease, RunProgress progress) {
    long token = state().fence().takeOver(lease.fencingToken(), progress.runId(), Instant.now());
    state().runs().startRun(progress, token, java.time.Duration.ZERO, "no filters");
    state().runs().recordProgress(progress, 0, token, false);
    lease.publish(progress);
    return token;
  }

  @Test
  void neverTwoHoldersAtOnce() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger acquisitions = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      DeployLock lock = contender();
      futures.add(pool.submit(() -> {
        for (int round = 0; round < 3; round++) {
          try (Lease lease = lock.acquire(runner("host-" + Thread.currentThread().getId()), Duration.ofSeconds(60))) {
            // Like Curator's FakeLimitedResource: anyone else inside now is a broken lock.
            if (inside.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            assertTrue(lease.isHeld());
            Thread.sleep(15);
            inside.decrementAndGet();
            acquisitions.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertEquals(0, overlaps.get(), "two runners held the lock at once");
    assertEquals(15, acquisitions.get());
  }

  @Test
  void fencingTokensOnlyGrow() {
    long previous = 0;
    for (int i = 0; i < 3; i++) {
      try (Lease lease = contender().acquire(runner("web-" + i), Duration.ofSeconds(10))) {
        // The database lock has no counter: its fence row is advanced under it instead.
        long token = lease.fencingToken().orElseGet(() -> state().fence().fenceToken() + 1);
        assertTrue(token > previous, "token " + token + " after " + previous);
        announce(lease, runner("web-" + i));
        previous = token;
      }
    }
  }

  @Test
  void timeoutNamesTheHolderAndWhereItIs() {
    DeployLock first = contender();
    RunProgress holder = runner("web-7");
    try (Lease lease = first.acquire(holder, Duration.ofSeconds(10))) {
      announce(lease, holder.at("Acme_Sales", "1.1.0", "Acme_Sales/1.1.0.xml::add-status::acme"));
      SetupRunnerException e = assertThrows(SetupRunnerException.class,
          () -> contender().acquire(runner("web-8"), Duration.ofMillis(1500)));
      assertEquals(ErrorKind.LOCK_TIMEOUT, e.kind());
      assertTrue(e.getMessage().contains("web-7"), e.getMessage());
      assertTrue(e.getMessage().contains("Acme_Sales 1.1.0"), e.getMessage());
      assertTrue(e.getMessage().contains("--lock-timeout"), e.getMessage());
    }
    try (Lease lease = contender().acquire(runner("web-8"), Duration.ofSeconds(5))) {
      assertTrue(lease.isHeld(), "the lock is free again once the holder releases it");
    }
  }

  @Test
  void othersSeeTheRunInProgressUntilItEnds() {
    DeployLock holderLock = contender();
    DeployLock observer = contender();
    RunProgress run = runner("web-1");
    try (Lease lease = holderLock.acquire(run, Duration.ofSeconds(10))) {
      long token = announce(lease, run.at("Acme_Catalog", "1.2.0", "Acme_Catalog/1.2.0.xml::idx::acme"));
      RunProgress seen = observer.runInProgress().orElseThrow();
      assertEquals(run.runId(), seen.runId());
      assertEquals("web-1", seen.host());
      assertEquals("Acme_Catalog/1.2.0.xml::idx::acme", seen.changeset());
      state().runs().finishRun(run.runId(), io.setuprunner.state.RunStatus.SUCCEEDED, Instant.now(), 1, null, token);
    }
    assertTrue(observer.runInProgress().isEmpty());
  }

  @Test
  void holderDeathFreesTheLock() throws Exception {
    DeployLock doomed = contender();
    Lease lease = doomed.acquire(runner("web-dies"), Duration.ofSeconds(10));
    assertTrue(lease.isHeld());
    killHolder(doomed);
    long start = System.nanoTime();
    try (Lease next = contender().acquire(runner("web-next"), Duration.ofSeconds(20))) {
      assertTrue(next.isHeld());
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
  }

  @Test
  void leaseKnowsWhenItsConnectionIsGone() throws Exception {
    DeployLock holderLock = contender();
    Lease lease = holderLock.acquire(runner("web-1"), Duration.ofSeconds(10));
    assertTrue(lease.isHeld());
    breakConnection(holderLock);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (lease.isHeld() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(lease.isHeld(), "a lease must not claim a lock its connection no longer guards");
    lease.close();
  }
}
