package io.setuprunner.migrate;

/** Told about each changeset as it runs; throwing from {@link #beforeChangeset} stops the run before it. */
public interface ChangesetListener {
  /**
   * Called immediately before a changeset executes.
   *
   * @param changeset the changeset's identity, {@code Vendor_Module/1.0.0.xml::id::author}
   * @param ownTransaction its changes and its record will commit together ({@link #beforeCommit}): if the run dies
   *     before its record, the server rolls its changes back
   */
  void beforeChangeset(String changeset, boolean ownTransaction);

  /**
   * Called after each change of a changeset executed, before the changeset is recorded as run: the
   * last moment to refuse recording work that a newer runner may have taken over.
   */
  void afterChange(String changeset);

  /**
   * Called for a changeset whose changes and record are held in one open {@code transaction} (a data changeset:
   * {@link TransactionalChangesets}), just before it commits: the last moment to refuse it, and state written in
   * it commits with it or not at all.
   */
  default void beforeCommit(String changeset, io.setuprunner.state.SharedTransaction transaction) {}

  /** Called after a changeset executed and was recorded as run. */
  void afterChangeset(String changeset);

  /**
   * Called when a changeset did not run as written and the run goes on, as its changelog asked: a precondition
   * failed with {@code onFail}/{@code onError} CONTINUE, WARN or MARK_RAN, or it failed with
   * {@code failOnError="false"}.
   *
   * @param what what happened and what it means, one sentence
   */
  default void notAsWritten(String changeset, String what) {}

  /** Called once, before the first changeset, with the server's id of the connection the changesets run on. */
  default void executingOn(long connectionId) {}

  /** Called before the first changeset of {@code version} runs, in a pass over several versions. */
  default void versionStarting(PendingVersion version) {}
}
