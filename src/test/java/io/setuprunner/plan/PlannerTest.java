package io.setuprunner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
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

/** Unit tests for {@link Planner} and {@link UpgradePlan}: pending versions per module, database ahead. */
class PlannerTest {
  private final Planner planner = new Planner();

  private static Version v(String text) {
    return Version.parse(text);
  }

  private static Module module(String name, String declared, String... changelogVersions) {
    Path dir = Path.of("/app/changelogs", name);
    TreeMap<Version, Path> changelogs = new TreeMap<>();
    for (String version : changelogVersions) {
      changelogs.put(v(version), dir.resolve(version + ".xml"));
    }
    return new Module(new ModuleDescriptor(name, v(declared), List.of(), dir.resolve("module.xml")), changelogs,
        Map.of());
  }

  private static List<String> pending(UpgradePlan plan, int index) {
    return plan.modules().get(index).pending().stream().map(Version::toString).toList();
  }

  @Test
  void newModuleHasEveryVersionPending() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Store", "1.2.0", "1.0.0", "1.1.0", "1.2.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of());

    assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), pending(plan, 0));
    assertEquals(Optional.empty(), plan.modules().get(0).databaseVersion());
    assertFalse(plan.isUpToDate());
    assertEquals(3, plan.pendingVersionCount());
  }

  @Test
  void onlyVersionsAboveTheDatabaseVersionArePending() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Store", "1.2.0", "1.0.0", "1.1.0", "1.2.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.0.0")));

    assertEquals(List.of("1.1.0", "1.2.0"), pending(plan, 0));
    assertEquals(Optional.of(v("1.0.0")), plan.modules().get(0).databaseVersion());
    assertEquals(2, plan.pendingVersionCount());
  }

  @Test
  void pendingVersionsFollowNumericOrder() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Store", "1.10.0", "1.10.0", "1.9.0", "1.2.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.2.0")));

    assertEquals(List.of("1.9.0", "1.10.0"), pending(plan, 0));
  }

  @Test
  void databaseVersionBetweenChangelogsKeepsOnlyLaterOnes() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Store", "2.0.0", "1.0.0", "1.5.0", "2.0.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.2")));

    assertEquals(List.of("1.5.0", "2.0.0"), pending(plan, 0));
  }

  @Test
  void upToDateWhenDatabaseMatchesDeclaredVersion() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.1.0", "1.0.0", "1.1.0"),
        module("Acme_Catalog", "1.0.0", "1.0.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.1.0"), "Acme_Catalog", v("1.0")));

    assertTrue(plan.isUpToDate());
    assertEquals(0, plan.pendingVersionCount());
    assertEquals(List.of(), plan.ahead());
  }

  @Test
  void pendingVersionCountSumsOverModules() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.1.0", "1.0.0", "1.1.0"),
        module("Acme_Catalog", "1.2.0", "1.0.0", "1.1.0", "1.2.0"),
        module("Acme_Sales", "1.0.0", "1.0.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.0.0"), "Acme_Sales", v("1.0.0")));

    assertEquals(4, plan.pendingVersionCount());
    assertEquals(List.of("1.1.0"), pending(plan, 0));
    assertEquals(List.of("1.0.0", "1.1.0", "1.2.0"), pending(plan, 1));
    assertEquals(List.of(), pending(plan, 2));
  }

  @Test
  void planKeepsCatalogOrder() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Zeta", "1.0.0", "1.0.0"), module("Alpha", "1.0.0", "1.0.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of());

    assertEquals(List.of("Zeta", "Alpha"), plan.modules().stream().map(m -> m.module().name()).toList());
  }

  @Test
  void databaseVersionsOfUnknownModulesAreIgnored() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Store", "1.0.0", "1.0.0")));

    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.0.0"), "Acme_Removed", v("9.0.0")));

    assertEquals(1, plan.modules().size());
    assertTrue(plan.isUpToDate());
  }

  @Test
  void requireDatabaseNotAheadReturnsThePlanWhenNothingIsAhead() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(module("Acme_Store", "1.1.0", "1.0.0", "1.1.0")));
    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.0.0")));

    assertSame(plan, plan.requireDatabaseNotAhead());
  }

  @Test
  void databaseAheadIsRefusedNamingModuleAndBothVersions() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.0.0", "1.0.0"),
        module("Acme_Catalog", "1.1.0", "1.0.0", "1.1.0")));
    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("1.0.0"), "Acme_Catalog", v("1.3.0")));

    assertTrue(plan.modules().get(1).databaseAhead());
    assertFalse(plan.modules().get(0).databaseAhead());
    assertEquals(List.of(), plan.modules().get(1).pending());

    SetupRunnerException e = assertThrows(SetupRunnerException.class, plan::requireDatabaseNotAhead);
    assertEquals(ErrorKind.DATABASE_AHEAD, e.kind());
    assertTrue(e.getMessage().contains("Acme_Catalog"), e.getMessage());
    assertTrue(e.getMessage().contains("1.3.0"), e.getMessage());
    assertTrue(e.getMessage().contains("1.1.0"), e.getMessage());
    assertFalse(e.getMessage().contains("Acme_Store"), e.getMessage());
    assertTrue(e.getMessage().endsWith("Nothing was executed."), e.getMessage());
  }

  @Test
  void everyModuleAheadIsNamed() {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.0.0", "1.0.0"), module("Acme_Catalog", "1.0.0", "1.0.0")));
    UpgradePlan plan = planner.plan(catalog, Map.of("Acme_Store", v("2.0.0"), "Acme_Catalog", v("1.0.1")));

    assertEquals(2, plan.ahead().size());
    SetupRunnerException e = assertThrows(SetupRunnerException.class, plan::requireDatabaseNotAhead);
    assertTrue(e.getMessage().contains("Acme_Store is at 2.0.0"), e.getMessage());
    assertTrue(e.getMessage().contains("Acme_Catalog is at 1.0.1"), e.getMessage());
  }
}
