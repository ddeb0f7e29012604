package io.setuprunner.migrate;

import static io.setuprunner.support.AuditMarkerExtension.changelog;
import static io.setuprunner.support.AuditMarkerExtension.changelogWithItsSchema;
import static io.setuprunner.support.AuditMarkerExtension.changeset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.AuditMarkerExtension;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase extensions (change types, database support) are jars in an {@code ext/} directory that the
 * launcher puts on the classpath; Liquibase finds what they register through its service loader. Proven
 * with a change type compiled while the test runs, through the launcher as a node runs it.
 */
@ExtendWith(MariaDbExtension.class)
class ExtensionJarIT {
  private static final String CHANGELOG = "Acme_Audit/1.0.0.xml";

  @TempDir Path dir;

  @Test
  void aChangeTypeFromAJarInTheExtensionDirectoryRunsInTheDatabase(TestDatabase db) throws Exception {
    Path ext = Files.createDirectories(dir.resolve("ext"));
    Files.copy(AuditMarkerExtension.build(dir, "extension v1"), ext.resolve("audit-marker.jar"));
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_Audit", "1.0.0")
        .write(CHANGELOG, changelog(changeset("audit-1", "ext", "first deploy")));

    RunnerProcess upgrade = launch("upgrade", ext, db, app);

    assertEquals(0, upgrade.waitFor(Duration.ofMinutes(2)), upgrade.output());
    assertTrue(upgrade.stdout().contains("Upgraded 1 module"), upgrade.output());
    assertEquals(List.of("first deploy by extension v1"), AuditMarkerExtension.rows(db));
    assertEquals(List.of("audit-1"), db.column("SELECT id FROM setup_runner_changelog"));
    assertNoWarnings(upgrade);
  }

  @Test
  void withoutTheJarTheUpgradeStopsBeforeAnythingRunsNamingTheChangelogAndWhereTheJarGoes(TestDatabase db)
      throws Exception {
    Path ext = Files.createDirectories(dir.resolve("ext"));
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_Audit", "1.0.0")
        .write(CHANGELOG, changelog(changeset("audit-1", "ext", "first deploy")));

    RunnerProcess unknownChange = launch("upgrade", ext, db, app);

    assertEquals(65, unknownChange.waitFor(Duration.ofMinutes(2)), unknownChange.output());
    assertOneMessage(unknownChange, "Unknown change type 'createAuditMarker'");

    // A changelog that names the extension's own XSD fails as it is read: no jar provides that schema.
    app.write(CHANGELOG, changelogWithItsSchema(changeset("audit-1", "audit", "first deploy")));
    RunnerProcess unknownSchema = launch("upgrade", ext, db, app);

    assertEquals(65, unknownSchema.waitFor(Duration.ofMinutes(2)), unknownSchema.output());
    assertOneMessage(unknownSchema, "Unable to resolve xml entity " + AuditMarkerExtension.AUDIT_XSD);
    assertEquals(List.of(), db.column("SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = DATABASE() AND table_name = 'audit_marker'"), "nothing ran");
  }

  @Test
  void anExtensionsOwnSchemaIsReadFromItsJarAndEnforcedAsPlainLiquibaseDoes(TestDatabase db) throws Exception {
    Path ext = Files.createDirectories(dir.resolve("ext"));
    Files.copy(AuditMarkerExtension.build(dir, "extension v1"), ext.resolve("audit-marker.jar"));
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_Audit", "1.0.0")
        .write(CHANGELOG, changelogWithItsSchema(
            "<changeSet id=\"audit-1\" author=\"test\"><audit:createAuditMarker/></changeSet>"));

    RunnerProcess invalid = launch("upgrade", ext, db, app);

    // The extension's XSD requires marker; the runner's schema-caching parser applies it as Liquibase's would.
    assertEquals(65, invalid.waitFor(Duration.ofMinutes(2)), invalid.output());
    assertTrue(invalid.stderr().contains(CHANGELOG) && invalid.stderr().contains("marker")
        && invalid.stderr().contains("line "), invalid.output());

    app.write(CHANGELOG, changelogWithItsSchema(changeset("audit-1", "audit", "validated")));
    RunnerProcess valid = launch("upgrade", ext, db, app);

    assertEquals(0, valid.waitFor(Duration.ofMinutes(2)), valid.output());
    assertEquals(List.of("validated by extension v1"), AuditMarkerExtension.rows(db));
  }

  @Test
  void addingReplacingOrRemovingAJarNeverMapsAClassDataSharingArchiveRecordedForOtherJars(TestDatabase db)
      throws Exception {
    Path ext = Files.createDirectories(dir.resolve("ext"));
    Path jar = ext.resolve("audit-marker.jar");
    Path cds = Files.createDirectories(dir.resolve("cds"));
    AppFixture app = AppFixture.empty(dir.resolve("app")).module("Acme_Audit", "1.0.0")
        .write(CHANGELOG, changelog(AppFixture.sql("audit-0", "SELECT 1")));

    // Without extensions: the first run records the archive.
    step(cds, "without", ext, db, app, "upgrade");
    assertEquals(1, archiveKeys(cds).size(), "one archive: " + archiveKeys(cds));
    String withoutExtensions = archiveKeys(cds).iterator().next();

    // Added: the classpath changed, so a new archive is recorded, and the change type is found.
    Files.copy(AuditMarkerExtension.build(dir, "extension v1"), jar);
    version(app, "1.1.0", "added");
    step(cds, "added", ext, db, app, "upgrade");
    assertEquals(2, archiveKeys(cds).size(), "a second archive: " + archiveKeys(cds));

    // Unchanged: the next runs map that archive, the extension's class included.
    step(cds, "renaming", ext, db, app, "status");
    version(app, "1.2.0", "shared");
    assertTrue(step(cds, "shared", ext, db, app, "upgrade").contains(AuditMarkerExtension.CHANGE_CLASS
        + " source: shared objects file"), "the extension's class comes from the archive");
    assertEquals(2, archiveKeys(cds).size(), "no new archive: " + archiveKeys(cds));

    // Replaced by another build of the same size and modification time, which the JVM cannot tell apart:
    // the archive must not be used, or its copy of the old class would run.
    Path v2 = AuditMarkerExtension.build(dir, "extension v2");
    assertEquals(Files.size(jar), Files.size(v2), "the two builds differ only in content");
    FileTime modified = Files.getLastModifiedTime(jar);
    Path next = Files.copy(v2, ext.resolve("audit-marker.jar.new"));
    Files.setLastModifiedTime(next, modified);
    Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    version(app, "1.3.0", "replaced");
    assertTrue(step(cds, "replaced", ext, db, app, "upgrade").contains(AuditMarkerExtension.CHANGE_CLASS
        + " source: file:"), "the extension's class comes from the new jar");
    assertEquals(3, archiveKeys(cds).size(), "a third archive: " + archiveKeys(cds));

    // Removed (nothing is pending, so nothing needs the change type): the classpath is the first run's
    // again, and so is the archive, which this run puts in place and maps.
    Files.delete(jar);
    String removed = step(cds, "removed", ext, db, app, "upgrade");
    assertTrue(removed.contains("io.setuprunner.Main source: shared objects file"), "an archive is mapped");
    assertEquals(3, archiveKeys(cds).size(), "no new archive: " + archiveKeys(cds));
    assertTrue(Files.isRegularFile(cds.resolve(withoutExtensions + ".jsa")), "the first run's archive is in place");

    assertEquals(List.of("added by extension v1", "shared by extension v1", "replaced by extension v2"),
        AuditMarkerExtension.rows(db));
  }

  @Test
  void anExtensionDirectoryThatIsNotThereIsRefusedBeforeJavaStarts(TestDatabase db) {
    Path missing = dir.resolve("extensions");
    AppFixture app = AppFixture.empty(dir.resolve("app"));

    RunnerProcess upgrade = launch("upgrade", missing, db, app);

    assertEquals(69, upgrade.waitFor(Duration.ofMinutes(1)), upgrade.output());
    assertEquals("setup-runner: SETUP_RUNNER_EXT_DIR=" + missing + " is not a directory.\n", upgrade.stderr());
  }

  /** Writes {@code version} of Acme_Audit, one marker changeset, and makes it the code's version. */
  private static void version(AppFixture app, String version, String marker) {
    app.module("Acme_Audit", version).write("Acme_Audit/" + version + ".xml",
        changelog(changeset("audit-" + version, "ext", marker)));
  }

  /**
   * Runs {@code command} through the launcher with class data sharing in {@code cds}; it must succeed
   * with nothing on stderr from the JVM and no warning. Returns which classes it loaded from where.
   */
  private String step(Path cds, String name, Path ext, TestDatabase db, AppFixture app, String command)
      throws IOException {
    Path classes = dir.resolve("logs/" + name + ".classes");
    Files.createDirectories(classes.getParent());
    Map<String, String> env = Map.of("SETUP_RUNNER_EXT_DIR", ext.toString(),
        "SETUP_RUNNER_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
    RunnerProcess run = RunnerProcess.launch(dir.resolve("logs"), name, cds, env, args(command, db, app));
    assertEquals(0, run.waitFor(Duration.ofMinutes(2)), name + ":\n" + run.output());
    assertNoWarnings(run);
    return Files.readString(classes);
  }

  /** No warning line from the runner or Liquibase, and nothing the JVM logs or warns about class sharing. */
  private static void assertNoWarnings(RunnerProcess run) {
    List<String> warnings = run.stderr().lines()
        .filter(l -> l.contains("warning") || l.startsWith("[") || l.contains("shar")).toList();
    assertEquals(List.of(), warnings, run.output());
  }

  /** One message naming the changelog, Liquibase's finding and the ext/ directory; no stack trace. */
  private static void assertOneMessage(RunnerProcess run, String finding) {
    String err = run.stderr();
    assertTrue(err.contains("setup-runner: Changelog " + CHANGELOG + " of module Acme_Audit 1.0.0 cannot be read: ")
        && err.contains(finding) && err.contains("put the extension's jar in the runner's ext/ directory")
        && err.contains("Nothing was executed."), run.output());
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace:\n" + err);
  }

  private RunnerProcess launch(String command, Path ext, TestDatabase db, AppFixture app) {
    return RunnerProcess.launch(dir.resolve("logs"), command + "-" + System.nanoTime(), dir.resolve("cds"),
        Map.of("SETUP_RUNNER_EXT_DIR", ext.toString()), args(command, db, app));
  }

  private static String[] args(String command, TestDatabase db, AppFixture app) {
    List<String> args = new java.util.ArrayList<>(List.of(command, "--root", app.root().toString()));
    args.addAll(db.flags());
    return args.toArray(String[]::new);
  }

  /** The archives recorded so far, finished or not, by their key. */
  private static Set<String> archiveKeys(Path cds) throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      return new TreeSet<>(files.map(f -> f.getFileName().toString())
          .map(n -> n.substring(0, n.indexOf(".jsa"))).toList());
    }
  }
}
