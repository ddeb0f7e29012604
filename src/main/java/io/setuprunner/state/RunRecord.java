package io.setuprunner.state;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the run history: the run's progress, how it ended, and what it executed.
 *
 * @param changelogFilters the contexts and labels the run selected changesets with, in words; empty for
 *     runs recorded before Setup Runner recorded them
 */
public record RunRecord(
    RunProgress progress,
    RunStatus status,
    Optional<Instant> finishedAt,
    int changesetsExecuted,
    Optional<String> error,
    Optional<String> changelogFilters) {}
