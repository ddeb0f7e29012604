package io.setuprunner.cache;

import java.nio.file.Path;

/** Publishes a rebuilt config cache where the application reads it, so that readers never see half of it. */
public interface ConfigCacheWriter {
  /**
   * @return where the cache was written
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code CACHE_FAILED}
   */
  Path write(ConfigCache cache);
}
