package io.setuprunner.upgrade;

import io.setuprunner.migrate.ChangesetState;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.Version;
import io.setuprunner.plan.UpgradePlan.ModulePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pending versions' changesets as read before anything runs, per module in dependency order and per
 * version in order: what pre-flight checked and what the execute step runs, in one pass.
 */
public record Inspection(Map<ModulePlan, Map<Version, List<ChangesetState>>> pending) {
  public Inspection {
    Map<ModulePlan, Map<Version, List<ChangesetState>>> copy = new LinkedHashMap<>();
    pending.forEach((module, versions) -> copy.put(module, Collections.unmodifiableMap(new LinkedHashMap<>(versions))));
    pending = Collections.unmodifiableMap(copy);
  }

  /** Something to do in {@code phase}: a changeset to run, or a version whose changesets all ran to record. */
  public boolean hasWork(Phase phase) {
    return pending.values().stream().flatMap(v -> v.values().stream()).anyMatch(changesets ->
        changesets.stream().anyMatch(c -> !c.ran() && (phase.runsContract() || !c.contract()))
            || changesets.stream().allMatch(ChangesetState::ran));
  }

  /** Per module, the oldest version with contract changesets still to run. */
  public Map<String, Version> contractsToRun() {
    Map<String, Version> contracts = new LinkedHashMap<>();
    pending.forEach((module, versions) -> versions.forEach((version, changesets) -> {
      if (changesets.stream().anyMatch(c -> c.contract() && !c.ran())) {
        contracts.merge(module.module().name(), version, (a, b) -> a.isNewerThan(b) ? b : a);
      }
    }));
    return contracts;
  }

  /** {@code Module version} of each pending version with a changeset not run yet. */
  public List<String> versionsWithChangesetsLeft() {
    List<String> left = new ArrayList<>();
    pending.forEach((module, versions) -> versions.forEach((version, changesets) -> {
      if (changesets.stream().anyMatch(c -> !c.ran())) {
        left.add(module.module().name() + " " + version);
      }
    }));
    return left;
  }
}
