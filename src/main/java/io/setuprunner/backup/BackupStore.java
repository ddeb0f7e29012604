package io.setuprunner.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.AtomicFiles;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The backup folder ({@code backup.dir}): {@code NAME.sql.gz} and its manifest {@code NAME.json} per backup.
 * Work in progress has a name starting with a dot and is never listed.
 */
public final class BackupStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final DateTimeFormatter DEFAULT_NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final ObjectMapper json;

  public BackupStore(Path dir, ObjectMapper json) {
    this.dir = dir;
    this.json = json;
  }

  public Path dir() {
    return dir;
  }

  /** Every backup, newest first. */
  public List<BackupManifest> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<BackupManifest> backups = new ArrayList<>();
    try (DirectoryStream<Path> manifests = Files.newDirectoryStream(dir, "[!.]*.json")) {
      for (Path manifest : manifests) {
        backups.add(read(manifest));
      }
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Could not read the backup folder " + dir + ": "
          + e.getMessage(), e);
    }
    backups.sort(Comparator.comparing(BackupManifest::createdAt).thenComparing(BackupManifest::name).reversed());
    return backups;
  }

  public Optional<BackupManifest> find(String name) {
    return list().stream().filter(b -> b.name().equals(name)).findFirst();
  }

  /** The backup named so; else the NoRollbackFound case, with the names that do exist. */
  public BackupManifest require(String name) {
    return find(name).orElseThrow(() -> {
      List<BackupManifest> all = list();
      return new SetupRunnerException(ErrorKind.BACKUP_NOT_FOUND, "No backup named '" + name + "' in " + dir + "."
          + (all.isEmpty() ? " There are no backups there: take one with setup-runner backup create, or check"
              + " backup.dir." : " The backups there, newest first: " + String.join(", ",
                  all.stream().limit(20).map(b -> b.name() + " (" + io.setuprunner.core.Timestamps.format(
                      b.createdAt()) + ")").toList()) + (all.size() > 20 ? ", and " + (all.size() - 20)
                  + " older" : "") + ". See setup-runner backup list."));
    });
  }

  /** The compressed dump a manifest describes. */
  public Path dataFile(BackupManifest backup) {
    return dir.resolve(backup.file());
  }

  /** A name of the user's: checked, and not taken yet. */
  public String newName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new SetupRunnerException(ErrorKind.USAGE, "'" + name + "' cannot be a backup's name: use up to 100"
          + " letters, digits, '.', '_' and '-', starting with a letter or digit.");
    }
    if (Files.exists(dir.resolve(name + ".json")) || Files.exists(dir.resolve(name + ".sql.gz"))) {
      throw new SetupRunnerException(ErrorKind.USAGE, "A backup named '" + name + "' exists already in " + dir
          + ": choose another --name, or delete it first with setup-runner backup delete " + name + ".");
    }
    return name;
  }

  /** The default name, the time in UTC ({@code 20261122-101503}), with a suffix if that is taken. */
  public String defaultName(Instant now) {
    String base = DEFAULT_NAME.format(now);
    String name = base;
    for (int i = 2; Files.exists(dir.resolve(name + ".json")) || Files.exists(dir.resolve(name + ".sql.gz")); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  /** Creates the folder, readable by this user only: a dump holds every row of the application. */
  Path prepare() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
    return dir;
  }

  /** Makes a finished backup visible: the data under its name, then the manifest that lists it. */
  void publish(Path temporary, BackupManifest backup) throws IOException {
    Files.move(temporary, dataFile(backup), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.write(dir.resolve(backup.name() + ".json"), json.writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(backup));
    // The renames themselves are durable only once the folder is synced.
    try (var channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a folder; the files themselves are synced
    }
  }

  /** Deletes a backup: the manifest first, so that a half-deleted backup is never offered. */
  public BackupManifest delete(String name) {
    BackupManifest backup = require(name);
    try {
      Files.deleteIfExists(dir.resolve(name + ".json"));
      Files.deleteIfExists(dataFile(backup));
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Could not delete backup " + name + " in " + dir + ": "
          + e.getMessage(), e);
    }
    return backup;
  }

  /**
   * Deletes the oldest backups beyond {@code keep}, never {@code justMade}.
   *
   * @return the names deleted
   */
  public List<String> prune(int keep, String justMade) {
    if (keep <= 0) {
      return List.of();
    }
    List<String> deleted = new ArrayList<>();
    List<BackupManifest> all = list();
    int kept = 0;
    for (BackupManifest backup : all) {
      if (backup.name().equals(justMade) || kept < keep - 1) {
        kept += backup.name().equals(justMade) ? 0 : 1;
        continue;
      }
      delete(backup.name());
      deleted.add(backup.name());
    }
    return deleted;
  }

  private BackupManifest read(Path manifest) {
    try {
      return json.readValue(manifest.toFile(), BackupManifest.class);
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "The backup manifest " + manifest + " cannot be read ("
          + e.getMessage() + "). Move it out of " + dir + " if it is not a backup of Setup Runner's.", e);
    }
  }
}
