package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.Version;
import io.setuprunner.plan.Drift;
import io.setuprunner.plan.UpgradePlan;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks before anything runs: every pending changelog reads, no applied changeset was edited, and
 * no serving node still needs what a contract changeset removes. Any failure stops the run with nothing
 * executed.
 */
final class PreFlight {
  private final ContractGuard guard;

  PreFlight(ContractGuard guard) {
    this.guard = guard;
  }

  Inspection check(ChangelogExecutor executor, UpgradePlan plan, Phase phase, boolean force) {
    Map<ModulePlan, Map<Version, List<ChangesetState>>> pending = new LinkedHashMap<>();
    for (ModulePlan module : plan.modules()) {
      Map<Version, List<ChangesetState>> versions = new LinkedHashMap<>();
      module.pending().forEach(v -> versions.put(v, executor.inspect(module.module(), v)));
      pending.put(module, versions);
    }
    List<String> edited = Drift.editedApplied(executor, plan);
    if (!edited.isEmpty()) {
      throw new SetupRunnerException(ErrorKind.CHECKSUM_DRIFT, "Changesets were edited after they ran: " + edited
          + ". Restore them as they were and put the change in a new changeset of a new version."
          + " Nothing was executed.");
    }
    Inspection inspection = new Inspection(pending);
    if (phase.runsContract()) {
      guard.check(inspection.contractsToRun(), force);
    }
    return inspection;
  }
}
