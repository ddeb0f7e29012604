package io.setuprunner.migrate;

import io.setuprunner.core.ChangelogSelection;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.module.Module;
import io.setuprunner.module.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.change.ChangeStatus;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.IgnoreChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ResourceAccessor;

/**
 * Reads module changelogs the way the update will (same parameters, contexts, labels and database) and
 * compares their changesets with the history. Every method must run inside the executor's Liquibase scope.
 */
final class ChangelogInspector {
  private final Database database;
  private final Path changelogsDir;
  private final ChangelogSelection selection;
  /** The filters a changeset must pass to be part of a run: as Liquibase's update applies them. */
  private final List<ChangeSetFilter> filters;
  /** Changelogs parsed by {@link #inspect}, by normalized path, until the pass that executes them. */
  private final Map<String, DatabaseChangeLog> inspected = new HashMap<>();
  /** The history by changeset id, read once; dropped whenever the history is written. */
  private Map<String, RanChangeSet> ran;
  private boolean historyTableExists;

  ChangelogInspector(Database database, Path changelogsDir, ChangelogSelection selection) {
    this.database = database;
    this.changelogsDir = changelogsDir;
    this.selection = selection;
    this.filters = List.of(new ContextChangeSetFilter(new Contexts(selection.contexts())),
        new LabelChangeSetFilter(new LabelExpression(selection.labels())), new DbmsChangeSetFilter(database),
        new IgnoreChangeSetFilter());
  }

  /** The parameters a parse starts from: the settings' first, so that they win over a changelog's own. */
  ChangeLogParameters parameters() {
    ChangeLogParameters parameters = new ChangeLogParameters(database);
    parameters.setContexts(new Contexts(selection.contexts()));
    parameters.setLabels(new LabelExpression(selection.labels()));
    selection.parameters().forEach(parameters::set);
    return parameters;
  }

  DatabaseChangeLog parse(String path) throws Exception {
    ResourceAccessor accessor = Scope.getCurrentScope().getResourceAccessor();
    return ChangeLogParserFactory.getInstance().getParser(path, accessor).parse(path, parameters(), accessor);
  }

  /** Every changeset of the version that the selection and the database select, with what the history says. */
  List<ChangesetState> inspect(Module module, Version version) throws Exception {
    String path = relativePath(module, version);
    DatabaseChangeLog changelog = parse(path);
    inspected.put(DatabaseChangeLog.normalizePath(path), changelog);
    Map<String, RanChangeSet> history = ran();
    List<ChangesetState> states = new ArrayList<>();
    for (ChangeSet cs : changelog.getChangeSets()) {
      if (!selected(cs)) {
        continue;
      }
      String id = cs.toString(false);
      RanChangeSet record = history.get(id);
      boolean contract = cs.getLabels() != null && cs.getLabels().getLabels().contains(Phase.CONTRACT_LABEL);
      boolean changed = record != null && record.getLastCheckSum() != null
          && !cs.isCheckSumValid(record.getLastCheckSum());
      // As in plain Liquibase: runAlways runs in every pass over its version, runOnChange again once edited.
      boolean runsAgain = cs.isAlwaysRun() || (cs.isRunOnChange() && changed);
      states.add(new ChangesetState(id, contract, record != null && !runsAgain, changed && !cs.isRunOnChange(),
          cs.isAlwaysRun() || cs.isRunOnChange()));
    }
    return states;
  }

  /**
   * The changesets of the version an upgrade would run, in order: selected, and not run yet or run again
   * (runAlways, an edited runOnChange), as {@link #inspect} judges them.
   */
  List<ChangeSet> pending(Module module, Version version) throws Exception {
    Map<String, RanChangeSet> history = ran();
    List<ChangeSet> pending = new ArrayList<>();
    for (ChangeSet cs : parse(relativePath(module, version)).getChangeSets()) {
      RanChangeSet record = history.get(cs.toString(false));
      boolean changed = record != null && record.getLastCheckSum() != null
          && !cs.isCheckSumValid(record.getLastCheckSum());
      if (selected(cs) && (record == null || cs.isAlwaysRun() || (cs.isRunOnChange() && changed))) {
        pending.add(cs);
      }
    }
    return pending;
  }

  /** The version's changesets that the selection and the database select, without reading the history. */
  List<CatalogChangeset> changesets(Module module, Version version) throws Exception {
    return parse(relativePath(module, version)).getChangeSets().stream().filter(this::selected)
        .map(cs -> new CatalogChangeset(module.name(), version, DatabaseChangeLog.normalizePath(cs.getFilePath()),
            cs.getId(), cs.getAuthor()))
        .toList();
  }

  private boolean selected(ChangeSet changeset) {
    return filters.stream().allMatch(f -> f.accepts(changeset).isAccepted());
  }

  /** The changelogs {@link #inspect} parsed, handed to the update that runs them; cleared once it ran. */
  Map<String, DatabaseChangeLog> inspected() {
    return inspected;
  }

  ChangeSet find(Module module, Version version, String changeset) throws Exception {
    String path = relativePath(module, version);
    return parse(path).getChangeSets().stream().filter(cs -> cs.toString(false).equals(changeset)).findFirst()
        .orElseThrow(() -> new SetupRunnerException(ErrorKind.INVALID_MODULES, "Changeset " + changeset
            + " was interrupted, but " + path + " no longer contains it. Restore it as it was, or tell Setup"
            + " Runner what happened with: setup-runner resolve --applied|--not-applied '" + changeset + "'."));
  }

  /** Asks the live schema, change by change, whether an interrupted changeset's changes are there. */
  Verification verify(Module module, Version version, String changeset) throws Exception {
    ChangeSet found = find(module, version, changeset);
    List<String> done = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Change change : found.getChanges()) {
      ChangeStatus status = change.checkStatus(database);
      String what = change.getSerializedObjectName() + " (" + status.getMessage() + ")";
      switch (status.getStatus()) {
        case complete -> done.add(what);
        case notApplied -> missing.add(what);
        default -> unknown.add(what);
      }
    }
    if (unknown.isEmpty() && missing.isEmpty()) {
      return new Verification(Verification.Result.APPLIED, "complete: " + done);
    }
    if (unknown.isEmpty() && done.isEmpty()) {
      return new Verification(Verification.Result.NOT_APPLIED, "not applied: " + missing);
    }
    String why = found.getChanges().stream().anyMatch(c -> c instanceof liquibase.change.AbstractSQLChange)
        && !TransactionalChangesets.transactional(found) ? "its raw SQL holds statements the server commits on its own (DDL), so its record cannot share their"
            + " transaction; " : "";
    return new Verification(Verification.Result.UNDETERMINED, why + (done.isEmpty() ? "" : "applied: " + done + "; ")
        + (missing.isEmpty() ? "" : "not applied: " + missing + "; ")
        + (unknown.isEmpty() ? "" : "cannot be checked: " + unknown));
  }

  boolean hasRun(String changeset) throws Exception {
    return ran().containsKey(changeset);
  }

  /** The history changed: read it again when next asked. */
  void historyWritten() {
    ran = null;
  }

  ChangeLogHistoryService history() throws Exception {
    ChangeLogHistoryService history = ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database);
    history.init();
    return history;
  }

  String relativePath(Module module, Version version) {
    Path changelog = module.changelogs().get(version);
    return changelogsDir.relativize(changelog.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** What the history records, without creating its table: {@code status} must change nothing. */
  Map<String, RanChangeSet> ran() throws Exception {
    if (ran == null) {
      Map<String, RanChangeSet> byId = new HashMap<>();
      if (historyTableExists()) {
        for (RanChangeSet r : history().getRanChangeSets()) {
          byId.put(ChangesetId.of(r.getChangeLog(), r.getId(), r.getAuthor()), r);
        }
      }
      ran = byId;
    }
    return ran;
  }

  /** Whether the last look found the history table; false before the first look. */
  boolean historyTableFound() {
    return historyTableExists;
  }

  private boolean historyTableExists() throws Exception {
    // Once the table exists it stays, so look it up only until then.
    if (!historyTableExists) {
      Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
      try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM information_schema.tables"
          + " WHERE table_schema = DATABASE() AND table_name = ?")) {
        ps.setString(1, LiquibaseChangelogExecutor.HISTORY_TABLE);
        try (ResultSet rs = ps.executeQuery()) {
          historyTableExists = rs.next();
        }
      }
    }
    return historyTableExists;
  }
}
