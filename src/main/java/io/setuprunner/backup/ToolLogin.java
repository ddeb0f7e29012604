package io.setuprunner.backup;

import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How the dump and client tools log in: user and password in an option file only this process's user can
 * read, named by {@code --defaults-file}, never on the command line, which {@code ps} shows every user
 * of the host. The file is deleted when the tool is done.
 */
final class ToolLogin implements AutoCloseable {
  private static final Pattern FIRST_HOST =
      Pattern.compile("jdbc:mysql:(?:loadbalance:|replication:)?//(\\[[^\\]]+\\]|[^/:?,\\[()=]+)(?::(\\d+))?"
          + "([/?,].*)?");

  private final Path dir;
  private final Path optionFile;
  private final String host;
  private final String port;
  private final String password;

  private ToolLogin(Path dir, Path optionFile, String host, String port, String password) {
    this.dir = dir;
    this.optionFile = optionFile;
    this.host = host;
    this.port = port;
    this.password = password;
  }

  static ToolLogin of(DatabaseSettings database) {
    return of(database, Stream.of("/etc/my.cnf", "/etc/mysql/my.cnf", System.getProperty("user.home") + "/.my.cnf")
        .map(Path::of).toList());
  }

  /**
   * @param optionFiles the option files the tools would read on their own; those that exist are included
   *     before the login, so that their other options (TLS, say) still apply while a user or password in them
   *     (a deploy user's {@code ~/.my.cnf}) cannot win over the runner's login
   */
  static ToolLogin of(DatabaseSettings database, List<Path> optionFiles) {
    Matcher m = server(database);
    String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
    String port = m.group(2) == null ? "3306" : m.group(2);
    String password = database.password().reveal();
    try {
      Path dir = Files.createTempDirectory("setup-runner-login",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = dir.resolve("client.cnf");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      StringBuilder text = new StringBuilder();
      optionFiles.stream().filter(Files::isReadable).forEach(f -> text.append("!include ").append(f).append('\n'));
      text.append("[client]\nuser=").append(quoted(database.user())).append("\npassword=").append(quoted(password))
          .append('\n');
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return new ToolLogin(dir, file, host, port, password);
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "Could not write the dump tool's login file in "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + ". Nothing was executed.", e);
    }
  }

  /**
   * {@code db.url}'s first host and port, or the refusal of a URL in a form the tools cannot take; checked
   * before a restore touches anything, without writing a login file.
   */
  static Matcher server(DatabaseSettings database) {
    Matcher m = FIRST_HOST.matcher(database.url());
    if (!m.matches()) {
      throw new SetupRunnerException(ErrorKind.BACKUP_FAILED, "db.url " + database.shownUrl() + " names its server"
          + " in a form the dump tools cannot take: write it as jdbc:mysql://HOST:PORT/DATABASE to make backups.");
    }
    return m;
  }

  /**
   * The options that come first on the tool's command line: the login file (which must be the very first),
   * then the server. The login file is the only one the tool reads ({@code --defaults-file}): with
   * {@code --defaults-extra-file} a {@code ~/.my.cnf}, read after it, would win. TCP always: MariaDB's and
   * MySQL's tools read {@code localhost} as the local socket.
   */
  List<String> options() {
    return List.of("--defaults-file=" + optionFile, "--protocol=TCP", "--host=" + host, "--port=" + port);
  }

  /** {@code text} with the password masked, for a tool's error output. */
  String masked(String text) {
    return password.isEmpty() ? text : text.replace(password, io.setuprunner.core.Redaction.MASK);
  }

  /** An option file's value: double quotes keep {@code #} and {@code ;}, which otherwise start a comment. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(optionFile);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
