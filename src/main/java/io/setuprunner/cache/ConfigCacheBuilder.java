package io.setuprunner.cache;

import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Builds the cache from the code's modules: later modules' defaults override earlier ones'. */
public final class ConfigCacheBuilder {
  public ConfigCache build(ModuleCatalog catalog, String release, Instant now) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Module module : catalog.modules()) {
      merged.putAll(module.configDefaults());
    }
    return new ConfigCache(ConfigCache.FORMAT, now, release,
        catalog.modules().stream()
            .map(m -> new ConfigCache.ModuleEntry(m.name(), m.codeVersion().toString())).toList(),
        new TreeMap<>(merged));
  }
}
