package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A database password, wherever it is given, shows in no output, log, ZooKeeper node, table or file of any command. */
@ExtendWith(MariaDbExtension.class)
class SecretsSweepIT {
  // Letters, digits and '-' only: it passes URL parsing unchanged, so a leak would show verbatim.
  private static final String PASSWORD = "Sw33p-S3cret-xyz";
  // The losing password when both the URL and a setting give one: it must stay hidden too.
  private static final String URL_PASSWORD = "Sw33p-Url-L0ser";
  private static final String UNREACHABLE = "jdbc:mysql://127.0.0.1:1/nowhere";
  private static final Pattern LISTENING = Pattern.compile("Serving .* on http://[^:]+:(\\d+)");

  @TempDir Path dir;

  /** Every place a password can be given; each builds the environment and flags that put it there. */
  enum Placement {
    /** db.password as the environment variable SETUP_RUNNER_DB_PASSWORD. */
    SETTING_ENVIRONMENT,
    /** db.password in {@code <root>/setup-runner.properties}. */
    SETTING_PROPERTIES_FILE,
    /** --db-password-file: a file outside the root whose first line is the password. */
    PASSWORD_FILE,
    /** user-info, {@code jdbc:mysql://app:PW@host/db}, given as the flag --db-url. */
    URL_USER_INFO,
    /** query, {@code jdbc:mysql://host/db?user=app&password=PW}, given as SETUP_RUNNER_DB_URL. */
    URL_QUERY;

    /** The environment and the arguments (after the command) that connect to {@code url} with {@code password}. */
    Given give(String url, Path root, Path secrets, String password) throws IOException {
      Map<String, String> env = new HashMap<>();
      List<String> args = new ArrayList<>(List.of("--root", root.toString()));
      if (!inUrl()) {
        env.put("SETUP_RUNNER_DB_URL", url);
        env.put("SETUP_RUNNER_DB_USER", "app");
      }
      switch (this) {
        case SETTING_ENVIRONMENT -> env.put("SETUP_RUNNER_DB_PASSWORD", password);
        case SETTING_PROPERTIES_FILE -> Files.writeString(root.resolve("setup-runner.properties"),
            "db.password=" + password + "\n");
        case PASSWORD_FILE -> {
          Path file = Files.createDirectories(secrets).resolve("db-password");
          Files.writeString(file, password + "\n");
          args.addAll(List.of("--db-password-file", file.toString()));
        }
        case URL_USER_INFO -> args.addAll(List.of("--db-url", url.replace("//", "//app:" + password + "@")));
        case URL_QUERY -> env.put("SETUP_RUNNER_DB_URL",
            url + (url.contains("?") ? "&" : "?") + "user=app&password=" + password);
      }
      return new Given(env, args);
    }

    boolean inUrl() {
      return this == URL_USER_INFO || this == URL_QUERY;
    }
  }

  /** How a placement configures a command. */
  record Given(Map<String, String> env, List<String> args) {
    Given with(String name, String value) {
      Map<String, String> more = new HashMap<>(env);
      more.put(name, value);
      return new Given(more, args);
    }
  }

  @ParameterizedTest
  @EnumSource(Placement.class)
  void everyCommandKeepsThePasswordToItself(Placement placement, TestDatabase db) throws Exception {
    // The sample shop for realistic tables and output, plus one slow changeset so the in-progress
    // node can be read from ZooKeeper while the run is inside it.
    AppFixture app = AppFixture.sample(dir.resolve("app")).module("Acme_Slow", "1.0.0").changelog("Acme_Slow",
        "1.0.0", AppFixture.sql("slow-1", "SELECT SLEEP(2)"), AppFixture.createTable("slow-2", "slow_two"));
    db.allowLogin("app", PASSWORD);
    Map<String, String> seen = new LinkedHashMap<>();
    RunnerProcess serve = null;
    try (TestingServer zk = new TestingServer(true);
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      client.start();
      Given given = placement.give(db.url(), app.root(), dir.resolve("secrets"), PASSWORD)
          .with("SETUP_RUNNER_ZOOKEEPER_CONNECT", zk.getConnectString());

      expect(2, seen, given, "status", "--verbose");

      // Processes, so Logback's lines (Liquibase's per-changeset log with --verbose) are captured as well.
      RunnerProcess upgrade = process("upgrade", given, "upgrade", "--verbose");
      Set<String> nodes = new LinkedHashSet<>();
      Set<String> served = new LinkedHashSet<>();
      int port = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (upgrade.isAlive() && System.nanoTime() < deadline) {
        collect(client, "/", nodes);
        // Started once the run is inside the slow changeset, so serve reads a run in progress.
        if (serve == null && nodes.stream().anyMatch(n -> n.contains("slow-1"))) {
          serve = process("serve", given, "serve", "--port", "0");
        }
        if (serve != null && port == 0) {
          port = port(serve, false);
        }
        if (port != 0) {
          served.add(get(port, "/status").body());
        }
        Thread.sleep(100);
      }
      assertEquals(0, upgrade.waitFor(Duration.ofMinutes(1)), upgrade.output());
      assertTrue(upgrade.stderr().contains("INFO"), "--verbose shows Liquibase's log:\n" + upgrade.output());
      assertTrue(nodes.stream().anyMatch(n -> n.contains("slow-1")), "the in-progress node was read: " + nodes);
      seen.put("upgrade --verbose stdout", upgrade.stdout());
      seen.put("upgrade --verbose stderr", upgrade.stderr());

      assertTrue(serve != null, "serve was started during the run");
      port = port == 0 ? port(serve, true) : port;
      awaitReady(port, serve);
      for (String path : List.of("/ready", "/status", "/metrics")) {
        HttpResponse<String> answer = get(port, path);
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        seen.put("serve " + path, answer.body());
      }
      seen.put("serve /status during the run", String.join("\n", served));
      collect(client, "/", nodes);
      ProcessHandle.of(serve.pid()).ifPresent(ProcessHandle::destroy);
      assertEquals(143, serve.waitFor(Duration.ofSeconds(30)), "SIGTERM stops serve\n" + serve.output());
      seen.put("serve stdout", serve.stdout());
      seen.put("serve stderr", serve.stderr());

      expect(0, seen, given, "status");
      expect(0, seen, given, "status", "--json");
      expect(0, seen, given, "status", "--verbose");
      expect(0, seen, given, "history");
      expect(0, seen, given, "history", "--json");
      expect(0, seen, given, "wait", "--timeout", "5s");
      expect(0, seen, given, "cache", "rebuild");
      // No run died inside a changeset, so there is nothing to resolve: a usage error, still worth reading.
      String resolve = expect(64, seen, given, "resolve", "--applied", "Acme_Slow/1.0.0.xml::slow-1::test");
      assertTrue(resolve.contains("Nothing needs resolving"), resolve);
      expect(0, seen, given, "upgrade", "--maintenance");
      expect(0, seen, given, "maintenance", "status");
      collect(client, "/", nodes);
      seen.put("ZooKeeper nodes", String.join("\n", nodes));
    } finally {
      if (serve != null && serve.isAlive()) {
        serve.kill();
      }
    }
    Map<String, String> tables = tables(db);
    assertTrue(tables.keySet().containsAll(List.of("table setup_runner_run", "table setup_runner_changelog",
        "table setup_runner_module", "table setup_runner_fence", "table slow_two")), tables.keySet().toString());
    assertTrue(tables.get("table setup_runner_run").contains("SUCCEEDED"), tables.get("table setup_runner_run"));
    seen.putAll(tables);
    seen.putAll(files(app.root().resolve("var")));
    assertTrue(seen.containsKey("file var/cache/config.json"), seen.keySet().toString());
    assertNowhere(PASSWORD, seen);
  }

  @ParameterizedTest
  @EnumSource(Placement.class)
  void anUnreachableDatabaseIsNamedWithoutThePassword(Placement placement) throws Exception {
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_One", "1.0.0")
        .changelog("Acme_One", "1.0.0", AppFixture.createTable("one-1", "one"));
    Given given = placement.give(UNREACHABLE, app.root(), dir.resolve("secrets"), PASSWORD);
    Map<String, String> seen = new LinkedHashMap<>();
    // Every command fails where the pool opens, and each refused connection costs a second (the pool pauses
    // before giving up): three commands stand for all, one reading, one writing, one taking the lock first.
    List<List<String>> commands = List.of(List.of("status", "--verbose"),
        List.of("upgrade", "--verbose", "--maintenance"),
        List.of("resolve", "--applied", "Acme_One/1.0.0.xml::one-1::test"));
    for (List<String> command : commands) {
      List<String> all = new ArrayList<>(command);
      all.addAll(List.of("--db-connect-timeout", "1s"));
      String output = expect(69, seen, given, all.toArray(String[]::new));
      // The URL shown is the one the user wrote, so they recognise it, with its credentials masked.
      String shown = switch (placement) {
        case URL_USER_INFO -> UNREACHABLE.replace("//", "//app:******@");
        case URL_QUERY -> UNREACHABLE + "?user=app&password=******";
        default -> UNREACHABLE;
      };
      assertTrue(output.contains("Cannot connect to the database " + shown + " as user 'app'"), output);
    }
    assertTrue(Files.exists(app.root().resolve("var/.maintenance.flag")), "maintenance stays on after the failure");
    seen.putAll(files(app.root().resolve("var")));
    assertNowhere(PASSWORD, seen);
  }

  @ParameterizedTest
  @EnumSource(value = Placement.class, names = {"SETTING_ENVIRONMENT", "SETTING_PROPERTIES_FILE", "PASSWORD_FILE"})
  void aPasswordInBothUrlAndSettingIsWarnedAboutWithoutEither(Placement setting, TestDatabase db) throws Exception {
    // A changeset that fails stores the driver's error in setup_runner_run.error: text from outside, kept too.
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_Bad", "1.0.0").changelog("Acme_Bad", "1.0.0",
        AppFixture.createTable("bad-1", "bad_one"), AppFixture.sql("bad-2", "SELECT * FROM no_such_table"));
    db.allowLogin("app", PASSWORD);
    Given given = setting.give(db.url(), app.root(), dir.resolve("secrets"), PASSWORD)
        .with("SETUP_RUNNER_DB_URL", db.url().replace("//", "//app:" + URL_PASSWORD + "@"));
    Map<String, String> seen = new LinkedHashMap<>();
    for (String output : List.of(expect(2, seen, given, "status"), expect(4, seen, given, "upgrade", "--verbose"),
        expect(4, seen, given, "status", "--verbose"))) {
      assertTrue(output.contains("wins over the password in db.url"), output);
    }
    expect(0, seen, given, "history", "--json");
    Map<String, String> tables = tables(db);
    assertTrue(tables.get("table setup_runner_run").contains("no_such_table"), "the error was stored: " + tables);
    seen.putAll(tables);
    seen.putAll(files(app.root().resolve("var")));
    assertNowhere(PASSWORD, seen);
    assertNowhere(URL_PASSWORD, seen);
  }

  /** Fails naming every place, and the line there, that holds {@code password}. */
  private static void assertNowhere(String password, Map<String, String> places) {
    List<String> leaks = new ArrayList<>();
    places.forEach((where, text) -> text.lines().filter(line -> line.contains(password))
        .forEach(line -> leaks.add(where + ": " + line)));
    assertEquals(List.of(), leaks, "the password shows in " + leaks.size() + " line(s)");
  }

  /**
   * Runs a command in this JVM, asserts its exit code and keeps its stdout, stderr and log lines in {@code seen};
   * returns stderr. Logback writes to whatever System.err is at the time, so swapping it catches the log.
   */
  private static String expect(int exit, Map<String, String> seen, Given given, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(given.args());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    CliRun run;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      run = CliRun.run(given.env(), args.toArray(String[]::new));
    } finally {
      System.setErr(stderr);
    }
    String name = String.join(" ", command);
    assertEquals(exit, run.exitCode(), name + "\n" + run.output());
    seen.merge(name + " stdout", run.out(), String::concat);
    seen.merge(name + " stderr", run.err(), String::concat);
    seen.merge(name + " log", log.toString(StandardCharsets.UTF_8), String::concat);
    return run.err();
  }

  private RunnerProcess process(String name, Given given, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(given.args());
    return RunnerProcess.start(dir.resolve("logs"), name, given.env(), args.toArray(String[]::new));
  }

  /** The port serve says it listens on; 0 while it has not said yet, unless {@code wait}. */
  private static int port(RunnerProcess serve, boolean wait) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    do {
      Matcher m = LISTENING.matcher(serve.stderr());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!serve.isAlive()) {
        throw new AssertionError("serve ended:\n" + serve.output());
      }
      if (wait) {
        Thread.sleep(100);
      }
    } while (wait && System.nanoTime() < deadline);
    if (wait) {
      throw new AssertionError("serve never listened:\n" + serve.output());
    }
    return 0;
  }

  private static void awaitReady(int port, RunnerProcess serve) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (get(port, "/ready").statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("/ready never answered 200\n" + serve.output());
      }
      Thread.sleep(100);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every node's path and data under {@code path}. */
  private static void collect(CuratorFramework client, String path, Set<String> into) {
    try {
      byte[] data = client.getData().forPath(path);
      into.add(path + " " + (data == null ? "" : new String(data, StandardCharsets.UTF_8)));
      for (String child : client.getChildren().forPath(path)) {
        collect(client, path.equals("/") ? "/" + child : path + "/" + child, into);
      }
    } catch (Exception ignore) {
      // ignore: nodes come and go while the run advances
    }
  }

  /** Every row of every table, one line per row, every column as text. */
  private static Map<String, String> tables(TestDatabase db) throws Exception {
    Map<String, String> tables = new LinkedHashMap<>();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      for (String table : db.tables()) {
        StringBuilder rows = new StringBuilder();
        try (ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              rows.append(rs.getString(i)).append(i < columns ? " | " : "\n");
            }
          }
        }
        tables.put("table " + table, rows.toString());
      }
    }
    return tables;
  }

  /** Every file under {@code var}, keyed by its path from the root. */
  private static Map<String, String> files(Path var) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    if (Files.isDirectory(var)) {
      try (Stream<Path> paths = Files.walk(var)) {
        for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
          // Bytes as Latin-1: any file reads, and an ASCII password still matches.
          files.put("file " + var.getParent().relativize(file), new String(Files.readAllBytes(file),
              StandardCharsets.ISO_8859_1));
        }
      }
    }
    return files;
  }

  @Test
  void theCacheCommandNeverSeesThePassword() {
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_One", "1.0.0")
        .changelog("Acme_One", "1.0.0", AppFixture.createTable("one-1", "one"));
    RunnerProcess run = RunnerProcess.start(dir.resolve("logs"), "cache-command",
        Map.of("SETUP_RUNNER_DB_PASSWORD", PASSWORD, "SETUP_RUNNER_CACHE_COMMAND", "env; exit 1",
            "SETUP_RUNNER_DB_URL", UNREACHABLE.replace("//", "//app:" + PASSWORD + "@")),
        "cache", "rebuild", "--root", app.root().toString());

    assertEquals(73, run.waitFor(Duration.ofSeconds(60)), run.output());
    assertTrue(run.stderr().contains("PATH="), "the command's output is shown: " + run.output());
    assertFalse(run.output().contains(PASSWORD), run.output());
  }
}
