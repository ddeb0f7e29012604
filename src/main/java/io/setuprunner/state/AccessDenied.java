package io.setuprunner.state;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * The server refused a statement because the database user lacks a privilege: a setting to fix (the account, or
 * its grants), not a server that cannot be reached, so it gets its own words and the configuration exit code.
 */
public final class AccessDenied {
  /** ER_DBACCESS_DENIED, ER_TABLEACCESS_DENIED, ER_COLUMNACCESS_DENIED, ER_SPECIFIC_ACCESS_DENIED, ER_PROCACCESS_DENIED. */
  private static final Set<Integer> CODES = Set.of(1044, 1142, 1143, 1227, 1370);

  private AccessDenied() {}

  /** The server's refusal among {@code failure} and its causes, the innermost. */
  private static Optional<SQLException> refusal(Throwable failure) {
    SQLException found = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && CODES.contains(sql.getErrorCode())) {
        found = sql;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether {@code failure}, or what caused it, is the server refusing a privilege. */
  public static boolean is(Throwable failure) {
    return refusal(failure).isPresent();
  }

  /** The failure in words that say which privileges which commands need. */
  public static SetupRunnerException explain(String what, Throwable failure) {
    String message = refusal(failure).map(SQLException::getMessage).orElse(failure.getMessage());
    return new SetupRunnerException(ErrorKind.CONFIGURATION, "Could not " + what + ": the database user lacks a"
        + " privilege (" + message + "). The commands that change the database (upgrade, rollback, mark, resolve,"
        + " adopt, backup restore) need the privileges docs/privileges.md lists; status, history, wait, serve and"
        + " plan need only SELECT. Grant them, or set db.user to an account that has them.", failure);
  }
}
