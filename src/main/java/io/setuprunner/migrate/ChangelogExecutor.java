package io.setuprunner.migrate;

import io.setuprunner.module.Module;
import io.setuprunner.module.Version;

/** Runs one module version's changelog: every changeset in it that has not run yet, in order. */
public interface ChangelogExecutor extends AutoCloseable {
  /**
   * Runs the pending changesets of {@code module}'s changelog for {@code version}.
   *
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code CHANGESET_FAILED} naming the changeset,
   *     {@code CHECKSUM_DRIFT}, or whatever {@code listener} threw to stop the run
   */
  void execute(Module module, Version version, Phase phase, ChangesetListener listener);

  /**
   * Runs the pending changesets of every version in {@code versions}, in that order, in one pass: the
   * history is read once, not once per version, so the cost per version stays flat however long the
   * history grows. {@link ChangesetListener#versionStarting} is told before each version's first changeset.
   *
   * @throws io.setuprunner.core.SetupRunnerException as {@link #execute} does, naming the failing version
   */
  void executeAll(java.util.List<PendingVersion> versions, Phase phase, ChangesetListener listener);

  /**
   * Every changeset of {@code module}'s changelog for {@code version}, with what the history says of
   * it; reading it is also how a run refuses a broken changelog before executing anything.
   *
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code INVALID_MODULES} naming the file
   */
  java.util.List<ChangesetState> inspect(Module module, Version version);


  /**
   * The changesets of {@code module}'s changelog for {@code version} that an upgrade would run, each with the
   * SQL it would send; reads only, writes nothing, not even the history table on an empty database.
   */
  java.util.List<ChangesetPreview> preview(Module module, Version version);

  /** The changesets of {@code module}'s changelog for {@code version} that this run's filters select. */
  java.util.List<CatalogChangeset> changesets(Module module, Version version);

  /**
   * Liquibase's validation of {@code versions}' changelogs as the update would run them (duplicate
   * identifiers, invalid changes, changesets edited after they ran), without executing anything.
   *
   * @return every problem, one line each, headings before their items; empty when valid
   */
  java.util.List<String> validate(java.util.List<PendingVersion> versions);

  /** Creates Setup Runner's changeset history table, as the first update would, when it is missing. */
  void createHistoryTable();

  /** True when the history records {@code changeset} ({@code path::id::author}) as run. */
  boolean hasRun(String changeset);

  /**
   * Asks the live schema whether an interrupted changeset's changes are there, change type by change
   * type (create table, add column, create index, add foreign key, ...).
   */
  Verification verify(Module module, Version version, String changeset);

  /** Records {@code changeset} as run without executing it (Liquibase's MARK_RAN), with a comment saying why. */
  void markApplied(Module module, Version version, String changeset, String comment);

  /** Removes {@code changeset}'s record from the history, so that the next pass over its version runs it again. */
  void markNotApplied(Module module, Version version, String changeset);

  /**
   * The recorded changesets of {@code module}'s versions {@code newestFirst}, in the order a rollback undoes
   * them (newest version first; within one, last run first), each with its rollback SQL or why it has none.
   * Reads only.
   */
  java.util.List<RollbackChangeset> rollbackCandidates(Module module, java.util.List<Version> newestFirst);

  /**
   * Rolls back {@code changesets}, taken from {@link #rollbackCandidates} of this executor, in that order: each
   * one's rollback, then the removal of its record. {@code listener} hears each as the update's does.
   *
   * @throws io.setuprunner.core.SetupRunnerException of kind {@code CHANGESET_FAILED} naming the changeset, or
   *     whatever {@code listener} threw to stop
   */
  void rollback(Module module, java.util.List<RollbackChangeset> changesets, ChangesetListener listener);

  @Override
  void close();
}
