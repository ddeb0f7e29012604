package io.setuprunner.state;

/** How the changeset an interrupted run was inside got settled. */
public enum Resolution {
  /** It had finished and been recorded before the runner died: nothing to do. */
  RECORDED,
  /** Its changes were all found in the schema; it was recorded as run ("verified after interruption"). */
  VERIFIED_APPLIED,
  /** None of its changes were found; the run executes it again. */
  VERIFIED_NOT_APPLIED,
  /** A person said it was applied ({@code setup-runner resolve --applied}); it was recorded as run. */
  MARKED_APPLIED,
  /** A person said it was not applied ({@code setup-runner resolve --not-applied}); the run executes it. */
  MARKED_NOT_APPLIED
}
