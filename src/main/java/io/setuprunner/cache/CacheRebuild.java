package io.setuprunner.cache;

import io.setuprunner.module.ModuleCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Rebuilds the config cache from the code's modules, then runs the configured cache command, if any. */
public final class CacheRebuild {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CacheRebuild.class);
  private final ConfigCacheBuilder builder = new ConfigCacheBuilder();
  private final ConfigCacheWriter writer;
  private final Optional<String> command;
  private final Path root;
  private final Clock clock;

  /** Where the cache went, and how the cache command ended if one is configured. */
  public record Outcome(Path file, Optional<CacheCommand.Result> command) {}

  public CacheRebuild(ConfigCacheWriter writer, Optional<String> command, Path root, Clock clock) {
    this.writer = writer;
    this.command = command;
    this.root = root;
    this.clock = clock;
  }

  public Outcome rebuild(ModuleCatalog catalog, String release) {
    Path file = writer.write(builder.build(catalog, release, clock.instant()));
    log.debug("Config cache written to {} ({} modules, release {})", file, catalog.modules().size(), release);
    return new Outcome(file, command.map(c -> new CacheCommand().run(c, root)));
  }
}
