package io.setuprunner.migrate;

import java.util.ArrayList;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.ChangeFactory;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.precondition.Precondition;
import liquibase.precondition.core.PreconditionContainer;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

/**
 * The SQL a changeset would run, from Liquibase's SQL generation, without running or recording anything.
 * What generation cannot know before the run is named instead, so that a preview never leaves it out.
 */
final class SqlPreview {
  private final Database database;

  SqlPreview(Database database) {
    this.database = database;
  }

  ChangesetPreview of(ChangeSet changeset) {
    List<String> sql = new ArrayList<>();
    List<String> notShown = new ArrayList<>();
    PreconditionContainer preconditions = changeset.getPreconditions();
    if (preconditions != null && !preconditions.getNestedPreconditions().isEmpty()) {
      notShown.add("preconditions " + names(preconditions.getNestedPreconditions()) + " are checked when it runs"
          + " (onFail " + preconditions.getOnFail() + ", onError " + preconditions.getOnError() + "): the SQL below"
          + " runs only if they pass");
    }
    for (Change change : changeset.getChanges()) {
      String name = ChangeFactory.getInstance().getChangeMetaData(change).getName();
      try {
        if (change.generateStatementsVolatile(database)) {
          notShown.add(name + ": its SQL depends on what it finds when it runs (" + change.getDescription() + ")");
          continue;
        }
        append(change.generateStatements(database), database, sql);
      } catch (Exception | LinkageError e) {
        notShown.add(name + ": SQL generation cannot show it before the run (" + e.getMessage() + ")");
      }
    }
    boolean contract = changeset.getLabels() != null
        && changeset.getLabels().getLabels().contains(Phase.CONTRACT_LABEL);
    return new ChangesetPreview(changeset.toString(false), contract, sql, notShown);
  }

  /** Adds the SQL of {@code statements} to {@code sql}, each statement ending with its delimiter. */
  static void append(SqlStatement[] statements, Database database, List<String> sql) {
    for (SqlStatement statement : statements) {
      for (Sql line : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
        String text = line.toSql();
        String delimiter = line.getEndDelimiter() == null ? ";" : line.getEndDelimiter();
        sql.add(text.endsWith(delimiter) ? text : text + delimiter);
      }
    }
  }

  private static String names(List<Precondition> preconditions) {
    return preconditions.stream().map(Precondition::getName).toList().toString();
  }
}
