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

  /** Every applied changeset of every module whose checksum no longer matches the recorded one. */
  public static List<String> editedApplied(ChangelogExecutor executor, UpgradePlan plan) {
    List<String> edited = new ArrayList<>();
    for (ModulePlan module : plan.modules()) {
      for (Version version : module.module().changelogs().keySet()) {
        if (isApplied(module, version)) {
          executor.inspect(module.module(), version).stream().filter(ChangesetState::edited)
              .forEach(c -> edited.add(c.changeset()));
        }
      }
    }
    return edited;
  }

  /** The database records {@code version} or a newer one for this module. */
  public static boolean isApplied(ModulePlan module, Version version) {
    return module.databaseVersion().map(db -> !version.isNewerThan(db)).orElse(false);
  }
}
