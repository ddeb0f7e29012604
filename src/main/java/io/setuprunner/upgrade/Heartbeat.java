package io.setuprunner.upgrade;

import io.setuprunner.module.Version;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.ServerActivity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Passes every event on, and while a changeset runs tells the listener every {@code interval} that it still
 * does: for how long, and what the server reports for its statement. A deploy log then shows that a 40-minute
 * {@code ALTER TABLE} is alive. Closing it stops the beat; a zero interval never starts one.
 */
public final class Heartbeat implements UpgradeListener, AutoCloseable {
  private final UpgradeListener listener;
  private final ServerActivity server;
  private final Duration interval;
  private final Clock clock;
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> beat;
  private volatile long connectionId = -1;

  public Heartbeat(UpgradeListener listener, ServerActivity server, Duration interval, Clock clock) {
    this.listener = listener;
    this.server = server;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void executingOn(long connection) {
    connectionId = connection;
    listener.executingOn(connection);
  }

  @Override
  public synchronized void changesetStarted(String changeset) {
    stopBeat();
    listener.changesetStarted(changeset);
    if (interval.isZero()) {
      return;
    }
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "setup-runner-heartbeat");
        thread.setDaemon(true);
        return thread;
      });
    }
    Instant started = clock.instant();
    long millis = interval.toMillis();
    beat = timer.scheduleAtFixedRate(() -> listener.heartbeat(changeset, Duration.between(started, clock.instant()),
        connectionId < 0 ? Optional.empty() : server.of(connectionId)), millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void changesetFinished(String changeset, Duration took) {
    stopBeat();
    listener.changesetFinished(changeset, took);
  }

  private void stopBeat() {
    if (beat != null) {
      beat.cancel(false);
      beat = null;
    }
  }

  @Override
  public synchronized void close() {
    stopBeat();
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  @Override
  public void waitingForLock(String lock, Optional<RunProgress> holder) {
    listener.waitingForLock(lock, holder);
  }

  @Override
  public void lockAcquired(Duration waited) {
    listener.lockAcquired(waited);
  }

  @Override
  public void versionStarted(String module, Optional<Version> from, Version to) {
    listener.versionStarted(module, from, to);
  }

  @Override
  public void versionFinished(UpgradeReport.AppliedVersion applied) {
    listener.versionFinished(applied);
  }

  @Override
  public void versionExpanded(String module, Version version, int changesets, Duration elapsed) {
    listener.versionExpanded(module, version, changesets, elapsed);
  }

  @Override
  public void versionRollingBack(String module, Version version, Optional<Version> to) {
    listener.versionRollingBack(module, version, to);
  }

  @Override
  public void versionRolledBack(String module, Version version, int changesets, Duration elapsed) {
    listener.versionRolledBack(module, version, changesets, elapsed);
  }

  @Override
  public void contractUnchecked(List<String> modules) {
    listener.contractUnchecked(modules);
  }

  @Override
  public void contractForced(List<String> nodes) {
    listener.contractForced(nodes);
  }

  @Override
  public void notice(String line) {
    listener.notice(line);
  }

  @Override
  public void heartbeat(String changeset, Duration elapsed, Optional<ServerActivity.Snapshot> activity) {
    listener.heartbeat(changeset, elapsed, activity);
  }
}
