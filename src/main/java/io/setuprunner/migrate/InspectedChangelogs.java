package io.setuprunner.migrate;

import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParser;
import liquibase.resource.ResourceAccessor;

/**
 * Hands Liquibase's update the changelogs the inspection under the same lock has just parsed, instead of
 * parsing (and validating against the XSD) every file a second time: that second parse was a fifth of the
 * runner's CPU in a large pass (docs/performance.md). It answers only inside a scope that carries the
 * parsed changelogs under {@link #SCOPE_KEY}; everywhere else Liquibase's own parsers answer.
 */
public final class InspectedChangelogs implements ChangeLogParser {
  /** The scope value: parsed changelogs by their normalized path. */
  static final String SCOPE_KEY = "io.setuprunner.inspectedChangelogs";

  @Override
  public int getPriority() {
    return PRIORITY_DEFAULT + 100;
  }

  @Override
  public boolean supports(String changeLogFile, ResourceAccessor resourceAccessor) {
    return parsed().containsKey(DatabaseChangeLog.normalizePath(changeLogFile));
  }

  @Override
  public DatabaseChangeLog parse(String physicalChangeLogLocation, ChangeLogParameters changeLogParameters,
      ResourceAccessor resourceAccessor) {
    // Handed out once: Liquibase's include marks the changelog as part of this update. Checksums are worked
    // out again, as for a fresh parse: a changeset keeps the first one computed, whatever version is asked.
    DatabaseChangeLog changelog = parsed().remove(DatabaseChangeLog.normalizePath(physicalChangeLogLocation));
    changelog.clearCheckSums();
    return changelog;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, DatabaseChangeLog> parsed() {
    Map<String, DatabaseChangeLog> parsed = Scope.getCurrentScope().get(SCOPE_KEY, Map.class);
    return parsed == null ? Map.of() : parsed;
  }
}
