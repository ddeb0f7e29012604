package io.setuprunner.module;

import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** A module of the application: its descriptor, its changelog per version and its config defaults (path to value). */
public record Module(
    ModuleDescriptor descriptor, NavigableMap<Version, Path> changelogs, Map<String, String> configDefaults) {
  public Module {
    changelogs = Collections.unmodifiableNavigableMap(new TreeMap<>(changelogs));
    configDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(configDefaults));
  }

  public String name() {
    return descriptor.name();
  }

  public Version codeVersion() {
    return descriptor.setupVersion();
  }

  /** The version with a changelog just below {@code version}; empty when none is below it. */
  public java.util.Optional<Version> versionBefore(Version version) {
    return java.util.Optional.ofNullable(changelogs.lowerKey(version));
  }

  /** The module's folder, which is also the root of its changesets' identity. */
  public Path directory() {
    return descriptor.file().getParent();
  }
}
