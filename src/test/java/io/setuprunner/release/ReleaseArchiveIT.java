package io.setuprunner.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.config.Setting;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.AuditMarkerExtension;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The release archive as a deploy pipeline ships it: unpacked anywhere, it runs with only Java installed. */
@ExtendWith(MariaDbExtension.class)
class ReleaseArchiveIT {
  @TempDir Path dir;

  record Result(int exitCode, String output) {}

  @Test
  void archiveHoldsTheLauncherTheJarTheDocsAndASampleSettingsFileUnderOneVersionedFolder() throws Exception {
    Path install = unpack();

    Set<String> expected = new TreeSet<>(List.of("bin/setup-runner", "bin/upgrade.sh", "lib/setup-runner.jar",
        "README.md", "setup-runner.properties.sample", "ext/README.txt"));
    try (Stream<Path> docs = Files.list(AppFixture.projectDir().resolve("docs"))) {
      docs.forEach(doc -> expected.add("docs/" + doc.getFileName()));
    }
    // An exact list: the embedded MariaDB's jars and the sample shop's changelogs stay out of production.
    assertEquals(expected, filesUnder(install));
    assertTrue(filesUnder(install).contains("docs/install.md"), "the install guide ships with the runner");

    for (String script : List.of("bin/setup-runner", "bin/upgrade.sh")) {
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(install.resolve(script))),
          script);
    }
  }

  @Test
  void sampleSettingsFileShowsEverySettingCommentedOutAndNoPassword() throws Exception {
    List<String> lines = Files.readAllLines(unpack().resolve("setup-runner.properties.sample"), StandardCharsets.UTF_8);

    for (Setting setting : Setting.values()) {
      // The password belongs in a password file, and the debug pause in fault-injection tests only.
      boolean shown = setting != Setting.DB_PASSWORD && setting != Setting.DEBUG_PAUSE;
      assertEquals(shown, lines.stream().anyMatch(line -> line.startsWith("#" + setting.key() + "=")), setting.key());
    }
    assertTrue(lines.stream().allMatch(line -> line.isBlank() || line.startsWith("#")),
        "copied as it is, the sample sets nothing and so keeps every default");
  }

  @Test
  void unpackedLauncherUpgradesAnApplicationElsewhereWithOnlyJavaInstalled(TestDatabase db) throws Exception {
    Path install = unpack();
    Path app = AppFixture.sample(dir.resolve("app")).root();
    try (TestingServer zk = new TestingServer(true)) {
      Map<String, String> env = new HashMap<>(db.environment());
      env.put("SETUP_RUNNER_ZOOKEEPER_CONNECT", zk.getConnectString());
      // Short-lived JVMs start sooner without the optimising compiler, on 2 shared cores too.
      env.put("SETUP_RUNNER_JAVA_OPTS", "-XX:TieredStopAtLevel=1");

      Result version = run(install.resolve("bin/setup-runner"), env, "--version");
      assertEquals(0, version.exitCode(), version.output());
      assertTrue(version.output().contains("setup-runner " + version()), version.output());

      Result upgrade = run(install.resolve("bin/upgrade.sh"), env, "--root", app.toString());
      assertEquals(0, upgrade.exitCode(), upgrade.output());
      assertTrue(upgrade.output().contains("taking the lock (ZooKeeper "), upgrade.output());
      assertTrue(upgrade.output().contains("Upgraded 6 modules"), upgrade.output());
      assertTrue(Files.isRegularFile(app.resolve("var/cache/config.json")), "the cache goes to the application");

      Result status = run(install.resolve("bin/setup-runner"), env, "status", "--root", app.toString());
      assertEquals(0, status.exitCode(), status.output());
      assertTrue(status.output().contains("Up to date"), status.output());
    }
    assertFalse(Files.exists(install.resolve("var")), "the install folder is not the application root");
  }

  @Test
  void aJarInTheArchivesExtDirectoryBringsItsChangeTypeToTheChangelogs(TestDatabase db) throws Exception {
    Path install = unpack();
    assertTrue(Files.readString(install.resolve("ext/README.txt")).contains("Liquibase extensions"));
    Files.copy(AuditMarkerExtension.build(dir, "extension v1"), install.resolve("ext/audit-marker.jar"));
    Path app = AppFixture.empty(dir.resolve("app")).module("Acme_Audit", "1.0.0").write("Acme_Audit/1.0.0.xml",
        AuditMarkerExtension.changelog(AuditMarkerExtension.changeset("audit-1", "ext", "from the archive"))).root();

    Map<String, String> environment = new java.util.HashMap<>(db.environment());
    environment.put("SETUP_RUNNER_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
    Result upgrade = run(install.resolve("bin/upgrade.sh"), environment, "--root", app.toString());

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertEquals(List.of("from the archive by extension v1"), AuditMarkerExtension.rows(db));
  }

  @Test
  void setupRunnerJarStillWinsAndAnIncompleteArchiveNamesTheMissingJar() throws Exception {
    Path install = unpack();
    Path elsewhere = dir.resolve("elsewhere.jar");

    Result chosen = run(install.resolve("bin/setup-runner"), Map.of("SETUP_RUNNER_JAR", elsewhere.toString()),
        "--version");
    assertEquals(69, chosen.exitCode(), chosen.output());
    assertTrue(chosen.output().contains("SETUP_RUNNER_JAR=" + elsewhere + " is not a file"), chosen.output());

    Files.delete(install.resolve("lib/setup-runner.jar"));
    Result incomplete = run(install.resolve("bin/setup-runner"), Map.of(), "--version");
    assertEquals(69, incomplete.exitCode(), incomplete.output());
    assertTrue(incomplete.output().contains("no jar at " + install.resolve("lib/setup-runner.jar")),
        incomplete.output());
  }

  private static String version() throws IOException {
    String configured = System.getProperty("setupRunner.version");
    if (configured != null) {
      return configured;
    }
    String name = archive().getFileName().toString();
    return name.substring("setup-runner-".length(), name.length() - ".tar.gz".length());
  }

  private static Path archive() throws IOException {
    String configured = System.getProperty("setupRunner.releaseArchive");
    if (configured != null) {
      Path archive = Path.of(configured);
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException(archive + " is missing: integration tests run after `mvn package` (use mvn verify)");
      }
      return archive;
    }
    // Run outside failsafe (from an IDE): whichever archive the last package left.
    try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of("target"), "setup-runner-*.tar.gz")) {
      for (Path archive : found) {
        return archive.toAbsolutePath();
      }
    }
    throw new IllegalStateException("no target/setup-runner-*.tar.gz: run `mvn package` first");
  }

  /** Unpacks the archive with tar, as an operator would, and returns its one top folder. */
  private Path unpack() throws Exception {
    Path into = Files.createDirectories(dir.resolve("opt"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive().toString(), "-C", into.toString())
        .redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tar.waitFor(1, TimeUnit.MINUTES) && tar.exitValue() == 0, "tar -xzf failed:\n" + output);
    try (Stream<Path> top = Files.list(into)) {
      assertEquals(List.of(into.resolve("setup-runner-" + version())), top.toList(), "one versioned top folder");
    }
    return into.resolve("setup-runner-" + version());
  }

  private static Set<String> filesUnder(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return new TreeSet<>(paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList());
    }
  }

  /**
   * Runs a script of the unpacked archive from a folder that is neither the install nor the
   * application, with a PATH that holds what the scripts themselves call (bash, env, dirname) and
   * nothing else: no java, so JAVA_HOME must find it, and no mvn to build a jar with.
   */
  private Result run(Path script, Map<String, String> settings, String... args) throws Exception {
    Path tools = minimalPath();
    Path log = Files.createTempFile(dir, "run", ".log");
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", tools.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(settings);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script.getFileName() + " hung:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private Path minimalPath() throws IOException {
    Path tools = dir.resolve("path");
    if (Files.isDirectory(tools)) {
      return tools;
    }
    Files.createDirectories(tools);
    for (String tool : List.of("bash", "env", "dirname")) {
      Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + tool + " in /usr/bin or /bin"));
      // A copy rather than a symbolic link, which JUnit warns about when it cleans the folder up.
      Files.copy(found, tools.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return tools;
  }
}
