package io.setuprunner.cli;

import java.nio.file.Path;
import java.util.Map;

/** What the user asked for, free of JCommander: a command, the application root, and flag settings. */
record Invocation(Command command, Path root, Map<String, String> settings, boolean embeddedDb, boolean verbose,
    Resolve resolve) {
  /** For {@code resolve}: which changeset, and whether the person says it was applied. */
  record Resolve(String changeset, boolean applied) {}

  /** The commands Setup Runner knows. */
  enum Command {
    UPGRADE,
    STATUS,
    RESOLVE,
    CACHE_REBUILD,
    HELP,
    VERSION
  }

  Invocation {
    settings = Map.copyOf(settings);
  }

  static Invocation of(Command command) {
    return new Invocation(command, Path.of("."), Map.of(), false, false, null);
  }
}
