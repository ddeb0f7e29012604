package io.setuprunner.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

/**
 * The generated changelog of a pass over several versions, which includes each version's changelog in order:
 * one update, one read of the history. It lives in a temporary directory of its own, deleted on close.
 */
final class PlanChangelog implements AutoCloseable {
  /** Its name, as the update is given it. */
  static final String FILE = "setup-runner-plan.xml";

  private final Path dir;

  /** @param changelogs the versions' changelog paths under {@code changelogs/}, in the order they run */
  PlanChangelog(Collection<String> changelogs) throws IOException {
    this.dir = Files.createTempDirectory("setup-runner-plan");
    StringBuilder master = new StringBuilder("""
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
              http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
        """);
    changelogs.forEach(path -> master.append("  <include file=\"").append(xml(path)).append("\"/>\n"));
    Files.writeString(dir.resolve(FILE), master.append("</databaseChangeLog>\n"));
  }

  /** Finds the versions' changelogs under {@code changelogsDir} and this one beside them. */
  ResourceAccessor accessor(Path changelogsDir) throws IOException {
    return new CompositeResourceAccessor(new DirectoryResourceAccessor(changelogsDir),
        new DirectoryResourceAccessor(dir));
  }

  private static String xml(String path) {
    return path.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir.resolve(FILE));
      Files.deleteIfExists(dir);
    } catch (IOException ignore) {
      // ignore: a temporary file left in the temp directory is harmless
    }
  }
}
