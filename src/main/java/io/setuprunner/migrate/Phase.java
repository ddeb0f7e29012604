package io.setuprunner.migrate;

import java.util.Locale;

/**
 * Which changesets a run executes. A changeset labelled {@code contract} is destructive (drops what
 * old code still reads); every other changeset is {@code expand}.
 */
public enum Phase {
  /** Only expand changesets: before traffic moves to the new code. */
  EXPAND,
  /** Everything still pending, contract changesets included: after the old code is drained. */
  CONTRACT,
  /** Both, in changelog order: the default. */
  ALL;

  /** The Liquibase label that marks a contract changeset. */
  public static final String CONTRACT_LABEL = "contract";

  public boolean runsContract() {
    return this != EXPAND;
  }

  /**
   * The label expression an update runs with: the user's filter and this phase's, each as strict as given
   * alone, so that neither widens the other.
   */
  public String labelFilter(String userLabels) {
    String user = userLabels == null ? "" : userLabels.trim();
    if (runsContract()) {
      return user;
    }
    return user.isEmpty() ? "!" + CONTRACT_LABEL : "(" + user + ") and !" + CONTRACT_LABEL;
  }

  public static Phase parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "expand" -> EXPAND;
      case "contract" -> CONTRACT;
      case "all" -> ALL;
      default -> throw new IllegalArgumentException(text);
    };
  }
}
