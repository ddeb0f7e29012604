package io.setuprunner.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Json;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link JsonFileConfigCache}: atomic JSON writes beside the target, and write failures. */
class JsonFileConfigCacheTest {
  @TempDir
  Path dir;

  private final ObjectMapper json = Json.mapper();

  private static ConfigCache cache(String release, String front) {
    return new ConfigCache(ConfigCache.FORMAT, Instant.parse("2024-05-01T12:00:00Z"), release,
        List.of(new ConfigCache.ModuleEntry("Acme_Store", "1.0.0")), Map.of("web/default/front", front));
  }

  private static List<String> fileNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesCacheThatReadsBackEqual() throws IOException {
    Path target = dir.resolve("config.json");

    Path written = new JsonFileConfigCache(target, json).write(cache("r1", "cms"));

    assertEquals(target, written);
    assertEquals(cache("r1", "cms"), json.readValue(target.toFile(), ConfigCache.class));
    assertEquals("2024-05-01T12:00:00.000Z", json.readTree(target.toFile()).get("generatedAt").asText());
  }

  @Test
  void rewriteReplacesContentAndLeavesNoTemporaryFiles() throws IOException {
    Path target = dir.resolve("config.json");
    JsonFileConfigCache writer = new JsonFileConfigCache(target, json);

    writer.write(cache("r1", "cms"));
    writer.write(cache("r2", "catalog"));

    ConfigCache read = json.readValue(target.toFile(), ConfigCache.class);
    assertEquals("r2", read.release());
    assertEquals("catalog", read.config().get("web/default/front"));
    assertEquals(List.of("config.json"), fileNames(dir));
  }

  @Test
  void cacheIsReadableByTheApplicationUserAndKeepsPermissionsAcrossRewrites() throws IOException {
    Path target = dir.resolve("config.json");
    JsonFileConfigCache writer = new JsonFileConfigCache(target, json);
    writer.write(cache("r1", "cms"));
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(target)), "temporary files are owner-only; the cache must not be");

    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
    writer.write(cache("r2", "catalog"));
    assertEquals("rw-rw-r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(target)));
  }

  @Test
  void createsMissingParentDirectories() throws IOException {
    Path target = dir.resolve("var/cache/config.json");

    new JsonFileConfigCache(target, json).write(cache("r1", "cms"));

    assertTrue(Files.isRegularFile(target));
    assertEquals(List.of("config.json"), fileNames(target.getParent()));
  }

  @Test
  void parentThatIsAFileFailsWithCacheFailed() throws IOException {
    Path blocker = Files.writeString(dir.resolve("var"), "not a directory");
    Path target = blocker.resolve("config.json");

    SetupRunnerException e = assertThrows(SetupRunnerException.class,
        () -> new JsonFileConfigCache(target, json).write(cache("r1", "cms")));

    assertEquals(ErrorKind.CACHE_FAILED, e.kind());
    assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    assertEquals("not a directory", Files.readString(blocker));
  }

  @Test
  void targetThatIsADirectoryFailsWithCacheFailedAndCleansUp() throws IOException {
    Path target = Files.createDirectories(dir.resolve("config.json"));
    Files.writeString(target.resolve("keep"), "x");

    SetupRunnerException e = assertThrows(SetupRunnerException.class,
        () -> new JsonFileConfigCache(target, json).write(cache("r1", "cms")));

    assertEquals(ErrorKind.CACHE_FAILED, e.kind());
    assertEquals(List.of("config.json"), fileNames(dir));
  }
}
