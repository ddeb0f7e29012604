package io.setuprunner.upgrade;

import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.lock.DeployLock;
import io.setuprunner.lock.Lease;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.migrate.ChangesetListener;
import io.setuprunner.migrate.Verification;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.state.Resolution;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.RunStatus;
import io.setuprunner.state.StateStores;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import io.setuprunner.upgrade.UpgradeReport.AppliedVersion;
import io.setuprunner.upgrade.UpgradeRunner.Options;
import io.setuprunner.upgrade.UpgradeRunner.Runner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** One run under the lock: executes the plan and keeps the run-history row and the lock's progress current. */
final class RunUnderLock implements ChangesetListener {
  /** What every run under the lock works with, whoever holds the lock. */
  record Collaborators(StateStores state, Supplier<ChangelogExecutor> executors, ContractGuard guard, Clock clock,
      UpgradeListener listener) {}

  private final StateStores state;
  private final Supplier<ChangelogExecutor> executors;
  private final ContractGuard guard;
  private final Clock clock;
  private final UpgradeListener listener;
  private final DeployLock lock;
  private final Lease lease;
  private final long token;
  private final Runner runner;
  private final Options options;
  private final int interrupted;
  private final List<AppliedVersion> applied = new ArrayList<>();
  private final List<String> settled = new ArrayList<>();
  private final List<String> contractPending = new ArrayList<>();
  private RunProgress run;
  private int executed;

  private final Duration waited;

  RunUnderLock(Collaborators with, DeployLock lock, Lease lease, RunProgress run, long token, Runner runner,
      Options options, int interrupted, Duration waited) {
    this.state = with.state();
    this.executors = with.executors();
    this.guard = with.guard();
    this.clock = with.clock();
    this.listener = with.listener();
    this.waited = waited;
    this.lock = lock;
    this.lease = lease;
    this.run = run;
    this.token = token;
    this.runner = runner;
    this.options = options;
    this.interrupted = interrupted;
  }

  String runId() {
    return run.runId();
  }

  List<AppliedVersion> applied() {
    return List.copyOf(applied);
  }

  int executed() {
    return executed;
  }

  int interrupted() {
    return interrupted;
  }

  List<String> settled() {
    return List.copyOf(settled);
  }

  /** Versions whose expand changesets ran while their contract changesets wait. */
  List<String> contractPending() {
    return List.copyOf(contractPending);
  }

  /**
   * Executes the plan in this run's phase.
   *
   * @param closeOut record a run even with nothing to execute (an earlier run needs closing)
   * @return false when there was nothing to do in this phase and no run was recorded
   */
  boolean run(ModuleCatalog catalog, UpgradePlan plan, List<RunProgress> unsettled, boolean closeOut) {
    ChangelogExecutor executor = plan.isUpToDate() && unsettled.isEmpty() ? null : executors.get();
    try {
      // Read before anything runs: a broken changelog, an edited changeset or a contract the
      // serving nodes still need stops the run with nothing executed.
      Map<ModulePlan, Map<Version, List<ChangesetState>>> pending = inspectPending(executor, plan);
      requireNoDrift(executor, plan);
      if (options.phase().runsContract()) {
        requireContractAllowed(pending);
      }
      if (!closeOut && !hasWork(pending)) {
        pending.forEach((module, versions) -> versions.forEach((version, changesets) -> {
          if (changesets.stream().anyMatch(c -> !c.ran())) {
            contractPending.add(module.module().name() + " " + version);
          }
        }));
        return false;
      }
      lease.publish(run);
      state.runs().startRun(run, token, waited);
      execute(executor, catalog, pending, unsettled);
    } finally {
      if (executor != null) {
        executor.close();
      }
    }
    return true;
  }

  private Map<ModulePlan, Map<Version, List<ChangesetState>>> inspectPending(ChangelogExecutor executor,
      UpgradePlan plan) {
    Map<ModulePlan, Map<Version, List<ChangesetState>>> pending = new LinkedHashMap<>();
    for (ModulePlan module : plan.modules()) {
      Map<Version, List<ChangesetState>> versions = new LinkedHashMap<>();
      module.pending().forEach(v -> versions.put(v, executor.inspect(module.module(), v)));
      pending.put(module, versions);
    }
    return pending;
  }

  private void requireNoDrift(ChangelogExecutor executor, UpgradePlan plan) {
    if (executor == null) {
      return;
    }
    List<String> edited = new ArrayList<>();
    for (ModulePlan module : plan.modules()) {
      for (Version applied : module.module().changelogs().keySet()) {
        if (module.databaseVersion().map(db -> !applied.isNewerThan(db)).orElse(false)) {
          executor.inspect(module.module(), applied).stream().filter(ChangesetState::edited)
              .forEach(c -> edited.add(c.changeset()));
        }
      }
    }
    if (!edited.isEmpty()) {
      throw new SetupRunnerException(ErrorKind.CHECKSUM_DRIFT, "Changesets were edited after they ran: " + edited
          + ". Restore them as they were and put the change in a new changeset of a new version."
          + " Nothing was executed.");
    }
  }

  private void requireContractAllowed(Map<ModulePlan, Map<Version, List<ChangesetState>>> pending) {
    Map<String, Version> contracts = new LinkedHashMap<>();
    pending.forEach((module, versions) -> versions.forEach((version, changesets) -> {
      if (changesets.stream().anyMatch(c -> c.contract() && !c.ran())) {
        contracts.merge(module.module().name(), version, (a, b) -> a.isNewerThan(b) ? b : a);
      }
    }));
    guard.check(contracts, options.force());
  }

  private boolean hasWork(Map<ModulePlan, Map<Version, List<ChangesetState>>> pending) {
    for (Map<Version, List<ChangesetState>> versions : pending.values()) {
      for (List<ChangesetState> changesets : versions.values()) {
        boolean runnable = changesets.stream().anyMatch(c -> !c.ran() && (options.phase().runsContract() || !c.contract()));
        boolean recordable = changesets.stream().allMatch(ChangesetState::ran);
        if (runnable || recordable) {
          return true;
        }
      }
    }
    return false;
  }

  private void execute(ChangelogExecutor executor, ModuleCatalog catalog,
      Map<ModulePlan, Map<Version, List<ChangesetState>>> pending, List<RunProgress> unsettled) {
    try {
      for (RunProgress dead : unsettled) {
        settle(executor, catalog, dead);
      }
      for (Map.Entry<ModulePlan, Map<Version, List<ChangesetState>>> module : pending.entrySet()) {
        Optional<Version> from = module.getKey().databaseVersion();
        for (Version version : module.getValue().keySet()) {
          if (!runVersion(executor, module.getKey(), from, version)) {
            break; // contract pending: later versions of this module wait for it
          }
          from = Optional.of(version);
        }
      }
    } catch (SetupRunnerException e) {
      if (e.kind() != ErrorKind.LOCK_LOST) {
        // A superseded run writes nothing more: the newer run owns the history now.
        state.runs().finishRun(run.runId(), e.kind() == ErrorKind.STOPPED ? RunStatus.INTERRUPTED : RunStatus.FAILED,
            clock.instant(), executed, message(e), token);
      }
      throw e;
    } catch (RuntimeException e) {
      state.runs().finishRun(run.runId(), RunStatus.FAILED, clock.instant(), executed, message(e), token);
      throw e;
    }
    state.runs().finishRun(run.runId(), RunStatus.SUCCEEDED, clock.instant(), executed, null, token);
  }

  /**
   * Settles the changeset an earlier runner died inside: recorded already, verified complete
   * (recorded now), verified absent (runs again), or undecidable (a person resolves it).
   */
  private void settle(ChangelogExecutor executor, ModuleCatalog catalog, RunProgress dead) {
    String changeset = dead.changeset();
    Instant now = clock.instant();
    String by = "run " + run.runId() + " (" + runner.user() + "@" + runner.host() + ")";
    if (executor.hasRun(changeset)) {
      state.resolutions().recordResolution(dead, Resolution.RECORDED, by, now, null, token);
      return;
    }
    Module module = catalog.find(dead.module()).orElseThrow(() -> new SetupRunnerException(
        ErrorKind.NEEDS_RESOLUTION, "Run " + dead.runId() + " died inside changeset " + changeset + " of module "
            + dead.module() + ", which this code no longer has. Check the database, then " + resolveHint(changeset)));
    Version version = Version.parse(dead.version());
    Verification verification = executor.verify(module, version, changeset);
    switch (verification.result()) {
      case APPLIED -> {
        requireLeaseAndFence("recording " + changeset + " as applied");
        executor.markApplied(module, version, changeset, "verified after interruption of run " + dead.runId());
        state.resolutions().recordResolution(dead, Resolution.VERIFIED_APPLIED, by, now, verification.detail(), token);
      }
      case NOT_APPLIED -> state.resolutions().recordResolution(dead, Resolution.VERIFIED_NOT_APPLIED, by, now,
          verification.detail(), token);
      case UNDETERMINED -> throw new SetupRunnerException(ErrorKind.NEEDS_RESOLUTION, "Run " + dead.runId()
          + " on " + dead.host() + " died inside changeset " + changeset + ", and the schema cannot say whether"
          + " it was applied (" + verification.detail() + "). Nothing was executed. Check the database, then "
          + resolveHint(changeset));
    }
    settled.add(changeset + ": " + verification.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  /** Runs one version in this phase; false when its contract changesets still wait (version not recorded). */
  private boolean runVersion(ChangelogExecutor executor, ModulePlan module, Optional<Version> from, Version version) {
    String name = module.module().name();
    Instant started = clock.instant();
    int before = executed;
    run = run.at(name, version.toString(), null);
    lease.publish(run);
    listener.versionStarted(name, from, version);
    executor.execute(module.module(), version, options.phase(), this);
    if (!options.phase().runsContract()
        && executor.inspect(module.module(), version).stream().anyMatch(c -> !c.ran())) {
      contractPending.add(name + " " + version);
      listener.versionExpanded(name, version, executed - before, Duration.between(started, clock.instant()));
      return false;
    }
    pause();
    requireLeaseAndFence("recording " + name + " " + version);
    // Only now have all of this version's changesets run: the module's version may advance.
    state.modules().recordModuleVersion(name, version, run.runId(), clock.instant(), token);
    AppliedVersion done = new AppliedVersion(name, version, executed - before,
        Duration.between(started, clock.instant()));
    applied.add(done);
    listener.versionFinished(done);
    return true;
  }

  @Override
  public void beforeChangeset(String changeset) {
    if (options.stop().isRequested()) {
      throw new SetupRunnerException(ErrorKind.STOPPED, "Stopped on request (SIGTERM) before changeset "
          + changeset + "; the run is recorded as interrupted and the next run resumes there.");
    }
    requireLeaseAndFence("changeset " + changeset);
    run = run.at(run.module(), run.version(), changeset);
    lease.publish(run);
    state.runs().recordProgress(run, executed, token);
    listener.changesetStarted(changeset);
  }

  @Override
  public void afterChange(String changeset) {
    pause();
    // The change is in the schema; its record is not yet. A superseded run must not write it.
    requireLeaseAndFence("recording changeset " + changeset);
  }

  @Override
  public void afterChangeset(String changeset) {
    executed++;
  }

  private void pause() {
    if (!options.debugPause().isZero()) {
      try {
        Thread.sleep(options.debugPause().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void requireLeaseAndFence(String next) {
    if (!lease.isHeld()) {
      throw new SetupRunnerException(ErrorKind.LOCK_LOST, "Lost the upgrade lock (" + lock.describe()
          + ") before " + next + "; stopped without doing it, because another runner may now hold the"
          + " lock. Run the upgrade again: it resumes where this run stopped.");
    }
    state.fence().checkFence(token, next);
  }

  private static String resolveHint(String changeset) {
    return "say what happened with one of: setup-runner resolve --applied '" + changeset + "' (its changes are"
        + " in place: record it as run) or setup-runner resolve --not-applied '" + changeset + "' (they are not:"
        + " run it again); then run the upgrade again.";
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
