package io.setuprunner.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.AtomicFiles;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the cache as JSON through {@link AtomicFiles}: readers see the old file or the new one, never
 * half of one, and several runners rebuilding the same cache at once on a shared disk do not collide.
 */
public final class JsonFileConfigCache implements ConfigCacheWriter {
  private final Path file;
  private final ObjectMapper json;

  public JsonFileConfigCache(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  @Override
  public Path write(ConfigCache cache) {
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(cache));
      return file;
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.CACHE_FAILED, "Could not write the config cache " + file + ": "
          + e.getMessage() + ". Check that the directory exists and is writable by this user.", e);
    }
  }
}
