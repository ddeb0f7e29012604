package io.setuprunner.state;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the run history: the run's progress, how it ended, and what it executed.
 *
 * @param changelogFilters the contexts and labels the run selected changesets with, in words; empty for
 *     runs recorded before Setup Runner recorded them
 * @param kind what the run did; runs recorded before Setup Runner recorded kinds were upgrades
 * @param backup the backup the run took before its first changeset, or, for a restore, the one it loaded
 * @param runBy who ran it (user@host), where recorded
 * @param note what a person said of it: the reason given to {@code mark}
 */
public record RunRecord(
    RunProgress progress,
    RunStatus status,
    Optional<Instant> finishedAt,
    int changesetsExecuted,
    Optional<String> error,
    Optional<String> changelogFilters,
    RunKind kind,
    Optional<String> backup,
    Optional<String> runBy,
    Optional<String> note) {}
