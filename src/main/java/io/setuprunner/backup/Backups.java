package io.setuprunner.backup;

import io.setuprunner.config.BackupSettings;
import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.Text;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Makes a backup with the database's own dump tool, checks one against its manifest, and loads one with the
 * database's own client. A backup is written under a temporary name, synced, then renamed, and listed only
 * once its manifest is written; whatever fails leaves no file behind.
 */
public final class Backups {
  /** The state of the database a backup is taken of, recorded in its manifest. */
  public record Subject(String release, Map<String, String> modules, String serverVersion, List<String> tables,
      String runId, String takenBy) {}

  /** A backup just made, and the old ones retention deleted after it. */
  public record Made(BackupManifest backup, List<String> pruned) {}

  private static final int BUFFER = 64 * 1024;
  /**
   * MariaDB's tools from 11.4 on insist on TLS with a verified certificate where the JDBC driver does not: the
   * tools' own option files are where to say otherwise, and the runner's login file includes them.
   */
  private static final String TLS_HINT = " The tool's TLS settings differ from the JDBC driver's: give it the"
      + " server's CA (ssl-ca=...) under [client] in ~/.my.cnf or /etc/mysql/my.cnf, which it still reads, or on a"
      + " trusted network ssl-verify-server-cert=0 (skip-ssl for a server without TLS); or use the tools of the"
      + " server's own version (docs/backup.md, \"How the password reaches the tools\").";

  private final BackupStore store;
  private final BackupTools tools;
  private final BackupSettings settings;
  private final DatabaseSettings database;
  private final Consumer<String> progress;
  private final Clock clock;

  public Backups(BackupStore store, BackupTools tools, BackupSettings settings, DatabaseSettings database,
      Consumer<String> progress, Clock clock) {
    this.store = store;
    this.tools = tools;
    this.settings = settings;
    this.database = database;
    this.progress = progress;
    this.clock = clock;
  }

  public BackupStore store() {
    return store;
  }

  /** Dumps the database into a new backup named {@code name}, then applies {@code backup.keep}. */
  public Made create(String name, Subject subject) {
    BackupTools.Tool tool = tools.dump(settings.dumpCommand());
    Instant start = clock.instant();
    Path temporary = null;
    try (ToolLogin login = ToolLogin.of(database)) {
      Path partial = store.prepare().resolve("." + name + ".sql.gz.partial");
      Files.deleteIfExists(partial); // left by a process killed while it made a backup of this name
      temporary = Files.createFile(partial,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      List<String> command = new ArrayList<>();
      command.add(tool.path().toString());
      command.addAll(login.options());
      command.addAll(List.of("--single-transaction", "--routines", "--triggers", "--events", "--hex-blob",
          "--default-character-set=utf8mb4", "--no-tablespaces", "--skip-dump-date",
          "--ignore-table=" + database.database() + "." + io.setuprunner.state.DatabaseObjects.NOT_BACKED_UP));
      if (tool.isMysql8()) {
        command.addAll(List.of("--column-statistics=0", "--set-gtid-purged=OFF"));
      }
      command.add(database.database());
      MessageDigest sha = sha256();
      Path target = temporary;
      ToolRun.Result result = ToolRun.run(command, "Backup " + name, "dumped", 0, progress,
          (process, moved) -> dump(process, target, sha, moved));
      if (result.exitCode() != 0) {
        throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, tool.path().getFileName() + " failed (exit "
            + result.exitCode() + ") making backup " + name + ": " + said(login, result.errors())
            + " No backup was kept and nothing was executed; fix the cause and try again.");
      }
      BackupManifest backup = new BackupManifest(BackupManifest.SCHEMA, name, start, database.database(),
          subject.release(), subject.modules(), subject.serverVersion(), tool.version(), name + ".sql.gz",
          Files.size(temporary), result.moved(), HexFormat.of().formatHex(sha.digest()),
          Duration.between(start, clock.instant()).toMillis(), subject.runId(), subject.takenBy(), subject.tables());
      store.publish(temporary, backup);
      temporary = null;
      return new Made(backup, store.prune(settings.keep(), name));
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Could not write backup " + name + " to "
          + store.dir() + ": " + e.getMessage() + (String.valueOf(e.getMessage()).contains("space")
              || String.valueOf(e.getMessage()).contains("too large") ? " (the disk or this user's quota is full)"
              : "") + ". No backup was kept and nothing was executed; free space or set backup.dir, then try again.",
          e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /** The tool's error output as a sentence, so the advice after it does not run on from its last line. */
  private static String said(ToolLogin login, String errors) {
    return (errors.isEmpty() ? "it printed no error." : Text.sentence(login.masked(errors)))
        + (errors.contains("TLS/SSL") ? TLS_HINT : "");
  }


  private static void dump(Process process, Path target, MessageDigest sha, AtomicLong moved) throws IOException {
    process.getOutputStream().close();
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE);
        InputStream in = process.getInputStream()) {
      OutputStream file = new DigestOutputStream(Channels.newOutputStream(channel), sha);
      GZIPOutputStream gzip = new GZIPOutputStream(file, BUFFER);
      copy(in, gzip, moved);
      gzip.finish();
      gzip.flush();
      channel.force(true);
    }
  }

  /**
   * Reads the whole backup file: its SHA-256 must be the manifest's and it must decompress to the end. Done
   * before anything is touched, so a changed or cut-short file is refused with the database as it was.
   */
  public void verify(BackupManifest backup) {
    Path file = store.dataFile(backup);
    if (!Files.isRegularFile(file)) {
      throw corrupt(backup, file + " is missing");
    }
    MessageDigest sha = sha256();
    try (InputStream in = new GZIPInputStream(new DigestInputStream(Files.newInputStream(file), sha), BUFFER)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw corrupt(backup, file + " cannot be read to its end (" + e.getMessage() + "): it is damaged or cut short");
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(backup.sha256())) {
      throw corrupt(backup, file + " has SHA-256 " + actual + ", its manifest says " + backup.sha256()
          + ": it was changed or cut short after it was made");
    }
  }

  /**
   * The client that loads a backup ({@code backup.client-command}, else found), found before a restore touches
   * anything: a restore with no client to load the backup must not drop a table first.
   */
  public BackupTools.Tool client() {
    ToolLogin.server(database); // a db.url the tools cannot take is refused here too, before anything is dropped
    return tools.client(settings.clientCommand());
  }

  /**
   * Streams the backup into {@code tool}, the {@link #client()}; the caller holds the lock and has verified the
   * file.
   */
  public void load(BackupManifest backup, BackupTools.Tool tool) {
    try (ToolLogin login = ToolLogin.of(database)) {
      List<String> command = new ArrayList<>();
      command.add(tool.path().toString());
      command.addAll(login.options());
      command.addAll(List.of("--default-character-set=utf8mb4", "--binary-mode", database.database()));
      ToolRun.Result result;
      try {
        result = ToolRun.run(command, "Restore " + backup.name(), "loaded", backup.dumpBytes(), progress,
            (process, moved) -> load(process, store.dataFile(backup), moved));
      } catch (IOException e) {
        throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Loading backup " + backup.name() + " failed: "
            + e.getMessage() + ".", e);
      }
      if (result.exitCode() != 0) {
        throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, tool.path().getFileName() + " failed (exit "
            + result.exitCode() + ") loading backup " + backup.name() + ": " + said(login, result.errors()));
      }
    }
  }

  private static void load(Process process, Path file, AtomicLong moved) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BUFFER);
        OutputStream out = process.getOutputStream()) {
      copy(in, out, moved);
    } catch (IOException e) {
      // A client that stopped reading (a broken pipe) has said why on stderr: wait for it to exit, and leave the
      // telling to its exit status and error output. Only a client that exits 0 without all of it is our failure.
      try {
        if (process.waitFor() != 0) {
          return;
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }

  private static void copy(InputStream in, OutputStream out, AtomicLong moved) throws IOException {
    byte[] buffer = new byte[BUFFER];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      moved.addAndGet(n);
    }
  }

  private static SetupRunnerException corrupt(BackupManifest backup, String problem) {
    return new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Backup " + backup.name() + " cannot be restored: "
        + problem + ". Nothing was touched. Restore another backup (setup-runner backup list), or copy this one"
        + " back from wherever it was archived.");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover starts with a dot and is never listed
      }
    }
  }
}
