package io.setuprunner.cli;

import io.setuprunner.core.Json;
import io.setuprunner.core.Timestamps;
import io.setuprunner.module.Version;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.ServerActivity;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport.AppliedVersion;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --output json}: one JSON object per line on stdout for each event of a run, for deploy tools; every
 * event also goes on to the human progress on stderr. The fields are documented in docs/events.md; {@link
 * #SCHEMA} goes up only when a field changes meaning.
 */
final class JsonEvents implements UpgradeListener {
  static final int SCHEMA = 1;

  private final PrintStream out;
  private final UpgradeListener human;
  private final Clock clock;
  private Map<String, Object> details = Map.of();

  JsonEvents(PrintStream out, UpgradeListener human, Clock clock) {
    this.out = out;
    this.human = human;
    this.clock = clock;
  }

  /** The first event: which command runs where. */
  void runStarted(String command, String host, long pid, String release) {
    emit("run.started", JsonFields.of("command", command, "host", host, "pid", pid, "release", release));
  }

  /** What the command reports, for {@code run.finished}: kept until then. */
  void result(Map<String, Object> details) {
    this.details = new LinkedHashMap<>(details);
  }

  /**
   * The last event, always sent, also after a failure.
   *
   * @param outcome {@code succeeded} or {@code failed}
   * @param error the error's message, for a failure
   */
  void runFinished(String command, String outcome, int exitCode, Optional<String> error) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("command", command);
    fields.put("outcome", outcome);
    fields.put("exitCode", exitCode);
    fields.putAll(details);
    error.ifPresent(e -> fields.put("error", e));
    emit("run.finished", fields);
  }

  @Override
  public void waitingForLock(String lock, Optional<RunProgress> holder) {
    human.waitingForLock(lock, holder);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("lock", lock);
    holder.ifPresent(h -> fields.put("holder", h.describe()));
    emit("lock.waiting", fields);
  }

  @Override
  public void lockAcquired(Duration waited) {
    human.lockAcquired(waited);
    emit("lock.acquired", JsonFields.of("waitedMs", waited.toMillis()));
  }

  @Override
  public void versionStarted(String module, Optional<Version> from, Version to) {
    human.versionStarted(module, from, to);
    emit("version.started", JsonFields.of("module", module, "from", from.map(Version::toString).orElse(null), "to",
        to.toString()));
  }

  @Override
  public void versionFinished(AppliedVersion applied) {
    human.versionFinished(applied);
    emit("version.finished", JsonFields.of("module", applied.module(), "version", applied.version().toString(),
        "changesets", applied.changesets(), "durationMs", applied.elapsed().toMillis()));
  }

  @Override
  public void versionExpanded(String module, Version version, int changesets, Duration elapsed) {
    human.versionExpanded(module, version, changesets, elapsed);
    emit("version.expanded", JsonFields.of("module", module, "version", version.toString(), "changesets", changesets,
        "durationMs", elapsed.toMillis()));
  }

  @Override
  public void versionRollingBack(String module, Version version, Optional<Version> to) {
    human.versionRollingBack(module, version, to);
    emit("version.rollback.started", JsonFields.of("module", module, "version", version.toString(), "to",
        to.map(Version::toString).orElse(null)));
  }

  @Override
  public void versionRolledBack(String module, Version version, int changesets, Duration elapsed) {
    human.versionRolledBack(module, version, changesets, elapsed);
    emit("version.rollback.finished", JsonFields.of("module", module, "version", version.toString(), "changesets",
        changesets, "durationMs", elapsed.toMillis()));
  }

  @Override
  public void changesetStarted(String changeset) {
    human.changesetStarted(changeset);
    emit("changeset.started", JsonFields.of("changeset", changeset));
  }

  @Override
  public void changesetFinished(String changeset, Duration took) {
    human.changesetFinished(changeset, took);
    emit("changeset.finished", JsonFields.of("changeset", changeset, "durationMs", took.toMillis()));
  }

  @Override
  public void heartbeat(String changeset, Duration elapsed, Optional<ServerActivity.Snapshot> activity) {
    human.heartbeat(changeset, elapsed, activity);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("changeset", changeset);
    fields.put("elapsedMs", elapsed.toMillis());
    activity.ifPresent(a -> {
      Map<String, Object> server = new LinkedHashMap<>();
      server.put("seconds", a.seconds());
      server.put("state", a.state());
      server.put("statement", a.statement());
      if (a.maxStage() > 0) {
        server.put("stage", a.stage());
        server.put("maxStage", a.maxStage());
      }
      if (a.progress() >= 0) {
        server.put("progress", a.progress());
      }
      fields.put("server", server);
    });
    emit("heartbeat", fields);
  }

  @Override
  public void contractUnchecked(List<String> modules) {
    human.contractUnchecked(modules);
    emit("warning", JsonFields.of("message", "contract changesets of " + modules + " run without checking serving nodes"));
  }

  @Override
  public void contractForced(List<String> nodes) {
    human.contractForced(nodes);
    emit("warning", JsonFields.of("message", "--force: the contract phase runs although these nodes still serve older"
        + " code: " + nodes));
  }

  @Override
  public void notice(String line) {
    human.notice(line);
    boolean warning = line.startsWith("setup-runner: warning: ");
    emit(warning ? "warning" : "notice", JsonFields.of("message", warning ? line.substring(23) : line));
  }

  /** One line, whole: the heartbeat writes from its own thread. */
  private synchronized void emit(String event, Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("schema", SCHEMA);
    line.put("event", event);
    line.put("time", Timestamps.format(clock.instant()));
    line.putAll(fields);
    try {
      out.println(Json.mapper().writeValueAsString(line));
      out.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("events are always serializable", e);
    }
  }
}
