package io.setuprunner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.migrate.RollbackChangeset;
import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.ModuleDescriptor;
import io.setuprunner.module.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RollbackCheckTest {
  private static Module module(String name, String... dependencies) {
    return new Module(new ModuleDescriptor(name, Version.parse("1.0.0"), List.of(dependencies),
        Path.of(name, "module.xml")), new TreeMap<>(), Map.of());
  }

  private static RollbackChangeset changeset(String id, int order, String problem) {
    return new RollbackChangeset(id, Version.parse("1.1.0"), order, Optional.ofNullable(problem), List.of(),
        List.of());
  }

  @Test
  void dependentsAreFoundThroughOtherModulesInCatalogOrder() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Base"), module("Acme_Shop", "Acme_Base"),
        module("Acme_Report", "Acme_Sales"), module("Acme_Sales", "Acme_Shop"), module("Acme_Other")));

    assertEquals(List.of("Acme_Shop", "Acme_Report", "Acme_Sales"), RollbackCheck.dependents(catalog, "Acme_Base"));
    assertEquals(List.of(), RollbackCheck.dependents(catalog, "Acme_Report"));
  }

  @Test
  void theFirstRunIsTheEarliestChangesetToUndo() {
    assertEquals(4, RollbackCheck.firstRun(List.of(changeset("a", 9, null), changeset("b", 4, null))));
  }

  @Test
  void everyChangesetWithoutRollbackAndEveryDependentThatRanSinceIsNamed() {
    Optional<String> refusal = RollbackCheck.refusal("Acme_Shop 1.2.0 -> 1.0.0",
        List.of(changeset("A/1.1.0.xml::fill::x", 7, "it has no <rollback>"), changeset("A/1.1.0.xml::col::x", 6, null),
            changeset("A/1.1.0.xml::rows::x", 5, "gone")),
        Map.of("Acme_Sales", List.of("Acme_Sales/1.0.0.xml::s::x"), "Acme_Report", List.of()));

    String message = refusal.orElseThrow();
    assertTrue(message.startsWith("Rollback of Acme_Shop 1.2.0 -> 1.0.0 refused; nothing was executed."), message);
    assertTrue(message.contains("changeset A/1.1.0.xml::fill::x cannot be rolled back: it has no <rollback>")
        && message.contains("changeset A/1.1.0.xml::rows::x cannot be rolled back: gone"), message);
    assertTrue(message.contains("module Acme_Sales depends on it and ran 1 changeset after the first one to undo"
        + " (Acme_Sales/1.0.0.xml::s::x)"), message);
    assertTrue(!message.contains("Acme_Report"), "a dependent that ran nothing since is no reason: " + message);
  }

  @Test
  void rollbacksForEveryChangesetAndNoDependentActivityPass() {
    assertEquals(Optional.empty(), RollbackCheck.refusal("x", List.of(changeset("a", 1, null)),
        Map.of("Acme_Sales", List.of())));
  }
}
