package io.setuprunner.plan;

import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.module.Version;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import java.util.ArrayList;
import java.util.List;

/** Changesets edited after they ran: the one scan {@code status} and {@code upgrade} both make. */
public final class Drift {
  private Drift() {}

  /**
   * What the installed versions' changelogs hold that the history does not explain.
   *
   * @param edited changesets whose checksum no longer matches the recorded one
   * @param notRerun {@code runAlways} and {@code runOnChange} changesets, which plain Liquibase would run again
   *     and Setup Runner runs only in a pass over their version
   */
  public record Applied(List<String> edited, List<String> notRerun) {
    public Applied {
      edited = List.copyOf(edited);
      notRerun = List.copyOf(notRerun);
    }
  }

  /** Every applied changeset of every module whose checksum no longer matches the recorded one. */
  public static List<String> editedApplied(ChangelogExecutor executor, UpgradePlan plan) {
    return scan(executor, plan).edited();
  }

  /** Reads every installed version's changelog once. */
  public static Applied scan(ChangelogExecutor executor, UpgradePlan plan) {
    List<String> edited = new ArrayList<>();
    List<String> notRerun = new ArrayList<>();
    for (ModulePlan module : plan.modules()) {
      for (Version version : module.module().changelogs().keySet()) {
        if (isApplied(module, version)) {
          for (ChangesetState c : executor.inspect(module.module(), version)) {
            if (c.edited()) {
              edited.add(c.changeset());
            }
            if (c.repeatable()) {
              notRerun.add(c.changeset());
            }
          }
        }
      }
    }
    return new Applied(edited, notRerun);
  }

  /** The database records {@code version} or a newer one for this module. */
  public static boolean isApplied(ModulePlan module, Version version) {
    return module.databaseVersion().map(db -> !version.isNewerThan(db)).orElse(false);
  }
}
