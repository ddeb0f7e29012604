package io.setuprunner.migrate;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.module.Module;
import io.setuprunner.module.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.exception.RollbackFailedException;

/**
 * Rolls back a module's recorded changesets with Liquibase's rollback, one at a time, newest first: each
 * changeset's rollback runs, then its record goes, then the next. Every method must run inside the executor's
 * Liquibase scope.
 */
final class ChangelogRollback {
  private final Database database;
  private final ChangelogInspector inspector;
  /** The changesets {@link #candidates} parsed, by identity, for {@link #run}. */
  private final Map<String, ChangeSet> parsed = new HashMap<>();

  ChangelogRollback(Database database, ChangelogInspector inspector) {
    this.database = database;
    this.inspector = inspector;
  }

  /**
   * Every recorded changeset of {@code versions}, newest version first and, within a version, last run first;
   * whatever its contexts or labels, since a rollback undoes what ran, not what this run would select.
   */
  List<RollbackChangeset> candidates(Module module, List<Version> newestFirst) throws Exception {
    Map<String, RanChangeSet> ran = inspector.ran();
    RollbackSql sql = new RollbackSql(database);
    List<RollbackChangeset> all = new ArrayList<>();
    for (Version version : newestFirst) {
      String path = DatabaseChangeLog.normalizePath(inspector.relativePath(module, version));
      List<RollbackChangeset> ofVersion = new ArrayList<>();
      Set<String> inCode = new HashSet<>();
      for (ChangeSet changeset : inspector.parse(path).getChangeSets()) {
        String id = changeset.toString(false);
        inCode.add(id);
        RanChangeSet record = ran.get(id);
        if (record != null) {
          parsed.put(id, changeset);
          ofVersion.add(sql.of(changeset, version, order(record)));
        }
      }
      ran.forEach((id, record) -> {
        if (DatabaseChangeLog.normalizePath(record.getChangeLog()).equals(path) && !inCode.contains(id)) {
          ofVersion.add(new RollbackChangeset(id, version, order(record), Optional.of("it is recorded as"
              + " run, but " + path + " no longer contains it, so nothing says how to undo it: put it back as it was,"
              + " or remove its record with setup-runner mark --not-applied once its changes are gone"),
              List.of(), List.of()));
        }
      });
      ofVersion.sort(Comparator.comparingInt(RollbackChangeset::ranOrder).reversed());
      all.addAll(ofVersion);
    }
    return all;
  }

  private static int order(RanChangeSet record) {
    return record.getOrderExecuted() == null ? 0 : record.getOrderExecuted();
  }

  /**
   * Rolls back {@code changesets}, in the order given; each must come from {@link #candidates}. The listener
   * hears {@code versionStarting} before a version's first, {@code beforeChangeset} before its rollback runs,
   * {@code afterChange} once it ran and before its record is removed, {@code afterChangeset} once removed.
   */
  void run(Module module, List<RollbackChangeset> changesets, ChangesetListener listener) throws Exception {
    ChangeLogHistoryService history = inspector.history();
    Version current = null;
    try {
      for (RollbackChangeset next : changesets) {
        if (!next.version().equals(current)) {
          current = next.version();
          listener.versionStarting(new PendingVersion(module, current));
        }
        ChangeSet changeset = parsed.get(next.changeset());
        listener.beforeChangeset(next.changeset(), false);
        try {
          changeset.rollback(database, null);
        } catch (RollbackFailedException e) {
          throw new SetupRunnerException(ErrorKind.CHANGESET_FAILED, "Rolling back changeset " + next.changeset()
              + " of module " + module.name() + " " + current + " failed: " + LiquibaseErrors.rootMessage(e), e);
        }
        listener.afterChange(next.changeset());
        history.removeFromHistory(changeset);
        database.commit();
        listener.afterChangeset(next.changeset());
      }
    } finally {
      inspector.historyWritten();
    }
  }
}
