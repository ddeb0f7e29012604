package io.setuprunner.core;

/** What went wrong, coarse enough for the command line to map each kind to one documented exit code. */
public enum ErrorKind {
  /** A command or option the command line does not know, or a flag value it cannot read. */
  USAGE,
  /**
   * A setting is missing or unreadable (no database configured, bad duration, unreadable password file), or the
   * database user lacks a privilege the command needs.
   */
  CONFIGURATION,
  /** A module descriptor or changelog is missing, malformed or inconsistent; nothing was executed. */
  INVALID_MODULES,
  /** The database records a module version newer than the code declares. */
  DATABASE_AHEAD,
  /** A changeset failed; the run stopped and recorded the failure. */
  CHANGESET_FAILED,
  /** A changeset that already ran was edited afterwards (Liquibase checksum mismatch). */
  CHECKSUM_DRIFT,
  /** The database or ZooKeeper cannot be reached. */
  UNAVAILABLE,
  /** The upgrade lock was not free within the lock timeout. */
  LOCK_TIMEOUT,
  /** The upgrade lock was lost while the run held it; the run stopped before the next changeset. */
  LOCK_LOST,
  /**
   * A runner died inside a changeset whose effect the schema cannot confirm or deny; a person says
   * whether it was applied ({@code setup-runner resolve}).
   */
  NEEDS_RESOLUTION,
  /** The contract phase would remove what nodes still serving older code need. */
  CONTRACT_REFUSED,
  /**
   * A rollback would undo a changeset that has no rollback, or what an installed dependent module ran
   * changesets on since; nothing was executed.
   */
  ROLLBACK_REFUSED,
  /** The process was asked to stop (SIGTERM) and stopped between changesets. */
  STOPPED,
  /** The config cache could not be written, or a configured cache command failed. */
  CACHE_FAILED,
  /**
   * A backup could not be made or loaded: the dump or client tool is missing or failed, the disk is full, or
   * the backup file does not match its checksum.
   */
  BACKUP_FAILED,
  /** No backup has the name given (PrestaShop's NoRollbackFound). */
  BACKUP_NOT_FOUND,
  /** Anything else: a bug or an environment problem this tool does not classify. */
  INTERNAL
}
