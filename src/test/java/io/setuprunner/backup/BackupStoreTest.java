package io.setuprunner.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Json;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup folder: what is listed, in which order, how names are chosen, and what retention deletes. */
class BackupStoreTest {
  @TempDir Path dir;

  private BackupStore store() {
    return new BackupStore(dir.resolve("backups"), Json.mapper());
  }

  private void make(String name, Instant created) throws IOException {
    BackupStore store = store();
    Path temporary = Files.writeString(store.prepare().resolve("." + name + ".partial"), "data");
    store.publish(temporary, new BackupManifest(BackupManifest.SCHEMA, name, created, "shop", "r1",
        Map.of("Acme_Store", "1.0.0"), "11.4.5-MariaDB", "mariadb-dump", name + ".sql.gz", 4, 4, "00", 10, null,
        "me@host (backup create)", List.of("store")));
  }

  @Test
  void listsBackupsNewestFirstAndNeverWorkInProgress() throws IOException {
    make("old", Instant.parse("2026-01-01T00:00:00Z"));
    make("new", Instant.parse("2026-02-01T00:00:00Z"));
    Files.writeString(dir.resolve("backups/.half.sql.gz.partial"), "x");

    assertEquals(List.of("new", "old"), store().list().stream().map(BackupManifest::name).toList());
    assertEquals(Map.of("Acme_Store", "1.0.0"), store().require("old").modules());
  }

  @Test
  void anUnknownNameIsNoRollbackFoundListingWhatExistsNewestFirst() throws IOException {
    SetupRunnerException none = assertThrows(SetupRunnerException.class, () -> store().require("x"));
    assertEquals(ErrorKind.BACKUP_NOT_FOUND, none.kind());
    assertTrue(none.getMessage().contains("There are no backups there"), none.getMessage());

    make("a", Instant.parse("2026-01-01T00:00:00Z"));
    make("b", Instant.parse("2026-03-01T00:00:00Z"));
    SetupRunnerException some = assertThrows(SetupRunnerException.class, () -> store().require("x"));
    assertTrue(some.getMessage().contains("newest first: b (2026-03-01T00:00:00.000Z), a ("), some.getMessage());
  }

  @Test
  void retentionKeepsTheNewestAndNeverTheOneJustMade() throws IOException {
    make("one", Instant.parse("2026-01-01T00:00:00Z"));
    make("two", Instant.parse("2026-01-02T00:00:00Z"));
    make("three", Instant.parse("2026-01-03T00:00:00Z"));
    // Made last but dated first (a clock set back): still never deleted by its own retention.
    make("just-made", Instant.parse("2025-12-01T00:00:00Z"));

    assertEquals(List.of(), store().prune(0, "just-made"), "0 keeps all");
    assertEquals(List.of("two", "one"), store().prune(2, "just-made"));
    assertEquals(List.of("three", "just-made"), store().list().stream().map(BackupManifest::name).toList());
    assertFalse(Files.exists(dir.resolve("backups/one.sql.gz")));
    assertFalse(Files.exists(dir.resolve("backups/one.json")));
  }

  @Test
  void namesAreCheckedAndDefaultNamesNeverCollide() throws IOException {
    assertEquals(ErrorKind.USAGE, assertThrows(SetupRunnerException.class, () -> store().newName("../x")).kind());
    assertEquals(ErrorKind.USAGE, assertThrows(SetupRunnerException.class, () -> store().newName(".hidden")).kind());
    assertEquals("before-r42", store().newName("before-r42"));

    Instant now = Instant.parse("2026-11-22T10:15:03Z");
    assertEquals("20261122-101503", store().defaultName(now));
    make("20261122-101503", now);
    assertEquals("20261122-101503-2", store().defaultName(now));
    assertTrue(assertThrows(SetupRunnerException.class, () -> store().newName("20261122-101503")).getMessage()
        .contains("exists already"));
  }

  @Test
  void theFolderIsReadableByItsOwnerOnly() throws IOException {
    make("a", Instant.now());
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("backups"))));
  }
}
