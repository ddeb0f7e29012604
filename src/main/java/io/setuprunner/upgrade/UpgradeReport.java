package io.setuprunner.upgrade;

import io.setuprunner.plan.OutOfStep;
import io.setuprunner.cache.CacheCommand;
import io.setuprunner.module.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How an upgrade ended: what ran, how long it took, and where the rebuilt cache is.
 *
 * @param cacheFile null when the cache could not be written; {@code cacheFailure} then says why
 * @param workDoneByOther after waiting for the lock: the run that did the work meanwhile, described
 * @param backup the backup taken before the first changeset ({@code backup.before-upgrade})
 */
public record UpgradeReport(
    Outcome outcome,
    Optional<String> runId,
    List<AppliedVersion> applied,
    int changesetsExecuted,
    int interruptedRunsClosed,
    List<String> settledChangesets,
    List<String> contractPending,
    Duration lockWait,
    Duration elapsed,
    Path cacheFile,
    Optional<CacheCommand.Result> cacheCommand,
    Optional<String> cacheFailure,
    OutOfStep outOfStep,
    Optional<String> workDoneByOther,
    Optional<String> backup) {

  /** Which of the three ways a successful upgrade can go. */
  public enum Outcome {
    /** Everything was up to date before asking for the lock. */
    NOTHING_PENDING,
    /** This runner held the lock and executed the pending versions. */
    UPGRADED,
    /** Another runner did the work while this one waited; this one verified nothing is pending. */
    VERIFIED_AFTER_WAIT
  }

  /** One module version this run brought the database to. */
  public record AppliedVersion(String module, Version version, int changesets, Duration elapsed) {}

  public UpgradeReport {
    applied = List.copyOf(applied);
    settledChangesets = List.copyOf(settledChangesets);
    contractPending = List.copyOf(contractPending);
  }
}
