package io.setuprunner.module;

import java.util.List;
import java.util.Optional;

/** The application's modules as the deployed code declares them, in dependency order (ties by name). */
public record ModuleCatalog(List<Module> modules) {
  public ModuleCatalog {
    modules = List.copyOf(modules);
  }

  public Optional<Module> find(String name) {
    return modules.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
