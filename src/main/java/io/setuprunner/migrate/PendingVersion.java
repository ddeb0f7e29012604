package io.setuprunner.migrate;

import io.setuprunner.module.Module;
import io.setuprunner.module.Version;

/** One module version to run, in the order the plan runs them. */
public record PendingVersion(Module module, Version version) {}
