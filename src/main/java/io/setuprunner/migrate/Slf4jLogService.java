package io.setuprunner.migrate;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/** Sends Liquibase's log through SLF4J, so Logback decides what shows (per-changeset INFO only with --verbose). */
final class Slf4jLogService extends AbstractLogService {
  @Override
  public int getPriority() {
    return PRIORITY_SPECIALIZED;
  }

  @Override
  public Logger getLog(Class clazz) {
    return new Slf4jLogger(LoggerFactory.getLogger(clazz));
  }

  /** One Liquibase logger backed by one SLF4J logger. */
  private static final class Slf4jLogger extends AbstractLogger {
    private final org.slf4j.Logger delegate;

    Slf4jLogger(org.slf4j.Logger delegate) {
      this.delegate = delegate;
    }

    @Override
    public void log(Level level, String message, Throwable thrown) {
      // Setup Runner reports a failure itself, with the cause's message; Liquibase's stack trace of
      // the same failure is for debugging only.
      Throwable e = delegate.isDebugEnabled() ? thrown : null;
      int value = level.intValue();
      if (value >= Level.SEVERE.intValue()) {
        delegate.error(message, e);
      } else if (value >= Level.WARNING.intValue()) {
        delegate.warn(message, e);
      } else if (value >= Level.INFO.intValue()) {
        delegate.info(message, e);
      } else if (value >= Level.FINE.intValue()) {
        delegate.debug(message, e);
      } else {
        delegate.trace(message, e);
      }
    }
  }
}
