package io.setuprunner.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.module.CatalogLoader;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import io.setuprunner.support.AppFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the database records and the deployed code lacks is found and said, never silently dropped. */
class OutOfStepTest {
  @TempDir java.nio.file.Path dir;

  private ModuleCatalog catalog() {
    AppFixture app = AppFixture.empty(dir).module("Acme_Store", "1.1.0")
        .changelog("Acme_Store", "1.0.0", AppFixture.createTable("a", "a"))
        .changelog("Acme_Store", "1.1.0", AppFixture.createTable("b", "b"));
    return new CatalogLoader().load(app.changelogs());
  }

  @Test
  void codeAndDatabaseInStepFindNothing() {
    OutOfStep found = OutOfStep.find(catalog(), Map.of("Acme_Store", Version.parse("1.1.0")),
        Map.of("Acme_Store/1.0.0.xml", 1, "Acme_Store/1.1.0.xml", 1));

    assertTrue(found.isEmpty(), found.toString());
  }

  @Test
  void installedModuleAbsentFromTheCodeIsFound() {
    OutOfStep found = OutOfStep.find(catalog(),
        Map.of("Acme_Store", Version.parse("1.1.0"), "Acme_Legacy", Version.parse("2.0.0")),
        Map.of("Acme_Legacy/2.0.0.xml", 3));

    assertEquals(Map.of("Acme_Legacy", Version.parse("2.0.0")), found.missingModules());
    assertEquals(Map.of(), found.missingChangelogs(), "the module's line covers its files");
    assertTrue(found.describe().get(0).startsWith("Acme_Legacy 2.0.0 is installed in the database but absent from"
        + " the code"), found.describe().toString());
  }

  @Test
  void appliedChangelogWhoseFileIsGoneIsFound() {
    OutOfStep found = OutOfStep.find(catalog(), Map.of("Acme_Store", Version.parse("1.1.0")),
        Map.of("Acme_Store/1.0.0.xml", 1, "Acme_Store/0.9.0.xml", 4));

    assertEquals(Map.of("Acme_Store/0.9.0.xml", 4), found.missingChangelogs());
    assertEquals(List.of("Acme_Store/0.9.0.xml: 4 applied changesets recorded, but the file is gone from the code."
        + " Restore it: applied changelogs stay in the code."), found.describe());
  }
}
