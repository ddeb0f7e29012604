package io.setuprunner.state;

import java.time.Instant;
import java.util.Optional;

/** One row of the run history: the run's progress, how it ended, and what it executed. */
public record RunRecord(
    RunProgress progress,
    RunStatus status,
    Optional<Instant> finishedAt,
    int changesetsExecuted,
    Optional<String> error) {}
