package io.setuprunner.module;

import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** A module of the application: its descriptor, its changelog per version and its optional config defaults. */
public record Module(
    ModuleDescriptor descriptor, NavigableMap<Version, Path> changelogs, Optional<Path> configFile) {
  public Module {
    changelogs = Collections.unmodifiableNavigableMap(new TreeMap<>(changelogs));
  }

  public String name() {
    return descriptor.name();
  }

  public Version codeVersion() {
    return descriptor.setupVersion();
  }

  /** The module's folder, which is also the root of its changesets' identity. */
  public Path directory() {
    return descriptor.file().getParent();
  }
}
