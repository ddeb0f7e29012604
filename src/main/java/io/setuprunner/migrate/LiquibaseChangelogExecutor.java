package io.setuprunner.migrate;

import io.setuprunner.core.ChangelogSelection;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.module.Module;
import io.setuprunner.module.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.exception.DatabaseException;
import liquibase.exception.ValidationFailedException;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Runs changelogs with Liquibase over one connection. Changelog paths are given relative to
 * {@code changelogs/}, so a changeset's identity ({@code Vendor_Module/1.0.0.xml::id::author}) does
 * not depend on where the release is deployed.
 */
public final class LiquibaseChangelogExecutor implements ChangelogExecutor {
  public static final String HISTORY_TABLE = "setup_runner_changelog";
  private static final boolean READING = true;
  private static final boolean WRITING = false;

  private final Path changelogsDir;
  private final ChangelogSelection selection;
  private final Database database;
  private final ChangelogInspector inspector;
  private final ChangelogRollback rollback;
  private final ChangesetConnection connection;

  public LiquibaseChangelogExecutor(Connection connection, Path changelogsDir, ChangelogSelection selection) {
    this(connection, changelogsDir, selection, java.time.Duration.ZERO);
  }

  /**
   * @param idleTimeout while changesets run, the server ends this connection once it sits idle this long (its
   *     {@code wait_timeout}): a runner stalled inside a changeset loses its open transaction even if no other
   *     runner ends it; zero leaves the server's setting
   */
  public LiquibaseChangelogExecutor(Connection connection, Path changelogsDir, ChangelogSelection selection,
      java.time.Duration idleTimeout) {
    this.selection = selection;
    this.connection = new ChangesetConnection(connection, idleTimeout);
    this.changelogsDir = changelogsDir.toAbsolutePath().normalize();
    try {
      // Inside our scope, so that even Liquibase's connection probing logs through SLF4J.
      this.database = Scope.child(scopeValues(new DirectoryResourceAccessor(this.changelogsDir), READING), () -> {
        FrozenConfigurationSources.install();
        return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(this.connection);
      });
    } catch (Exception e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Liquibase cannot use the database: " + e.getMessage(), e);
    }
    database.setDatabaseChangeLogTableName(HISTORY_TABLE);
    database.setDatabaseChangeLogLockTableName(HISTORY_TABLE + "_lock");
    this.inspector = new ChangelogInspector(database, this.changelogsDir, selection);
    this.rollback = new ChangelogRollback(database, inspector);
  }

  @Override
  public boolean hasRun(String changeset) {
    return inScope(READING, () -> inspector.hasRun(changeset), e -> unavailable("read the changeset history", e));
  }

  @Override
  public Verification verify(Module module, Version version, String changeset) {
    return inScope(READING, () -> inspector.verify(module, version, changeset),
        e -> unavailable("verify changeset " + changeset, e));
  }

  @Override
  public void markApplied(Module module, Version version, String changeset, String comment) {
    inScope(WRITING, () -> {
      ChangeSet found = inspector.find(module, version, changeset);
      found.setComments(comment);
      inspector.historyWritten();
      inspector.history().setExecType(found, ChangeSet.ExecType.MARK_RAN);
      database.commit();
      return null;
    }, e -> unavailable("record changeset " + changeset + " as applied", e));
  }

  @Override
  public void markNotApplied(Module module, Version version, String changeset) {
    inScope(WRITING, () -> {
      ChangeSet found = inspector.find(module, version, changeset);
      inspector.historyWritten();
      inspector.history().removeFromHistory(found);
      database.commit();
      return null;
    }, e -> unavailable("remove changeset " + changeset + " from the history", e));
  }

  @Override
  public List<ChangesetState> inspect(Module module, Version version) {
    return inScope(READING, () -> inspector.inspect(module, version),
        e -> unreadable(module, version, e, "Nothing was executed."));
  }

  @Override
  public List<ChangesetPreview> preview(Module module, Version version) {
    SqlPreview preview = new SqlPreview(database);
    return inScope(READING, () -> inspector.pending(module, version).stream().map(preview::of).toList(),
        e -> unreadable(module, version, e, "Nothing was executed."));
  }

  @Override
  public List<RollbackChangeset> rollbackCandidates(Module module, List<Version> newestFirst) {
    return inScope(READING, () -> rollback.candidates(module, newestFirst),
        e -> unreadable(module, newestFirst.get(0), e, "Nothing was rolled back."));
  }

  @Override
  public void rollback(Module module, List<RollbackChangeset> changesets, ChangesetListener listener) {
    tellConnection(listener);
    inScope(WRITING, () -> {
      rollback.run(module, changesets, listener);
      return null;
    }, e -> unavailable("roll back " + module.name(), e));
  }

  @Override
  public List<CatalogChangeset> changesets(Module module, Version version) {
    return inScope(READING, () -> inspector.changesets(module, version),
        e -> unreadable(module, version, e, "Nothing was changed."));
  }

  /**
   * Runs {@code work} in Liquibase's scope over the changelogs directory. Setup Runner's own exceptions pass
   * as they are; any other becomes {@code failure}'s.
   */
  private <T> T inScope(boolean readOnly, Scope.ScopedRunnerWithReturn<T> work,
      Function<Exception, SetupRunnerException> failure) {
    try {
      return Scope.child(scopeValues(new DirectoryResourceAccessor(changelogsDir), readOnly), work);
    } catch (SetupRunnerException e) {
      throw e;
    } catch (Exception e) {
      throw failure.apply(e);
    }
  }

  private static SetupRunnerException unavailable(String what, Exception e) {
    if (io.setuprunner.state.AccessDenied.is(e)) {
      return io.setuprunner.state.AccessDenied.explain(what, e);
    }
    return new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not " + what + ": " + LiquibaseErrors.rootMessage(e),
        e);
  }

  private SetupRunnerException unreadable(Module module, Version version, Exception e, String nothingDone) {
    return new SetupRunnerException(ErrorKind.INVALID_MODULES, "Changelog " + inspector.relativePath(module, version)
        + " of module " + module.name() + " " + version + " cannot be read: " + LiquibaseErrors.rootMessage(e)
        + (LiquibaseErrors.missingExtension(e) ? " If that change type or schema comes from a Liquibase extension,"
            + " put the extension's jar in the runner's ext/ directory (docs/install.md, \"Liquibase extensions\");"
            + " otherwise fix the changelog." : " Fix the changelog.") + " " + nothingDone, e);
  }

  @Override
  public List<String> validate(List<PendingVersion> versions) {
    if (versions.isEmpty()) {
      return List.of();
    }
    try (PlanChangelog plan = new PlanChangelog(versions.stream()
        .map(v -> inspector.relativePath(v.module(), v.version())).toList())) {
      return Scope.child(scopeValues(plan.accessor(changelogsDir), READING), () -> {
        try {
          inspector.parse(PlanChangelog.FILE).validate(database, new Contexts(selection.contexts()),
              new LabelExpression(selection.labels()));
          return List.<String>of();
        } catch (ValidationFailedException invalid) {
          return LiquibaseErrors.problemLines(invalid);
        }
      });
    } catch (Exception e) {
      PendingVersion first = versions.get(0);
      throw unreadable(first.module(), first.version(), e, "Nothing was changed.");
    }
  }

  @Override
  public void createHistoryTable() {
    inScope(WRITING, () -> {
      inspector.history();
      database.commit();
      return null;
    }, e -> unavailable("create the changeset history table", e));
  }

  @Override
  public void execute(Module module, Version version, Phase phase, ChangesetListener listener) {
    executeAll(List.of(new PendingVersion(module, version)), phase, listener);
  }

  @Override
  public void executeAll(List<PendingVersion> versions, Phase phase, ChangesetListener listener) {
    if (versions.isEmpty()) {
      return;
    }
    Map<String, PendingVersion> byChangelog = new java.util.LinkedHashMap<>();
    versions.forEach(v -> byChangelog.put(inspector.relativePath(v.module(), v.version()), v));
    // Every version runs parsed as the inspection parsed it: same parameters, same filters.
    byChangelog.forEach((path, v) -> {
      if (!inspector.inspected().containsKey(DatabaseChangeLog.normalizePath(path))) {
        inspect(v.module(), v.version());
      }
    });
    // A changeset names the file it is written in, which for an included file is not the version's changelog.
    Map<String, PendingVersion> byFile = new java.util.HashMap<>();
    byChangelog.forEach((path, v) -> inspector.inspected().get(DatabaseChangeLog.normalizePath(path)).getChangeSets()
        .forEach(cs -> byFile.putIfAbsent(cs.getFilePath(), v)));
    ChangesetTracker tracker = new ChangesetTracker(listener, byFile, connection);
    tellConnection(listener);
    try (PlanChangelog plan = new PlanChangelog(byChangelog.keySet())) {
      Map<String, Object> scope = scopeValues(plan.accessor(changelogsDir), WRITING);
      scope.put(InspectedChangelogs.SCOPE_KEY, inspector.inspected()); // handed out one by one, cleared below
      Scope.child(scope, () -> update(PlanChangelog.FILE, phase, tracker));
    } catch (Exception e) {
      PendingVersion failed = tracker.version() == null ? versions.get(0) : tracker.version();
      throw LiquibaseErrors.translate(e, failed.module(), failed.version(),
          inspector.relativePath(failed.module(), failed.version()), tracker.current());
    } finally {
      inspector.inspected().clear();
      inspector.historyWritten();
    }
  }

  private void update(String changelog, Phase phase, ChangesetTracker tracker) throws Exception {
    if (!inspector.historyTableFound()) {
      // Reading found no table and Liquibase's history service remembers that; the update creates it.
      ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).reset();
    }
    CommandScope update = new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
        .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, tracker)
        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF);
    // Always given, even empty: Liquibase would otherwise take them from LIQUIBASE_* variables, which the
    // inspection does not read.
    update.addArgumentValue(UpdateCommandStep.CONTEXTS_ARG, selection.contexts());
    update.addArgumentValue(UpdateCommandStep.LABEL_FILTER_ARG, phase.labelFilter(selection.labels()));
    update.execute();
  }

  /**
   * @param readOnly for reading changelogs and the history: Liquibase's include creates the history table when
   *     it finds none ({@link IndexedChangeLogHistoryService#READ_ONLY}), and {@code status} must change nothing
   */
  private Map<String, Object> scopeValues(ResourceAccessor accessor, boolean readOnly) {
    // Liquibase reads the resource accessor, UI and log service from its scope, not from arguments.
    Map<String, Object> values = new java.util.HashMap<>(Map.of(
        Scope.Attr.resourceAccessor.name(), accessor,
        Scope.Attr.ui.name(), new LoggerUIService(),
        Scope.Attr.logService.name(), new Slf4jLogService(),
        // A deploy hook must make no network calls of its own: Liquibase analytics stay off
        // (and Liquibase's note that they are off stays below the default log level).
        AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE,
        AnalyticsArgs.LOG_LEVEL.getKey(), java.util.logging.Level.FINE));
    if (database != null) {
      // Parsing and checksums depend on the database (dbms attributes): the inspection sees what the update sees.
      values.put(Scope.Attr.database.name(), database);
    }
    if (readOnly) {
      values.put(IndexedChangeLogHistoryService.READ_ONLY, Boolean.TRUE);
    }
    return values;
  }

  /**
   * Tells {@code listener} which server connection the changesets run on (for its heartbeat, and for a runner
   * that takes over to end it), and gives that connection its idle timeout.
   */
  private void tellConnection(ChangesetListener listener) {
    long id;
    try {
      id = connection.prepare();
    } catch (java.sql.SQLException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not prepare the database connection for the"
          + " changesets: " + e.getMessage() + ". Nothing was executed.", e);
    }
    listener.executingOn(id);
  }

  @Override
  public void close() {
    connection.restoreIdleTimeout();
    try {
      database.close();
    } catch (DatabaseException ignore) {
      // ignore: closing returns the connection; a broken one is discarded by the pool
    }
  }
}
