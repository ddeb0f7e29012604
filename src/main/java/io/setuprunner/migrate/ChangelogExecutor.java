package io.setuprunner.migrate;

import io.setuprunner.module.Module;
import io.setuprunner.module.Version;

/** Runs one module version's changelog: every changeset in it that has not run yet, in order. */
public interface ChangelogExecutor extends AutoCloseable {
  /**
   * Runs the pending changesets of {@code module}'s changelog for {@code version}.
   *
   * @throws io.setuprunner.SetupRunnerException of kind {@code CHANGESET_FAILED} naming the changeset,
   *     {@code CHECKSUM_DRIFT}, or whatever {@code listener} threw to stop the run
   */
  void execute(Module module, Version version, ChangesetListener listener);

  /**
   * Reads the changelog for {@code version} without running anything, so that a run can refuse a
   * broken changelog before it executes a single changeset.
   *
   * @throws io.setuprunner.SetupRunnerException of kind {@code INVALID_MODULES} naming the file
   */
  void validate(Module module, Version version);

  @Override
  void close();
}
