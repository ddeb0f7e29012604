package io.setuprunner.command;

import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.wiring.Resources;

/** {@code setup-runner cache rebuild}: the config cache from the code's modules; needs no database. */
public final class CacheRebuildCommand {
  /** No arguments: the root and settings say everything. */
  public record Request() implements CommandRequest {}

  private final Resources resources;

  public CacheRebuildCommand(Resources resources) {
    this.resources = resources;
  }

  public CacheRebuild.Outcome run(Request request) {
    return resources.cacheRebuild().rebuild(resources.catalog(), resources.release());
  }
}
