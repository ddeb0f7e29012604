package io.setuprunner.upgrade;

import io.setuprunner.core.StopRequest;
import io.setuprunner.core.Text;
import io.setuprunner.plan.OutOfStep;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.plan.Planner;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.module.Version;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.setuprunner.lock.ExclusiveLock;
import io.setuprunner.serving.ServingRegistry;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetHistory;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStores;
import io.setuprunner.upgrade.UpgradeReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The upgrade, as a checklist: plan from code and database; if anything is pending, take the lock
 * through its template (fence, dead runs closed) and run {@link LockedUpgrade}'s steps: plan again
 * (another runner may have done the work meanwhile), pre-flight, record the start, settle changesets
 * that earlier runs died inside, execute, record the end; release; rebuild the config cache.
 */
public final class UpgradeRunner {
  private static final Logger log = LoggerFactory.getLogger(UpgradeRunner.class);
  /** Who is running: the parts of a run's identity that come from the process, not the run. */
  public record Runner(String host, long pid, String user, String release) {}

  /**
   * How the runner behaves, beyond what the catalog and the lock decide.
   *
   * @param force run contract changesets even while nodes still serve code that needs what they remove
   */
  /**
   * @param changelogFilters the contexts and labels in effect, in words, recorded with the run
   * @param backup the backup to take under the lock before the first changeset, when something is to run
   */
  public record Options(Duration lockTimeout, Duration debugPause, StopRequest stop, Phase phase, boolean force,
      String changelogFilters, BackupBeforeRun backup) {}

  private final StateStores state;
  private final ChangesetHistory history;
  private final Supplier<ExclusiveLock> locks;
  private final CacheRebuild cache;
  private final Clock clock;
  private final UpgradeListener listener;
  private final LockedUpgrade underLock;
  private final Planner planner = new Planner();

  /** @param locks opened only when something is pending: a no-op deploy never contacts the lock service */
  public UpgradeRunner(StateStores state, ChangesetHistory history, Supplier<ExclusiveLock> locks,
      Supplier<ChangelogExecutor> executors, Supplier<ServingRegistry> registries, CacheRebuild cache, Clock clock,
      UpgradeListener listener) {
    this.state = state;
    this.history = history;
    this.locks = locks;
    this.cache = cache;
    this.clock = clock;
    this.listener = listener;
    this.underLock = new LockedUpgrade(state, history, executors,
        new PreFlight(new ContractGuard(registries, listener)), listener, clock);
  }

  public UpgradeReport upgrade(ModuleCatalog catalog, Runner runner, Options options) {
    Instant start = clock.instant();
    Map<String, Version> recorded = state.modules().moduleVersions();
    OutOfStep outOfStep = OutOfStep.find(catalog, recorded, history.files());
    requireSomeCode(catalog, recorded);
    UpgradePlan plan = planner.plan(catalog, recorded, history::versions).requireDatabaseNotAhead();
    log.debug("Plan: {} module versions pending of {} modules", plan.pendingVersionCount(), catalog.modules().size());
    if (upToDate(plan)) {
      // The fast path: no lock, no Liquibase, no changelog parsing.
      return finish(catalog, runner, Outcome.NOTHING_PENDING, Optional.empty(),
          LockedUpgrade.Result.idle(List.of(), Duration.ZERO), start, outOfStep, Optional.empty());
    }
    RunProgress request = new RunProgress(
        UUID.randomUUID().toString(), runner.host(), runner.pid(), runner.release(), start, null, null, null);
    ExclusiveLock lock = locks.get();
    listener.waitingForLock(lock.describe(), lock.runInProgress());
    // A runner that waited finds the work done more often than not: then it hands the lock on untouched.
    LockedUpgrade.Result result = lock.runExclusivelyIfNeeded(request, options.lockTimeout(),
        () -> !nothingToDo(catalog), session -> {
          log.debug("Holding the lock as run {} with fencing token {}", session.run().runId(), session.token());
          return underLock.run(catalog, session, runner, options);
        }).orElseGet(() -> LockedUpgrade.Result.idle(List.of(), Duration.between(start, clock.instant())));
    if (!result.ran()) {
      return finish(catalog, runner, Outcome.VERIFIED_AFTER_WAIT, Optional.empty(), result, start, outOfStep,
          workedMeanwhile(start));
    }
    return finish(catalog, runner, Outcome.UPGRADED, Optional.of(request.runId()), result, start, outOfStep,
        Optional.empty());
  }

  /** An empty {@code changelogs/} against an installed database is a broken deploy, not an application without modules. */
  private static void requireSomeCode(ModuleCatalog catalog, Map<String, Version> recorded) {
    if (catalog.modules().isEmpty() && !recorded.isEmpty()) {
      throw new SetupRunnerException(ErrorKind.INVALID_MODULES, "The code has no modules (changelogs/ is empty),"
          + " but the database has " + recorded.size() + " installed: " + recorded.keySet() + ". A config cache"
          + " without them would break the application, so none was written. Check that the deploy copied"
          + " changelogs/ and that --root names the application. Nothing was executed.");
    }
  }

  /** The run that did the work while this runner waited for the lock, described for the summary. */
  private Optional<String> workedMeanwhile(Instant waitingSince) {
    return state.runs().latestRun()
        .filter(r -> r.status() == RunStatus.SUCCEEDED && r.finishedAt().map(f -> f.isAfter(waitingSince)).orElse(false))
        .map(r -> "run " + r.progress().runId() + " on " + r.progress().host()
            + (r.progress().release() == null ? "" : " (release " + r.progress().release() + ")") + " upgraded "
            + Text.plural(state.modules().modulesRecordedBy(r.progress().runId()), "module") + " ("
            + Text.plural(r.changesetsExecuted(), "changeset") + ") while this one waited");

  }


  /** Nothing pending and nothing to close out: what the fast path checks, and a waiter once it holds the lock. */
  private boolean nothingToDo(ModuleCatalog catalog) {
    return upToDate(planner.plan(catalog, state.modules().moduleVersions(), history::versions)
        .requireDatabaseNotAhead());
  }

  private boolean upToDate(UpgradePlan plan) {
    return plan.isUpToDate() && lastRunSucceeded(state);
  }

  /** No run yet, or the latest one succeeded: otherwise a run must close out the failed or interrupted one. */
  static boolean lastRunSucceeded(StateStores state) {
    return state.runs().latestRun().map(r -> r.status() == RunStatus.SUCCEEDED).orElse(true);
  }

  private UpgradeReport finish(ModuleCatalog catalog, Runner runner, Outcome outcome, Optional<String> runId,
      LockedUpgrade.Result result, Instant start, OutOfStep outOfStep, Optional<String> byOther) {
    // The upgrade is done and recorded whatever happens to the cache: its summary must still be told.
    CacheRebuild.Outcome rebuilt;
    Optional<String> cacheFailure = Optional.empty();
    try {
      rebuilt = cache.rebuild(catalog, runner.release());
    } catch (SetupRunnerException e) {
      if (e.kind() != ErrorKind.CACHE_FAILED) {
        throw e;
      }
      rebuilt = new CacheRebuild.Outcome(null, Optional.empty());
      cacheFailure = Optional.of(e.getMessage());
    }
    return new UpgradeReport(outcome, runId, result.executed().applied(), result.executed().changesets(),
        result.interruptedRunsClosed(), result.settled(), result.contractPending(), result.waited(),
        Duration.between(start, clock.instant()), rebuilt.file(), rebuilt.command(), cacheFailure, outOfStep, byOther,
        result.backup());
  }


}
