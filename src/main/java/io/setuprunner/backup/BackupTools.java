package io.setuprunner.backup;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the database's own dump and client programs: the configured one, else the embedded server's (the
 * try-out), else the first of MariaDB's and MySQL's names on {@code PATH}.
 */
public final class BackupTools {
  /** One program, and whether it is MySQL's (which needs a few options of its own against MariaDB). */
  public record Tool(Path path, String version) {
    /**
     * MySQL's mysqldump 8 and later asks for column statistics MariaDB lacks, and writes GTID state a restore
     * cannot load.
     */
    boolean isMysql8() {
      return !version.contains("MariaDB") && version.matches("(?s).*(Ver|Distrib) ([89]|\\d\\d)\\..*");
    }

    @Override
    public String toString() {
      return path + (version.isEmpty() ? "" : " (" + version + ")");
    }
  }

  private final Optional<Path> embeddedBin;
  private final String pathVariable;

  /**
   * @param embeddedBin the embedded MariaDB's {@code bin} folder, whose tools come first
   * @param pathVariable the {@code PATH} to search
   */
  public BackupTools(Optional<Path> embeddedBin, String pathVariable) {
    this.embeddedBin = embeddedBin;
    this.pathVariable = pathVariable == null ? "" : pathVariable;
  }

  /** The dump tool: {@code backup.dump-command}, else mariadb-dump or mysqldump. */
  public Tool dump(Optional<String> configured) {
    return find(configured, "backup.dump-command", List.of("mariadb-dump", "mysqldump"), "make a backup");
  }

  /** The client that loads a dump: {@code backup.client-command}, else mariadb or mysql. */
  public Tool client(Optional<String> configured) {
    return find(configured, "backup.client-command", List.of("mariadb", "mysql"), "load a backup");
  }

  private Tool find(Optional<String> configured, String setting, List<String> names, String purpose) {
    if (configured.isPresent()) {
      String command = configured.get();
      Optional<Path> found = command.contains(File.separator)
          ? Optional.of(Path.of(command)).filter(Files::isExecutable)
          : onPath(command);
      return found.map(BackupTools::tool).orElseThrow(() -> new SetupRunnerException(ErrorKind.BACKUP_FAILED,
          setting + " names " + command + ", which is " + (command.contains(File.separator)
              ? "not an executable file" : "not on PATH") + ", so Setup Runner cannot " + purpose
              + ". Point " + setting + " at the program (such as /usr/bin/" + names.get(0) + "). Nothing was"
              + " executed."));
    }
    List<Path> candidates = new ArrayList<>();
    embeddedBin.ifPresent(bin -> names.forEach(n -> candidates.add(bin.resolve(n))));
    for (String name : names) {
      onPath(name).ifPresent(candidates::add);
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(BackupTools::tool)
        .orElseThrow(() -> new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Neither " + String.join(" nor ", names)
            + " is on PATH, so Setup Runner cannot " + purpose + ". Install the database's client tools (Debian:"
            + " apt install mariadb-client, or mysql-client for MySQL), or set " + setting + " to the program."
            + " Nothing was executed."));
  }

  private Optional<Path> onPath(String name) {
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  /** The program with its {@code --version} line, which the manifest records and the options depend on. */
  private static Tool tool(Path path) {
    try {
      Process process = ToolRun.withoutSecrets(new ProcessBuilder(path.toString(), "--version"))
          .redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readNBytes(4096);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      return new Tool(path, new String(output, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim());
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, path + " cannot be started: " + e.getMessage()
          + ". Check that it is the database's client program and runs on this machine. Nothing was executed.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SetupRunnerException(ErrorKind.STOPPED, "Stopped while checking " + path, e);
    }
  }
}
