package io.setuprunner.command;

import io.setuprunner.config.BackupSettings;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.lock.LockSession;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.RollbackChangeset;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.plan.RollbackCheck;
import io.setuprunner.state.RunStatus;
import io.setuprunner.upgrade.Heartbeat;
import io.setuprunner.upgrade.RollbackExecution;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code setup-runner rollback MODULE --to VERSION}: undoes a module's recorded changesets above {@code VERSION},
 * newest first, with Liquibase's rollback, under the lock and the fence, recorded as a ROLLBACK run. It checks
 * first that every changeset has a rollback and that no dependent module ran changesets since, and executes
 * nothing unless both hold. {@code --dry-run} shows the rollback SQL and takes no lock.
 */
public final class RollbackCommand {
  /**
   * @param reason why, recorded with the run; may be empty
   * @param backup take a backup first even when backup.before-upgrade is never
   */
  public record Request(String module, Version to, boolean dryRun, boolean json, String reason, boolean backup)
      implements CommandRequest {}

  /**
   * What was rolled back, or with {@code dryRun} what would be.
   *
   * @param from the module's recorded version before; empty when it was not installed
   * @param changesets in the order undone; empty: nothing above {@code to} is recorded
   * @param nowAt the module's recorded version after; empty when no version is left
   */
  public record Result(String module, Optional<Version> from, Version to, List<RollbackChangeset> changesets,
      boolean dryRun, Optional<String> backup, Optional<Version> nowAt, Duration took) {
    public Result {
      changesets = List.copyOf(changesets);
    }
  }

  private final Resources resources;
  private final UpgradeListener listener;
  private final StopRequest stop;

  public RollbackCommand(Resources resources, UpgradeListener listener, StopRequest stop) {
    this.resources = resources;
    this.listener = listener;
    this.stop = stop;
  }

  public Result run(Request request) {
    ModuleCatalog catalog = resources.catalog();
    Module module = catalog.find(request.module()).orElseThrow(() -> new SetupRunnerException(ErrorKind.USAGE,
        "No module '" + request.module() + "' in the code under " + resources.config().root() + "; its modules are "
            + catalog.modules().stream().map(Module::name).toList() + ". Roll back from the release that has the"
            + " module's newer changelogs: they hold the rollback instructions."));
    resources.startConnecting();
    Instant started = resources.clock().instant();
    // Checked before the lock too: a rollback that is refused says so at once, not after waiting for the lock.
    try (ChangelogExecutor executor = resources.executor()) {
      Checked checked = check(catalog, module, request, executor);
      if (request.dryRun()) {
        return new Result(module.name(), checked.from(), request.to(), checked.changesets(), true, Optional.empty(),
            checked.nowAt(), Duration.between(started, resources.clock().instant()));
      }
    }
    UpgradeRunner.Runner runner = resources.runner();
    String by = runner.user() + "@" + runner.host();
    var lock = resources.exclusiveLock();
    listener.notice("Rolling back " + module.name() + " to " + request.to() + "; " + lock.runInProgress()
        .map(holder -> "waiting for the lock (" + lock.describe() + ") held by " + holder.describe())
        .orElse("taking the lock (" + lock.describe() + ")"));
    return lock.runExclusively(resources.newRun(), resources.config().lockTimeout(), session -> {
      listener.lockAcquired(session.waited());
      try (ChangelogExecutor executor = resources.executor()) {
        Checked checked = check(catalog, module, request, executor);
        if (checked.changesets().isEmpty()) {
          return new Result(module.name(), checked.from(), request.to(), List.of(), false, Optional.empty(),
              checked.from(), Duration.between(started, resources.clock().instant()));
        }
        Optional<String> backup = backup(request, session);
        String note = "rolled back " + module.name() + " " + checked.from().map(Version::toString).orElse("(none)")
            + " -> " + request.to() + ": " + checked.changesets().size() + " changesets"
            + (request.reason().isBlank() ? "" : "; " + request.reason());
        session.publish(session.run());
        resources.state().runs().startRollback(session.run(), session.token(), module.name(), backup.orElse(null),
            by, note);
        RollbackExecution execution;
        try (Heartbeat beat = resources.heartbeat(listener)) {
          execution = new RollbackExecution(resources.state(), beat, resources.clock(), session, stop);
          try {
            executor.rollback(module, checked.changesets(), execution);
            execution.finish();
          } catch (RuntimeException e) {
            throw recordFailure(session, execution, backup, session.explain(e));
          }
        }
        resources.state().runs().finishRun(session.run().runId(), RunStatus.SUCCEEDED, resources.clock().instant(),
            execution.undoneSoFar(), null, session.token());
        return new Result(module.name(), checked.from(), request.to(), checked.changesets(), false, backup,
            execution.recordedVersion(), Duration.between(started, resources.clock().instant()));
      }
    });
  }

  /** What the rollback would undo, once the rules pass. */
  private record Checked(Optional<Version> from, List<RollbackChangeset> changesets, Optional<Version> nowAt) {}

  private Checked check(ModuleCatalog catalog, Module module, Request request, ChangelogExecutor executor) {
    Map<String, Version> installed = resources.state().modules().moduleVersions();
    Optional<Version> from = Optional.ofNullable(installed.get(module.name()));
    List<Version> above = module.changelogs().descendingKeySet().stream().filter(v -> v.isNewerThan(request.to()))
        .toList();
    List<RollbackChangeset> changesets = above.isEmpty() ? List.of() : executor.rollbackCandidates(module, above);
    Map<String, List<String>> dependentsRanSince = new LinkedHashMap<>();
    if (!changesets.isEmpty()) {
      List<String> ranSince = resources.history().ranAfter(RollbackCheck.firstRun(changesets));
      for (String dependent : RollbackCheck.dependents(catalog, module.name())) {
        if (installed.containsKey(dependent)) {
          dependentsRanSince.put(dependent, ranSince.stream().filter(c -> c.startsWith(dependent + "/")).toList());
        }
      }
    }
    // A rollback that was stopped has moved the module back already: it goes on from its newest version left.
    Optional<Version> newestLeft = changesets.isEmpty() ? Optional.empty() : Optional.of(changesets.get(0).version());
    Optional<Version> startsAt = newestLeft.isPresent() && (from.isEmpty() || newestLeft.get().isNewerThan(from.get()))
        ? newestLeft : from;
    String what = module.name() + " " + startsAt.map(Version::toString).orElse("(not installed)") + " -> "
        + request.to();
    RollbackCheck.refusal(what, changesets, dependentsRanSince).ifPresent(message -> {
      throw new SetupRunnerException(ErrorKind.ROLLBACK_REFUSED, message);
    });
    Optional<Version> nowAt = changesets.isEmpty() ? from
        : module.versionBefore(changesets.get(changesets.size() - 1).version());
    return new Checked(startsAt, changesets, nowAt);
  }

  private Optional<String> backup(Request request, LockSession session) {
    if (!request.backup() && resources.config().backup().beforeUpgrade() == BackupSettings.Policy.NEVER) {
      return Optional.empty();
    }
    return Optional.of(new BackupCommand(resources, listener::notice).takeForRun(session.run().runId(), "rollback"));
  }

  /** Records how the rollback ended, and words the failure with where the module now stands and the way back. */
  private RuntimeException recordFailure(LockSession session, RollbackExecution execution, Optional<String> backup,
      RuntimeException e) {
    ErrorKind kind = e instanceof SetupRunnerException s ? s.kind() : ErrorKind.INTERNAL;
    if (kind == ErrorKind.LOCK_LOST) {
      return e; // a superseded run writes nothing more
    }
    try {
      resources.state().runs().finishRun(session.run().runId(), kind == ErrorKind.STOPPED ? RunStatus.INTERRUPTED
          : RunStatus.FAILED, resources.clock().instant(), execution.undoneSoFar(), e.getMessage(), session.token());
    } catch (RuntimeException recording) {
      e.addSuppressed(recording);
    }
    if (kind != ErrorKind.CHANGESET_FAILED) {
      return e;
    }
    String message = e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".") + " " + execution.undoneSoFar()
        + " changeset(s) were rolled back before it; the module is recorded at " + execution.recordedVersion()
            .map(Version::toString).orElse("no version") + ", so setup-runner upgrade puts back what was rolled"
        + " back. Fix the rollback and run it again" + backup.map(b -> ", or put the database back as it was with:"
            + " setup-runner backup restore " + b).orElse("") + ".";
    return new SetupRunnerException(kind, message, e);
  }
}
