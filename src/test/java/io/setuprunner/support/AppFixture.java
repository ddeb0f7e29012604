package io.setuprunner.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** An application root on disk for a test: the sample shop, or modules written by the test. */
public final class AppFixture {
  private final Path root;

  private AppFixture(Path root) {
    this.root = root;
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("setupRunner.projectDir", ".")).toAbsolutePath().normalize();
  }

  /** A copy of the project's sample application ({@code changelogs/}). */
  public static AppFixture sample(Path dir) {
    copyTree(projectDir().resolve("changelogs"), dir.resolve("changelogs"));
    return new AppFixture(dir);
  }

  public static AppFixture empty(Path dir) {
    try {
      Files.createDirectories(dir.resolve("changelogs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AppFixture(dir);
  }

  public Path root() {
    return root;
  }

  public Path changelogs() {
    return root.resolve("changelogs");
  }

  /** Writes {@code changelogs/<name>/module.xml}. */
  public AppFixture module(String name, String version, String... dependencies) {
    String sequence = dependencies.length == 0 ? "" : "<sequence>" + Arrays.stream(dependencies)
        .map(d -> "<module name=\"" + d + "\"/>").collect(Collectors.joining()) + "</sequence>";
    return write(name + "/module.xml", "<?xml version=\"1.0\"?>\n<config><module name=\"" + name
        + "\" setup_version=\"" + version + "\">" + sequence + "</module></config>\n");
  }

  /** Writes {@code changelogs/<module>/<version>.xml} holding the given changeSet elements. */
  public AppFixture changelog(String module, String version, String... changesets) {
    return write(module + "/" + version + ".xml", ChangelogXml.of(changesets));
  }

  /** A changeset running raw SQL. */
  public static String sql(String id, String sql) {
    return "<changeSet id=\"" + id + "\" author=\"test\"><sql>" + sql + "</sql></changeSet>";
  }

  /** A changeset creating a one-column table. */
  public static String createTable(String id, String table) {
    return "<changeSet id=\"" + id + "\" author=\"test\"><createTable tableName=\"" + table + "\">"
        + "<column name=\"id\" type=\"INT\"/></createTable></changeSet>";
  }

  public AppFixture write(String pathUnderChangelogs, String text) {
    Path file = changelogs().resolve(pathUnderChangelogs);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
