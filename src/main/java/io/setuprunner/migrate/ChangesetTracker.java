package io.setuprunner.migrate;

import io.setuprunner.state.SharedTransaction;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.precondition.core.PreconditionContainer;

/**
 * Passes Liquibase's changeset events on, remembers the changeset under way for error reports, and holds a data
 * changeset's commit back until its record, fence check and progress are in the same transaction.
 */
final class ChangesetTracker extends AbstractChangeExecListener {
  private final ChangesetListener listener;
  private String current;

  private final java.util.Map<String, PendingVersion> byChangelog;
  private PendingVersion version;

  private final ChangesetConnection hold;
  /** The changeset under way runs all its statements in one transaction: its commit waits for its record. */
  private boolean transactional;

  /**
   * @param byChangelog in a pass over several versions: each version by the path of every file its changesets
   *     are written in (the version's changelog and the files it includes)
   */
  ChangesetTracker(ChangesetListener listener, java.util.Map<String, PendingVersion> byChangelog,
      ChangesetConnection hold) {
    this.listener = listener;
    this.byChangelog = byChangelog;
    this.hold = hold;
  }

  /** The version under way in a pass over several, or null before the first. */
  PendingVersion version() {
    return version;
  }

  /** The changeset under way, or null before the first. */
  String current() {
    return current;
  }

  @Override
  public void willRun(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.RunStatus status) {
    PendingVersion next = byChangelog.get(changeSet.getFilePath());
    if (next != null && !next.equals(version)) {
      version = next;
      listener.versionStarting(next);
    }
    current = changeSet.toString(false);
    transactional = TransactionalChangesets.transactional(changeSet);
    listener.beforeChangeset(current, transactional);
  }

  @Override
  public void willRun(Change change, ChangeSet changeSet, DatabaseChangeLog log, Database database) {
    // Not before the first change: Liquibase rolls back once more after checking preconditions.
    if (transactional && !hold.holding()) {
      hold.hold();
    }
  }

  private void rollBack(RuntimeException cause) {
    try {
      hold.rollback();
    } catch (liquibase.exception.DatabaseException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void preconditionFailed(PreconditionFailedException error, PreconditionContainer.FailOption onFail) {
    precondition("failed: " + LiquibaseErrors.reason(error), onFail.name());
  }

  @Override
  public void preconditionErrored(PreconditionErrorException error, PreconditionContainer.ErrorOption onError) {
    precondition("could not be checked: " + LiquibaseErrors.reason(error), onError.name());
  }

  private void precondition(String what, String option) {
    String outcome = switch (option) {
      case "CONTINUE" -> "skipped and not recorded (CONTINUE): it runs with a later pass over its version only";
      case "MARK_RAN" -> "recorded as run without running (MARK_RAN)";
      case "WARN" -> "run anyway (WARN)";
      default -> null; // HALT: the run stops with its own message
    };
    if (outcome != null && current != null) {
      listener.notAsWritten(current, "its precondition " + what + " The changeset was " + outcome + ".");
    }
  }

  @Override
  public void ran(Change change, ChangeSet changeSet, DatabaseChangeLog log, Database database) {
    listener.afterChange(changeSet.toString(false));
  }

  @Override
  public void ran(ChangeSet changeSet, DatabaseChangeLog log, Database database, ChangeSet.ExecType execType) {
    if (hold.holding()) {
      // The changes and their record are in the open transaction; the update commits it right after this.
      try {
        listener.beforeCommit(changeSet.toString(false), SharedTransaction.on(hold.getUnderlyingConnection()));
      } catch (RuntimeException e) {
        rollBack(e);
        throw e;
      } finally {
        hold.release();
      }
    }
    if (execType == ChangeSet.ExecType.EXECUTED || execType == ChangeSet.ExecType.MARK_RAN) {
      listener.afterChangeset(changeSet.toString(false));
    } else if (execType == ChangeSet.ExecType.FAILED) {
      // Liquibase tells only that it failed; its error is in its own log line, shown with -v.
      listener.notAsWritten(changeSet.toString(false), "failed and was skipped, not recorded (failOnError=\"false\");"
          + " run with -v for the database's error. It runs with a later pass over its version only.");
    }
  }
}
