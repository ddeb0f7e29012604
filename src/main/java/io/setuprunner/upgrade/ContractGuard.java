package io.setuprunner.upgrade;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.serving.ServingNode;
import io.setuprunner.serving.ServingRegistry;
import io.setuprunner.module.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Refuses a contract phase while a registered node still serves code older than the version whose
 * contract changesets would run: they remove what that code reads.
 */
final class ContractGuard {
  private final Supplier<ServingRegistry> registries;
  private final UpgradeListener listener;

  ContractGuard(Supplier<ServingRegistry> registries, UpgradeListener listener) {
    this.registries = registries;
    this.listener = listener;
  }

  /**
   * @param contracts per module, the oldest version with contract changesets about to run
   * @throws SetupRunnerException of kind {@link ErrorKind#CONTRACT_REFUSED} naming the nodes, unless forced
   */
  void check(Map<String, Version> contracts, boolean force) {
    if (contracts.isEmpty()) {
      return;
    }
    ServingRegistry registry = registries.get();
    if (registry == ServingRegistry.NONE) {
      listener.contractUnchecked(contracts.keySet().stream().sorted().toList());
      return;
    }
    List<String> blockers = new ArrayList<>();
    for (ServingNode node : registry.nodes()) {
      contracts.forEach((module, version) -> {
        String served = node.modules().get(module);
        if (served != null && Version.tryParse(served).map(version::isNewerThan).orElse(false)) {
          blockers.add(node.describe() + " serves " + module + " " + served);
        }
      });
    }
    if (blockers.isEmpty()) {
      return;
    }
    if (force) {
      listener.contractForced(blockers);
      return;
    }
    throw new SetupRunnerException(ErrorKind.CONTRACT_REFUSED, "Refusing the contract phase: it removes what"
        + " older code still needs (" + contracts + "), and these nodes still serve that code: " + blockers
        + ". Drain them (stop their setup-runner serve), or run with --phase expand; --force overrides."
        + " Nothing was executed.");
  }
}
