package io.setuprunner.cli;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.status.StatusReport;

/** Every exit status Setup Runner returns; the README's table is this list. */
public enum ExitCode {
  OK(0, "success; for status: the database is up to date"),
  ERROR(1, "any other error"),
  PENDING(2, "status: upgrades are pending"),
  IN_PROGRESS(3, "status: a run is in progress elsewhere (who, where, since when, which changeset is printed)"),
  NEEDS_ATTENTION(4, "a changeset failed, or one a dead runner was inside needs resolve, or status: the last run failed or was interrupted"),
  CHECKSUM_DRIFT(5, "a changeset that already ran was edited afterwards"),
  DATABASE_AHEAD(6, "the database records a module version newer than this code"),
  USAGE(64, "the command line cannot be read: no command, an unknown command, action or option, an option of"
      + " another command, a missing or unreadable option value"),
  INVALID_MODULES(65, "a module descriptor or changelog is missing, malformed or inconsistent"),
  BACKUP_NOT_FOUND(66, "backup restore or delete: no backup has that name; the message lists those that exist, newest first"),
  UNAVAILABLE(69, "the database or ZooKeeper cannot be reached"),
  CACHE_FAILED(73, "the config cache could not be written, or cache.command failed"),
  BACKUP_FAILED(74, "a backup could not be made (tool missing or failed, disk full: nothing was executed, no file"
      + " left), a backup file does not match its checksum (nothing touched), or loading one failed"),
  LOCK_TIMEOUT(75, "another runner held the lock for longer than lock.timeout"),
  LOCK_LOST(76, "the lock was lost mid-run; the run stopped before its next changeset"),
  CONTRACT_REFUSED(77, "the contract phase was refused: nodes still serve code that needs what it removes (--force overrides)"),
  CONFIGURATION(78, "a setting or duration is missing or invalid, the application root does not exist, the"
      + " database user lacks a privilege the command needs (docs/privileges.md), or ZooKeeper refused this runner's"
      + " credentials (zookeeper.auth-file)"),
  ROLLBACK_REFUSED(79, "rollback refused: a changeset to undo has no rollback, or an installed module that depends"
      + " on the module ran changesets since; the message names each, nothing was executed"),
  STOPPED(143, "stopped by SIGTERM between changesets; the run is recorded as interrupted, the lock released");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  static ExitCode of(ErrorKind kind) {
    return switch (kind) {
      case USAGE -> USAGE;
      case CONFIGURATION -> CONFIGURATION;
      case INVALID_MODULES -> INVALID_MODULES;
      case DATABASE_AHEAD -> DATABASE_AHEAD;
      case CHANGESET_FAILED, NEEDS_RESOLUTION -> NEEDS_ATTENTION;
      case STOPPED -> STOPPED;
      case CONTRACT_REFUSED -> CONTRACT_REFUSED;
      case ROLLBACK_REFUSED -> ROLLBACK_REFUSED;
      case CHECKSUM_DRIFT -> CHECKSUM_DRIFT;
      case UNAVAILABLE -> UNAVAILABLE;
      case LOCK_TIMEOUT -> LOCK_TIMEOUT;
      case LOCK_LOST -> LOCK_LOST;
      case CACHE_FAILED -> CACHE_FAILED;
      case BACKUP_FAILED -> BACKUP_FAILED;
      case BACKUP_NOT_FOUND -> BACKUP_NOT_FOUND;
      case INTERNAL -> ERROR;
    };
  }

  static ExitCode of(StatusReport.State state) {
    return switch (state) {
      case UP_TO_DATE -> OK;
      case PENDING -> PENDING;
      case IN_PROGRESS -> IN_PROGRESS;
      case NEEDS_ATTENTION -> NEEDS_ATTENTION;
      case CHECKSUM_DRIFT -> CHECKSUM_DRIFT;
      case DATABASE_AHEAD -> DATABASE_AHEAD;
    };
  }
}
