package io.setuprunner.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which changesets a run selects and what a changelog's {@code ${name}} expands to: Liquibase's contexts,
 * label filter and changelog parameters, as the settings give them. Every command that reads changelogs
 * gets the same value, so a changeset the filters exclude is never pending anywhere.
 *
 * @param contexts Liquibase context expression, empty for "every changeset, whatever its context"
 * @param labels Liquibase label expression, empty for no filter; the contract phase is combined with it
 * @param parameters changelog parameters by name, as written in the settings
 */
public record ChangelogSelection(String contexts, String labels, Map<String, String> parameters) {
  /** No filter and no parameters: what plain Liquibase does without arguments. */
  public static final ChangelogSelection NONE = new ChangelogSelection("", "", Map.of());

  public ChangelogSelection {
    contexts = contexts == null ? "" : contexts.trim();
    labels = labels == null ? "" : labels.trim();
    parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  /** Names the parameters, never their values: they may be secrets, and records print every field. */
  @Override
  public String toString() {
    return "ChangelogSelection[" + describeFilters() + "; parameters " + parameters.keySet() + "]";
  }

  public boolean filters() {
    return !contexts.isEmpty() || !labels.isEmpty();
  }

  /**
   * One line for people and for the run history: {@code contexts mysql; labels !demo}, or
   * {@code no filters}. Parameters are left out: their values may be secrets.
   */
  public String describeFilters() {
    if (!filters()) {
      return "no filters";
    }
    return (contexts.isEmpty() ? "" : "contexts " + contexts) + (!contexts.isEmpty() && !labels.isEmpty() ? "; " : "")
        + (labels.isEmpty() ? "" : "labels " + labels);
  }
}
