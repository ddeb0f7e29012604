package io.setuprunner.plan;

import io.setuprunner.migrate.RollbackChangeset;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a rollback must pass before it executes anything: every changeset to undo has a rollback, and no
 * installed module that depends on the module ran a changeset after the first one to undo, since such a
 * changeset may build on what the rollback removes. A dependent whose changesets all ran before cannot have.
 */
public final class RollbackCheck {
  private RollbackCheck() {}

  /** The modules of the code that depend on {@code module}, directly or through others, in catalog order. */
  public static List<String> dependents(ModuleCatalog catalog, String module) {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> next = new ArrayDeque<>(List.of(module));
    while (!next.isEmpty()) {
      String of = next.pop();
      for (Module m : catalog.modules()) {
        if (m.descriptor().dependencies().contains(of) && !m.name().equals(module) && found.add(m.name())) {
          next.push(m.name());
        }
      }
    }
    return catalog.modules().stream().map(Module::name).filter(found::contains).toList();
  }

  /** The earliest place in the history's order among {@code changesets}: what dependents must not have run after. */
  public static int firstRun(List<RollbackChangeset> changesets) {
    return changesets.stream().mapToInt(RollbackChangeset::ranOrder).min().orElse(Integer.MAX_VALUE);
  }

  /**
   * Why the rollback must not run, naming every offending changeset and module; empty when it may.
   *
   * @param what the rollback in words, such as {@code Acme_Base 1.2.0 -> 1.0.0}
   * @param dependentsRanSince per installed dependent module, its changesets recorded after {@link #firstRun}
   */
  public static Optional<String> refusal(String what, List<RollbackChangeset> changesets,
      Map<String, List<String>> dependentsRanSince) {
    List<String> reasons = new ArrayList<>();
    for (RollbackChangeset c : changesets) {
      c.problem().ifPresent(p -> reasons.add("changeset " + c.changeset() + " cannot be rolled back: " + p));
    }
    dependentsRanSince.forEach((dependent, ran) -> {
      if (!ran.isEmpty()) {
        reasons.add("module " + dependent + " depends on it and ran " + ran.size() + " changeset"
            + (ran.size() == 1 ? "" : "s") + " after the first one to undo (" + shortList(ran) + "), which may"
            + " use what the rollback removes: roll " + dependent + " back first");
      }
    });
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("Rollback of " + what + " refused; nothing was executed. " + String.join("; ", reasons)
        + ".");
  }

  private static String shortList(List<String> changesets) {
    return changesets.size() <= 5 ? String.join(", ", changesets)
        : String.join(", ", changesets.subList(0, 5)) + " and " + (changesets.size() - 5) + " more";
  }
}
