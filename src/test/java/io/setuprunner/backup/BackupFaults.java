package io.setuprunner.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.config.Setting;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * BackupFaultsIT's application, runners and wrapped tools: a one-module shop (1.0.0 installed, 1.1.0
 * pending), the runner in this JVM or its own, with any setting replaced, and the database and backup
 * folder as a value to compare before and after.
 */
final class BackupFaults {
  /** Shell lines setting {@code f} to the option file the tool was given. */
  static final String OPTION_FILE_FROM_ARGS = "f=\nfor a in \"$@\"; do case \"$a\" in --defaults-file=*)"
      + " f=\"${a#--defaults-file=}\";; esac; done\n";

  /**
   * What a failed backup must leave as it was.
   *
   * @param modules {@code module=version}, by module
   * @param runs {@code run_id status}, in order
   * @param backups the names {@code backup list} offers
   * @param files every file in the backup folder, hidden ones included
   */
  record Snapshot(List<String> tables, List<String> modules, List<String> runs, long changesets,
      Set<String> backups, Set<String> files) {}

  private final TestDatabase db;
  private final Path root;
  private final Path work;

  BackupFaults(TestDatabase db, Path root) {
    this.db = db;
    this.root = root;
    this.work = root.getParent();
  }

  /** The shop upgraded to 1.0.0, with 1.1.0 (two tables) then written and pending. */
  static BackupFaults primed(TestDatabase db, Path dir) {
    BackupFaults faults = new BackupFaults(db, shop(dir.resolve("app"), false).root());
    CliRun first = faults.cli(Map.of(), "upgrade");
    assertEquals(0, first.exitCode(), first.output());
    shop(dir.resolve("app"), true);
    return faults;
  }

  /** Module Acme_Shop: 1.0.0 makes shop_one with a few rows; 1.1.0 adds shop_two and shop_three. */
  static AppFixture shop(Path dir, boolean withPending) {
    AppFixture shop = AppFixture.empty(dir)
        .module("Acme_Shop", withPending ? "1.1.0" : "1.0.0")
        .changelog("Acme_Shop", "1.0.0", AppFixture.createTable("s-1", "shop_one"),
            AppFixture.sql("s-2", "INSERT INTO shop_one (id) VALUES (1), (2), (3), (4), (5), (6), (7)"));
    return withPending ? shop.changelog("Acme_Shop", "1.1.0", AppFixture.createTable("s-3", "shop_two"),
        AppFixture.createTable("s-4", "shop_three")) : shop;
  }

  Path root() {
    return root;
  }

  Path backupDir() {
    return root.resolve("var/backups");
  }

  /** {@code command}, the application root, then the test database's settings as flags with {@code overrides}. */
  List<String> args(Map<String, String> overrides, List<String> command) {
    Map<String, String> settings = new LinkedHashMap<>(db.settings());
    settings.putAll(overrides);
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--root", root.toString()));
    settings.forEach((key, value) -> args.addAll(List.of(Setting.byKey(key).orElseThrow().flag().orElseThrow(), value)));
    return args;
  }

  CliRun cli(Map<String, String> overrides, String... command) {
    return cli(Map.of(), overrides, command);
  }

  CliRun cli(Map<String, String> environment, Map<String, String> overrides, String... command) {
    return CliRun.run(environment, args(overrides, List.of(command)).toArray(String[]::new));
  }

  RunnerProcess start(String name, Map<String, String> environment, Map<String, String> overrides,
      List<String> command) {
    return RunnerProcess.start(work.resolve("logs"), name, environment,
        args(overrides, command).toArray(String[]::new));
  }

  /** How a runner under a file size limit ended: its exit code, and stdout and stderr together. */
  record Finished(int exitCode, String output) {}

  /**
   * Runs the runner in its own JVM with the shell's {@code ulimit -f}: a write past {@code kilobytes} fails
   * with EFBIG ("File too large"), as on a full disk or quota (the JVM ignores SIGXFSZ).
   */
  Finished runLimited(int kilobytes, List<String> command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + kilobytes + " && exec \"$@\"", "bash",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
        "-XX:TieredStopAtLevel=1", "-cp", RunnerProcess.jar().toString(), "io.setuprunner.Main"));
    line.addAll(args(Map.of(), command));
    // Its output through a pipe, which the limit does not cut short as it would a file.
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("SETUP_RUNNER_"));
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not exit within a minute of closing its output\n" + output);
    }
    return new Finished(process.exitValue(), output);
  }

  /** Skips the test where {@code ulimit -f} does not stop a write (no bash, or a sandbox ignoring it). */
  static void assumeFileSizeLimitWorks(Path dir) throws IOException, InterruptedException {
    Path probe = dir.resolve("ulimit-probe");
    int exit;
    try {
      exit = new ProcessBuilder("bash", "-c", "ulimit -f 8 && exec head -c 20000 /dev/zero > \"$1\"", "bash",
          probe.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      exit = 0;
    }
    long size = Files.exists(probe) ? Files.size(probe) : -1;
    Files.deleteIfExists(probe);
    Assumptions.assumeTrue(exit != 0 && size == 8192, "ulimit -f does not limit file writes here (exit " + exit
        + ", wrote " + size + " bytes): the full-disk case cannot be made");
  }

  /** The database's own dump tool, which the wrappers call. */
  String realDump() {
    return realTool("backup.dump-command", "mariadb-dump", "mysqldump");
  }

  String realClient() {
    return realTool("backup.client-command", "mariadb", "mysql");
  }

  private String realTool(String setting, String... names) {
    String configured = db.settings().get(setting);
    if (configured != null) {
      return configured;
    }
    for (String name : names) {
      for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!path.isEmpty() && Files.isExecutable(Path.of(path, name))) {
          return Path.of(path, name).toString();
        }
      }
    }
    throw new IllegalStateException("no " + String.join(" or ", names) + " on PATH");
  }

  /**
   * An executable shell script in the test's folder, wrapping the tool {@code real}: {@code --version} (which
   * the runner asks first) goes straight to it, anything else runs {@code body}.
   */
  Path script(String name, String real, String body) {
    try {
      Path file = Files.createDirectories(work.resolve("bin")).resolve(name);
      Files.writeString(file, "#!/bin/sh\n[ \"$1\" = --version ] && exec \"" + real + "\" --version\n" + body);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A wrapper that writes its pid, the option file it was given and that file's and folder's modes into
   * {@code log}, waits two seconds (for {@link ProcScan} to look at every process meanwhile), then becomes
   * {@code real}.
   *
   * <p>MariaDB's tools from 11.4 on verify the server's certificate whenever a password is given, and can
   * vouch for a self-signed one only through the server's account records, which the embedded test server
   * runs without: so the wrapper, not the runner, turns the check off (right after the option file, which
   * must come first).
   */
  Path spyingTool(String name, String real, Path log) {
    return script(name, real, OPTION_FILE_FROM_ARGS
        + "{ echo \"pid $$\"; echo \"file $f\"; echo \"mode $(stat -c %a \"$f\")\";"
        + " echo \"dirmode $(stat -c %a \"$(dirname \"$f\")\")\"; } > \"" + log + ".tmp\"\n"
        + "mv \"" + log + ".tmp\" \"" + log + "\"\n"
        + "sleep 2\n"
        + "first=\"$1\"; shift\n"
        + "case \"$(\"" + real + "\" --version)\" in\n"
        + "  *MariaDB*) exec \"" + real + "\" \"$first\" --skip-ssl-verify-server-cert \"$@\" ;;\n"
        + "  *) exec \"" + real + "\" \"$first\" \"$@\" ;;\n"
        + "esac\n");
  }

  Snapshot snapshot() throws SQLException {
    return new Snapshot(db.tables(),
        optional(() -> db.column("SELECT CONCAT(module, '=', version) FROM setup_runner_module ORDER BY module")),
        optional(() -> db.column("SELECT CONCAT(run_id, ' ', status) FROM setup_runner_run ORDER BY id")),
        optional(() -> db.column("SELECT COUNT(*) FROM setup_runner_changelog")).stream().mapToLong(Long::parseLong)
            .sum(),
        new TreeSet<>(listed()), backupFiles());
  }

  /** The database, the backup list and the backup folder just as {@code before}. */
  void assertUntouched(Snapshot before) throws SQLException {
    assertEquals(before, snapshot(), "the failed backup changed nothing");
  }

  long rows(String table) throws SQLException {
    return optional(() -> db.column("SELECT COUNT(*) FROM " + table)).stream().mapToLong(Long::parseLong).sum();
  }

  /** Waits until {@code runner}'s run row shows a changeset under way (it holds the lock). */
  void awaitRunning(RunnerProcess runner, Duration timeout) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (rows("setup_runner_run WHERE pid = " + runner.pid() + " AND status = 'RUNNING' AND changeset IS NOT NULL")
          > 0) {
        return;
      }
      if (!runner.isAlive()) {
        throw new AssertionError("the runner ended before running a changeset\n" + runner.output());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the runner never started a changeset\n" + runner.output());
  }

  List<String> listed() {
    return listedManifests().stream().map(m -> m.get("name").asText()).toList();
  }

  /** What {@code backup list --json} offers. */
  List<JsonNode> listedManifests() {
    CliRun list = cli(Map.of(), "backup", "list", "--json");
    assertEquals(0, list.exitCode(), list.output());
    try {
      List<JsonNode> manifests = new ArrayList<>();
      new ObjectMapper().readTree(list.out()).get("backups").forEach(manifests::add);
      return manifests;
    } catch (IOException e) {
      throw new AssertionError("backup list --json printed no JSON\n" + list.output(), e);
    }
  }

  /** Every file in the backup folder, hidden ones (work in progress) included. */
  Set<String> backupFiles() {
    if (!Files.isDirectory(backupDir())) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(backupDir())) {
      return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Query {
    List<String> run() throws SQLException;
  }

  /** A query's rows; none when the runner's tables do not exist (yet). */
  private static List<String> optional(Query query) throws SQLException {
    try {
      return query.run();
    } catch (SQLException e) {
      if (e.getErrorCode() == 1146) {
        return List.of();
      }
      throw e;
    }
  }
}
