package io.setuprunner.module;

import java.nio.file.Path;
import java.util.List;

/** What a module's {@code module.xml} declares: its name, setup version and dependencies. */
public record ModuleDescriptor(String name, Version setupVersion, List<String> dependencies, Path file) {
  public ModuleDescriptor {
    dependencies = List.copyOf(dependencies);
  }
}
