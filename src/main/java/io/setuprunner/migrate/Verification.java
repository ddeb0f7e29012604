package io.setuprunner.migrate;

/** What the live schema says about a changeset that was interrupted before its history row was written. */
public record Verification(Result result, String detail) {
  /** The three answers a changeset's changes can give together. */
  public enum Result {
    /** Every change reports itself complete: the changeset ran and only its record is missing. */
    APPLIED,
    /** No change has happened: running the changeset again is safe. */
    NOT_APPLIED,
    /** Some changes happened and others not, or a change (raw SQL, data) cannot tell: a person decides. */
    UNDETERMINED
  }
}
