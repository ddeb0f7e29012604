package io.setuprunner.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The shape of the code, as rules that fail the build when broken (docs/architecture.md explains them). */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.setuprunner");

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.setuprunner.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void nothingDependsOnTheRootPackage() {
    noClasses().that().resideOutsideOfPackage("io.setuprunner")
        .should().dependOnClassesThat().resideInAPackage("io.setuprunner")
        .check(CLASSES);
  }

  @Test
  void jcommanderStaysInTheCommandLinePackage() {
    noClasses().that().resideOutsideOfPackage("io.setuprunner.cli")
        .should().dependOnClassesThat().resideInAPackage("com.beust.jcommander..")
        .check(CLASSES);
  }

  @Test
  void onlyMainExitsTheJvm() {
    noClasses().that().doNotHaveFullyQualifiedName("io.setuprunner.Main")
        .should().callMethod(System.class, "exit", int.class)
        .check(CLASSES);
  }

  @Test
  void sqlStaysInTheLayersThatOwnTables() {
    noClasses().that().resideOutsideOfPackages("io.setuprunner.state", "io.setuprunner.lock",
            "io.setuprunner.migrate", "io.setuprunner.wiring", "io.setuprunner.embedded")
        .should().dependOnClassesThat().resideInAPackage("java.sql..")
        .check(CLASSES);
  }

  @Test
  void liquibaseStaysInMigrate() {
    noClasses().that().resideOutsideOfPackage("io.setuprunner.migrate")
        .should().dependOnClassesThat().resideInAPackage("liquibase..")
        .check(CLASSES);
  }

  @Test
  void commandsNeverReachIntoTheCommandLine() {
    ArchRule rule = noClasses().that().resideOutsideOfPackages("io.setuprunner.cli", "io.setuprunner")
        .should().dependOnClassesThat().resideInAPackage("io.setuprunner.cli");
    rule.check(CLASSES);
  }
}
