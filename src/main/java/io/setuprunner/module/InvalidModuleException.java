package io.setuprunner.module;

import java.nio.file.Path;

/** One problem with one module file; the catalog gathers them before it reports. */
final class InvalidModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidModuleException(Path file, String problem) {
    super(file + " " + problem);
  }
}
