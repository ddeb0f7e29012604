package io.setuprunner.migrate;

import io.setuprunner.module.Version;
import java.util.Optional;

/** A module's newest version in the changeset history, and its newest version with a contract changeset. */
public record HistoryVersions(Version newest, Optional<Version> newestContract) {
  /** The newer of each, for folding history rows together. */
  public HistoryVersions max(HistoryVersions other) {
    Version all = newest.isNewerThan(other.newest) ? newest : other.newest;
    Optional<Version> contract = newestContract.isEmpty() ? other.newestContract
        : other.newestContract.isEmpty() ? newestContract
        : Optional.of(newestContract.get().isNewerThan(other.newestContract.get())
            ? newestContract.get() : other.newestContract.get());
    return new HistoryVersions(all, contract);
  }
}
