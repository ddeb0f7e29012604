package io.setuprunner.state;

/** What the run history says in numbers, for metrics. */
public record RunStatistics(long runs, long failures, long lastDurationMillis, long lastLockWaitMillis) {}
