package io.setuprunner.serving;

import java.time.Instant;
import java.util.Map;

/** A node serving the application: where it is and which module versions its code declares. */
public record ServingNode(String host, long pid, int port, String release, Instant since, Map<String, String> modules) {
  public ServingNode {
    modules = Map.copyOf(modules);
  }

  public String describe() {
    return host + ":" + port + " (pid " + pid + (release == null ? "" : ", release " + release) + ")";
  }
}
