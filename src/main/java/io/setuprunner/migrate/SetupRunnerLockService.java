package io.setuprunner.migrate;

import liquibase.database.Database;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;

/**
 * Replaces Liquibase's {@code DATABASECHANGELOGLOCK} table lock. Setup Runner executes changelogs
 * only while it holds its own lock (ZooKeeper or {@code GET_LOCK}), which frees itself when the
 * holder dies; a lock row, by contrast, stays behind after {@code kill -9} and blocks every later run.
 */
public final class SetupRunnerLockService implements LockService {
  private Database database;

  @Override
  public int getPriority() {
    // Above every lock service Liquibase ships (theirs top out at PRIORITY_DATABASE).
    return PRIORITY_DATABASE + 100;
  }

  @Override
  public boolean supports(Database database) {
    return true;
  }

  @Override
  public void setDatabase(Database database) {
    this.database = database;
  }

  @Override
  public void setChangeLogLockWaitTime(long changeLogLockWaitTime) {}

  @Override
  public void setChangeLogLockRecheckTime(long changeLogLockRecheckTime) {}

  @Override
  public boolean hasChangeLogLock() {
    return database != null;
  }

  @Override
  public void waitForLock() {}

  @Override
  public boolean acquireLock() {
    return true;
  }

  @Override
  public void releaseLock() {}

  @Override
  public DatabaseChangeLogLock[] listLocks() {
    return new DatabaseChangeLogLock[0];
  }

  @Override
  public void forceReleaseLock() {}

  @Override
  public void reset() {}

  @Override
  public void init() {}

  @Override
  public void destroy() {}
}
