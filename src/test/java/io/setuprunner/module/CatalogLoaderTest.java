package io.setuprunner.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link CatalogLoader}: module discovery, dependency order and the problems it reports. */
class CatalogLoaderTest {
  @TempDir
  Path root;

  private final CatalogLoader loader = new CatalogLoader();

  private Path changelogs() {
    return root.resolve("changelogs");
  }

  /** Creates changelogs/{@code folder}/module.xml declaring {@code name} at {@code version} with {@code deps}. */
  private Path module(String folder, String name, String version, List<String> deps, String... changelogFiles)
      throws IOException {
    Path dir = Files.createDirectories(changelogs().resolve(folder));
    StringBuilder sequence = new StringBuilder();
    for (String dep : deps) {
      sequence.append("<module name=\"").append(dep).append("\"/>");
    }
    Files.writeString(dir.resolve("module.xml"), "<config><module name=\"" + name + "\" setup_version=\"" + version
        + "\"><sequence>" + sequence + "</sequence></module></config>");
    for (String file : changelogFiles) {
      Files.writeString(dir.resolve(file), "<databaseChangeLog/>");
    }
    return dir;
  }

  private Path module(String name, String version, String... changelogFiles) throws IOException {
    return module(name, name, version, List.of(), changelogFiles);
  }

  private SetupRunnerException assertInvalid() {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> loader.load(changelogs()));
    assertEquals(ErrorKind.INVALID_MODULES, e.kind());
    assertTrue(e.getMessage().endsWith("Nothing was executed."), e.getMessage());
    return e;
  }

  private static void assertMentions(SetupRunnerException e, Object... parts) {
    for (Object part : parts) {
      assertTrue(e.getMessage().contains(part.toString()), () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }

  private static List<String> names(ModuleCatalog catalog) {
    return catalog.modules().stream().map(Module::name).toList();
  }

  @Test
  void ordersModulesByDependencyWithTiesBrokenByName() throws IOException {
    module("D", "D", "1.0.0", List.of(), "1.0.0.xml");
    module("C", "C", "1.0.0", List.of(), "1.0.0.xml");
    module("B", "B", "1.0.0", List.of("A"), "1.0.0.xml");
    module("A", "A", "1.0.0", List.of(), "1.0.0.xml");

    assertEquals(List.of("A", "B", "C", "D"), names(loader.load(changelogs())));
  }

  @Test
  void dependencyComesFirstEvenWhenItsNameSortsLater() throws IOException {
    module("Acme_Zeta", "Acme_Zeta", "1.0.0", List.of(), "1.0.0.xml");
    module("Acme_Alpha", "Acme_Alpha", "1.0.0", List.of("Acme_Zeta"), "1.0.0.xml");
    module("Acme_Beta", "Acme_Beta", "1.0.0", List.of(), "1.0.0.xml");

    assertEquals(List.of("Acme_Beta", "Acme_Zeta", "Acme_Alpha"), names(loader.load(changelogs())));
  }

  @Test
  void ordersByDeclaredNameNotFolderName() throws IOException {
    module("z_folder", "Acme_A", "1.0.0", List.of(), "1.0.0.xml");
    module("a_folder", "Acme_B", "1.0.0", List.of(), "1.0.0.xml");

    assertEquals(List.of("Acme_A", "Acme_B"), names(loader.load(changelogs())));
  }

  @Test
  void changelogsAreKeyedByVersionInNumericOrder() throws IOException {
    Path dir = module("Acme_Store", "1.10.0", "1.10.0.xml", "1.9.0.xml", "1.2.0.sql");

    Module store = loader.load(changelogs()).find("Acme_Store").orElseThrow();

    assertEquals(List.of("1.2.0", "1.9.0", "1.10.0"),
        store.changelogs().keySet().stream().map(Version::toString).toList());
    assertEquals(dir.resolve("1.2.0.sql"), store.changelogs().get(Version.parse("1.2.0")));
    assertEquals(Version.parse("1.10.0"), store.codeVersion());
    assertEquals(dir, store.directory());
  }

  @Test
  void declaredVersionMayOmitTrailingZeros() throws IOException {
    module("Acme_Store", "1.1", "1.0.0.xml", "1.1.0.xml");

    assertEquals(1, loader.load(changelogs()).modules().size());
  }

  @Test
  void otherFilesBesideChangelogsAreIgnored() throws IOException {
    Path dir = module("Acme_Store", "1.0.0", "1.0.0.xml");
    Files.writeString(dir.resolve("README.md"), "notes");
    Files.createDirectories(dir.resolve("data"));

    Module store = loader.load(changelogs()).modules().get(0);

    assertEquals(1, store.changelogs().size());
  }

  @Test
  void detectsConfigDefaultsFile() throws IOException {
    Path withConfig = module("Acme_A", "1.0.0", "1.0.0.xml");
    Files.writeString(withConfig.resolve("config.xml"), "<config><default><web><unsecure><base_url>x</base_url>"
        + "</unsecure></web></default></config>");
    module("Acme_B", "1.0.0", "1.0.0.xml");

    ModuleCatalog catalog = loader.load(changelogs());

    assertEquals(Map.of("web/unsecure/base_url", "x"), catalog.find("Acme_A").orElseThrow().configDefaults());
    assertEquals(Map.of(), catalog.find("Acme_B").orElseThrow().configDefaults());
    assertFalse(catalog.find("Acme_A").orElseThrow().changelogs().containsValue(withConfig.resolve("config.xml")));
  }

  @Test
  void hiddenFoldersAreIgnored() throws IOException {
    module("Acme_Store", "1.0.0", "1.0.0.xml");
    Files.createDirectories(changelogs().resolve(".git").resolve("objects"));
    Files.writeString(changelogs().resolve(".git").resolve("HEAD"), "ref: refs/heads/main");

    assertEquals(List.of("Acme_Store"), names(loader.load(changelogs())));
  }

  @Test
  void emptyChangelogsFolderGivesEmptyCatalog() throws IOException {
    Files.createDirectories(changelogs());

    assertEquals(List.of(), loader.load(changelogs()).modules());
  }

  @Test
  void missingChangelogsFolderIsReported() {
    SetupRunnerException e = assertInvalid();
    assertMentions(e, changelogs(), "does not exist");
  }

  @Test
  void folderWithoutDescriptorIsReported() throws IOException {
    module("Acme_Store", "1.0.0", "1.0.0.xml");
    Path stray = Files.createDirectories(changelogs().resolve("Acme_Stray"));
    Files.writeString(stray.resolve("1.0.0.xml"), "<databaseChangeLog/>");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, stray, "has no module.xml");
  }

  @Test
  void malformedDescriptorIsReported() throws IOException {
    Path dir = Files.createDirectories(changelogs().resolve("Acme_Store"));
    Files.writeString(dir.resolve("module.xml"), "<config><module name=\"Acme_Store\"");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, dir.resolve("module.xml"), "well-formed");
  }

  @Test
  void dependencyCycleIsReportedWithArrows() throws IOException {
    module("A", "A", "1.0.0", List.of("B"), "1.0.0.xml");
    module("B", "B", "1.0.0", List.of("A"), "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, "cycle", "A -> B -> A");
  }

  @Test
  void cycleBehindAnOrderableModuleNamesOnlyTheCycle() throws IOException {
    module("A", "A", "1.0.0", List.of(), "1.0.0.xml");
    module("B", "B", "1.0.0", List.of("A", "D"), "1.0.0.xml");
    module("C", "C", "1.0.0", List.of("B"), "1.0.0.xml");
    module("D", "D", "1.0.0", List.of("C"), "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, "B -> D -> C -> B");
  }

  @Test
  void moduleDependingOnItselfIsACycle() throws IOException {
    module("A", "A", "1.0.0", List.of("A"), "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, "A -> A");
  }

  @Test
  void dependencyOnMissingModuleNamesBoth() throws IOException {
    Path sales = module("Acme_Sales", "Acme_Sales", "1.0.0", List.of("Acme_Catalog"), "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, sales.resolve("module.xml"), "Acme_Sales depends on Acme_Catalog");
  }

  @Test
  void twoModulesWithTheSameNameNameBothFiles() throws IOException {
    Path first = module("Acme_Store", "Acme_Store", "1.0.0", List.of(), "1.0.0.xml");
    Path second = module("Acme_Store_Copy", "Acme_Store", "1.0.0", List.of(), "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, "Two modules are named Acme_Store", first.resolve("module.xml"), second.resolve("module.xml"));
  }

  @Test
  void declaredVersionWithoutChangelogIsReported() throws IOException {
    Path dir = module("Acme_Store", "1.1.0", "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, dir.resolve("module.xml"), "setup_version=\"1.1.0\"", "no changelog");
  }

  @Test
  void changelogNewerThanDeclaredVersionIsReported() throws IOException {
    Path dir = module("Acme_Store", "1.0.0", "1.0.0.xml", "1.1.0.sql");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, dir.resolve("1.1.0.sql"), "is newer than module Acme_Store", "1.0.0");
  }

  @Test
  void twoChangelogsForTheSameVersionAreReported() throws IOException {
    Path dir = module("Acme_Store", "1.0.0", "1.0.0.xml", "1.0.0.sql");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, dir, "1.0.0.xml", "1.0.0.sql", "both changelogs for version 1.0.0");
  }

  @Test
  void changelogsForEqualVersionsWrittenDifferentlyAreReported() throws IOException {
    module("Acme_Store", "1.0.0", "1.0.xml", "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, "1.0.xml", "1.0.0.xml", "both changelogs");
  }

  @Test
  void changelogNotNamedAfterAVersionIsReported() throws IOException {
    Path dir = module("Acme_Store", "1.0.0", "1.0.0.xml", "next.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, dir.resolve("next.xml"), "not named after a version");
  }

  @Test
  void severalProblemsAreReportedTogether() throws IOException {
    Path noChangelog = module("Acme_A", "1.0.0");
    Path badName = module("Acme_B", "1.0.0", "1.0.0.xml", "latest.sql");
    Path noDescriptor = Files.createDirectories(changelogs().resolve("Acme_C"));
    module("Acme_D", "Acme_D", "1.0.0", List.of("Acme_Missing"), "1.0.0.xml");

    SetupRunnerException e = assertInvalid();
    assertMentions(e, noChangelog.resolve("module.xml"), badName.resolve("latest.sql"), noDescriptor,
        "Acme_D depends on Acme_Missing");
    assertEquals(1, e.getMessage().split("Nothing was executed\\.", -1).length - 1, e.getMessage());
    assertTrue(e.getMessage().lines().count() >= 5, e.getMessage());
  }
}
