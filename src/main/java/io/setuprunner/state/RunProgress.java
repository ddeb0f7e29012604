package io.setuprunner.state;

import java.time.Instant;

/**
 * Who is running and how far it got: the in-progress state anyone can read, from the run-history
 * row or the ZooKeeper node. {@code module}, {@code version} and {@code changeset} are null until
 * the run reaches its first changeset.
 */
public record RunProgress(
    String runId,
    String host,
    long pid,
    String release,
    Instant startedAt,
    String module,
    String version,
    String changeset) {

  public RunProgress at(String module, String version, String changeset) {
    return new RunProgress(runId, host, pid, release, startedAt, module, version, changeset);
  }

  /** One line for people: {@code run 4f2c… on web-1 (pid 4711, release r42) since …, at Acme_Sales 1.1.0 changeset …}. */
  public String describe() {
    StringBuilder text = new StringBuilder("run ").append(runId).append(" on ").append(host)
        .append(" (pid ").append(pid);
    if (release != null) {
      text.append(", release ").append(release);
    }
    text.append(") since ").append(io.setuprunner.core.Timestamps.format(startedAt));
    if (module != null) {
      text.append(", at ").append(module).append(' ').append(version);
      if (changeset != null) {
        text.append(" changeset ").append(changeset);
      }
    }
    return text.toString();
  }
}
