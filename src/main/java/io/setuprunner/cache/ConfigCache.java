package io.setuprunner.cache;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code var/cache/config.json} holds: the modules in dependency order with their versions and
 * the merged configuration defaults (path to value). The application serves only when
 * {@code modules} matches the code it runs.
 */
public record ConfigCache(
    int format, Instant generatedAt, String release, List<ModuleEntry> modules, Map<String, String> config) {
  public static final int FORMAT = 1;

  /** One module as the cache records it. */
  public record ModuleEntry(String name, String version) {}

  public ConfigCache {
    modules = List.copyOf(modules);
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
  }
}
