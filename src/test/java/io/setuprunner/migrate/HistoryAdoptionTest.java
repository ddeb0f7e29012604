package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.module.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairing an application's own Liquibase history with the module catalog. */
class HistoryAdoptionTest {
  private static final Version V1 = Version.parse("1.0.0");
  private static final Version V2 = Version.parse("1.1.0");

  private static CatalogChangeset changeset(Version version, String file, String id) {
    return new CatalogChangeset("Acme_Legacy", version, "Acme_Legacy/" + file, id, "dev");
  }

  private static Map<String, Map<Version, List<CatalogChangeset>>> catalog(List<CatalogChangeset> v1,
      List<CatalogChangeset> v2) {
    Map<Version, List<CatalogChangeset>> versions = new LinkedHashMap<>();
    versions.put(V1, v1);
    versions.put(V2, v2);
    return Map.of("Acme_Legacy", versions);
  }

  private static ForeignHistory.Row row(String file, String id) {
    return new ForeignHistory.Row(id, "dev", file);
  }

  @Test
  void pathsMatchWhateverPrefixTheApplicationRecordedThemWith() {
    var catalog = catalog(List.of(changeset(V1, "db/changelog/a.xml", "1"), changeset(V1, "db/changelog/a.xml", "2"),
        changeset(V1, "db/changelog/a.xml", "3"), changeset(V1, "db/changelog/a.xml", "4")),
        List.of(changeset(V2, "db/changelog/b.xml", "5")));

    HistoryAdoption adoption = HistoryAdoption.of(List.of(row("db/changelog/a.xml", "1"),
        row("classpath:db/changelog/a.xml", "2"), row("classpath:/db/changelog/a.xml", "3"),
        row("/srv/app/src/main/resources/db/changelog/a.xml", "4")), catalog, c -> false);

    assertEquals(4, adoption.matches().size());
    assertEquals(Map.of("Acme_Legacy", V1), adoption.versions());
    assertTrue(adoption.safe());
  }

  @Test
  void aVersionWithNoSelectedChangesetsIsComplete() {
    var catalog = catalog(List.of(changeset(V1, "a.xml", "1")), List.of());

    HistoryAdoption adoption = HistoryAdoption.of(List.of(row("a.xml", "1")), catalog, c -> false);

    assertEquals(Map.of("Acme_Legacy", V2), adoption.versions(), "the upgrade would record it with nothing to run");
  }

  @Test
  void aModuleVersionIsSetOnlyWhenItAndEveryVersionBelowAreComplete() {
    var catalog = catalog(List.of(changeset(V1, "a.xml", "1"), changeset(V1, "a.xml", "2")),
        List.of(changeset(V2, "b.xml", "3")));

    HistoryAdoption adoption = HistoryAdoption.of(List.of(row("a.xml", "1"), row("b.xml", "3")), catalog, c -> false);

    assertEquals(Map.of(), adoption.versions(), "1.0.0 lacks changeset 2, so 1.1.0 cannot count either");
    assertEquals(List.of("Acme_Legacy/a.xml::2::dev"), adoption.pending().stream().map(CatalogChangeset::changeset)
        .toList());
  }

  @Test
  void changesetsSetupRunnerAlreadyRecordedCountAsPresent() {
    var catalog = catalog(List.of(changeset(V1, "a.xml", "1"), changeset(V1, "a.xml", "2")),
        List.of(changeset(V2, "b.xml", "3")));

    HistoryAdoption adoption = HistoryAdoption.of(List.of(row("a.xml", "1")), catalog,
        c -> c.equals("Acme_Legacy/a.xml::2::dev"));

    assertEquals(Map.of("Acme_Legacy", V1), adoption.versions());
    assertEquals(List.of("Acme_Legacy/b.xml::3::dev"), adoption.pending().stream().map(CatalogChangeset::changeset)
        .toList());
  }

  @Test
  void aRowWhoseIdAndAuthorFitAPendingChangesetUnderAnotherPathIsSuspect() {
    var catalog = catalog(List.of(changeset(V1, "db/changelog/a.xml", "1")), List.of());

    HistoryAdoption adoption = HistoryAdoption.of(List.of(row("db/other/a.xml", "1"), row("gone.xml", "9")), catalog,
        c -> false);

    assertFalse(adoption.safe());
    assertEquals(1, adoption.suspect().size());
    assertEquals(2, adoption.notInCode().size());
  }

  @Test
  void aRowThatFitsTwoChangesetsEquallyIsAmbiguous() {
    var catalog = catalog(List.of(changeset(V1, "x/a.xml", "1"), changeset(V1, "y/a.xml", "1")), List.of());

    HistoryAdoption adoption = HistoryAdoption.of(List.of(row("a.xml", "1")), catalog, c -> false);

    assertEquals(1, adoption.ambiguous().size());
    assertFalse(adoption.safe());
  }

  @Test
  void prefixesAreTakenOffBeforeComparing() {
    assertEquals("db/changelog/a.xml", HistoryAdoption.normalize("classpath*:/db\\changelog//a.xml"));
    assertEquals("db/a.xml", HistoryAdoption.normalize("./db/a.xml"));
  }
}
