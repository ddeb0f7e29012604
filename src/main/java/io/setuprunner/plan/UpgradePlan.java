package io.setuprunner.plan;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.module.Module;
import io.setuprunner.module.Version;
import java.util.List;
import java.util.Optional;

/** Per module, in dependency order: the version in the database and the versions still to run. */
public record UpgradePlan(List<ModulePlan> modules) {
  public UpgradePlan {
    modules = List.copyOf(modules);
  }

  /**
   * One module's place in the plan.
   *
   * @param contractAbove the database may hold what newer code removed: a contract changeset above this
   *     code's version ran, or the history cannot show that none did
   */
  public record ModulePlan(Module module, Optional<Version> databaseVersion, List<Version> pending,
      boolean contractAbove) {
    public ModulePlan {
      pending = List.copyOf(pending);
    }

    public ModulePlan(Module module, Optional<Version> databaseVersion, List<Version> pending) {
      this(module, databaseVersion, pending, true);
    }

    /** The database records a newer version than this code declares, and newer code removed what this code uses. */
    public boolean databaseAhead() {
      return newerInDatabase() && contractAbove;
    }

    /** Newer code ran only expand changesets: this code still works against the database. */
    public boolean aheadCompatibly() {
      return newerInDatabase() && !contractAbove;
    }

    private boolean newerInDatabase() {
      return databaseVersion.map(v -> v.isNewerThan(module.codeVersion())).orElse(false);
    }
  }

  public boolean isUpToDate() {
    return modules.stream().allMatch(m -> m.pending().isEmpty());
  }

  public int pendingVersionCount() {
    return modules.stream().mapToInt(m -> m.pending().size()).sum();
  }

  public List<ModulePlan> ahead() {
    return modules.stream().filter(ModulePlan::databaseAhead).toList();
  }

  /**
   * @throws SetupRunnerException of kind {@link ErrorKind#DATABASE_AHEAD} when any module's database
   *     version is newer than the code: running older code against it could undo nothing and break much
   */
  public UpgradePlan requireDatabaseNotAhead() {
    List<ModulePlan> ahead = ahead();
    if (ahead.isEmpty()) {
      return this;
    }
    StringBuilder message = new StringBuilder("The database is ahead of this code: ");
    for (int i = 0; i < ahead.size(); i++) {
      ModulePlan m = ahead.get(i);
      message.append(i == 0 ? "" : "; ").append("module ").append(m.module().name()).append(" is at ")
          .append(m.databaseVersion().orElseThrow()).append(" in the database but ")
          .append(m.module().descriptor().file()).append(" declares ").append(m.module().codeVersion());
    }
    message.append(". Setup Runner never downgrades: deploy the code that matches the database, or newer."
        + " Nothing was executed.");
    throw new SetupRunnerException(ErrorKind.DATABASE_AHEAD, message.toString());
  }
}
