package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.Lease;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.Resolution;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code setup-runner resolve}: a person says whether the changeset a dead runner was inside got
 * applied, when the schema alone cannot tell. Done under the lock and the fence, recorded with who and when.
 */
public final class Resolver {
  private final StateStores state;
  private final Supplier<DeployLock> locks;
  private final Supplier<ChangelogExecutor> executors;
  private final Clock clock;

  public Resolver(StateStores state, Supplier<DeployLock> locks, Supplier<ChangelogExecutor> executors, Clock clock) {
    this.state = state;
    this.locks = locks;
    this.executors = executors;
    this.clock = clock;
  }

  /** Settles {@code changeset}; returns the resolution recorded. */
  public Resolution resolve(ModuleCatalog catalog, String changeset, boolean applied, UpgradeRunner.Runner runner,
      Duration lockTimeout) {
    RunProgress me = new RunProgress(UUID.randomUUID().toString(), runner.host(), runner.pid(), runner.release(),
        clock.instant(), null, null, null);
    try (Lease lease = locks.get().acquire(me, lockTimeout)) {
      long token = state.fence().takeOver(lease.fencingToken(), me.runId(), clock.instant());
      state.runs().markOtherRunsInterrupted(me.runId(), clock.instant(), token);
      List<RunProgress> open = state.runs().unresolvedInterruptions();
      RunProgress dead = open.stream().filter(r -> r.changeset().equals(changeset)).findFirst()
          .orElseThrow(() -> new SetupRunnerException(ErrorKind.USAGE, "No interrupted run waits for a decision on '"
              + changeset + "'. " + (open.isEmpty() ? "Nothing needs resolving."
              : "Changesets waiting: " + open.stream().map(RunProgress::changeset).toList())));
      Resolution resolution = applied ? Resolution.MARKED_APPLIED : Resolution.MARKED_NOT_APPLIED;
      if (applied) {
        Module module = catalog.find(dead.module()).orElseThrow(() -> new SetupRunnerException(
            ErrorKind.INVALID_MODULES, "Module " + dead.module() + " of changeset " + changeset
                + " is not in this code: deploy the code that has it, then resolve."));
        try (ChangelogExecutor executor = executors.get()) {
          executor.markApplied(module, Version.parse(dead.version()), changeset,
              "marked applied by " + runner.user() + "@" + runner.host() + " after interruption of run " + dead.runId());
        }
      }
      state.resolutions().recordResolution(dead, resolution, runner.user() + "@" + runner.host(), clock.instant(), null, token);
      return resolution;
    }
  }
}
