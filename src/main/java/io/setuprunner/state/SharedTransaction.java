package io.setuprunner.state;

import java.sql.Connection;

/**
 * A transaction another layer holds open (the one a data changeset runs in), which state writes may join so that
 * they commit with it or not at all. Only the state stores see its connection.
 */
public final class SharedTransaction {
  private final Connection connection;

  private SharedTransaction(Connection connection) {
    this.connection = connection;
  }

  /** {@code connection}'s open transaction; its owner commits or rolls it back. */
  public static SharedTransaction on(Connection connection) {
    return new SharedTransaction(connection);
  }

  Connection connection() {
    return connection;
  }
}
