package io.setuprunner.migrate;

import io.setuprunner.module.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.change.core.EmptyChange;
import liquibase.change.core.RawSQLChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;

/**
 * Whether a changeset can be rolled back, and the SQL its rollback would run, as Liquibase's rollback would
 * generate it: the changeset's own {@code <rollback>} when it has one, else each change's inverse, last change
 * first. Reads nothing from the database and writes nothing.
 */
final class RollbackSql {
  private final Database database;

  RollbackSql(Database database) {
    this.database = database;
  }

  RollbackChangeset of(ChangeSet changeset, Version version, int ranOrder) {
    String id = changeset.toString(false);
    List<String> sql = new ArrayList<>();
    List<String> notShown = new ArrayList<>();
    if (changeset.hasCustomRollbackChanges()) {
      for (Change change : changeset.getRollback().getChanges()) {
        if (!ignored(change)) {
          add(change, false, sql, notShown);
        }
      }
      return new RollbackChangeset(id, version, ranOrder, Optional.empty(), sql, notShown);
    }
    List<String> cannot = changeset.getChanges().stream().filter(c -> !c.supportsRollback(database))
        .map(RollbackSql::name).distinct().toList();
    if (!cannot.isEmpty()) {
      return new RollbackChangeset(id, version, ranOrder, Optional.of("it has no <rollback>, and its "
          + String.join(", ", cannot) + (cannot.size() == 1 ? " change does not undo itself" : " changes do not"
          + " undo themselves") + ": give it a <rollback> with the SQL or changes that undo it"
          + " (an empty <rollback/> when nothing needs undoing)"), List.of(), List.of());
    }
    List<Change> changes = new ArrayList<>(changeset.getChanges());
    Collections.reverse(changes);
    for (Change change : changes) {
      add(change, true, sql, notShown);
    }
    return new RollbackChangeset(id, version, ranOrder, Optional.empty(), sql, notShown);
  }

  /** What Liquibase's rollback skips: an empty {@code <rollback/>} or the formatted-SQL keyword {@code empty}. */
  private static boolean ignored(Change change) {
    return change instanceof EmptyChange
        || (change instanceof RawSQLChange raw && "empty".equalsIgnoreCase(raw.getSql()));
  }

  private void add(Change change, boolean inverse, List<String> sql, List<String> notShown) {
    try {
      if (!inverse && change.generateStatementsVolatile(database)) {
        notShown.add(name(change) + ": its SQL depends on what it finds when it runs (" + change.getDescription()
            + ")");
        return;
      }
      SqlPreview.append(inverse ? change.generateRollbackStatements(database) : change.generateStatements(database),
          database, sql);
    } catch (Exception | LinkageError e) {
      notShown.add(name(change) + ": SQL generation cannot show it before the rollback (" + e.getMessage() + ")");
    }
  }

  private static String name(Change change) {
    return ChangeFactory.getInstance().getChangeMetaData(change).getName();
  }
}
