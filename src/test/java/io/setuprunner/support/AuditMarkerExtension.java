package io.setuprunner.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Liquibase extension as a third party would ship one, compiled and packed while the test runs: the change
 * type {@code createAuditMarker}, which records a marker row in {@code audit_marker}, registered in
 * {@code META-INF/services/liquibase.change.Change}, with its own XSD.
 */
public final class AuditMarkerExtension {
  /** The namespace Liquibase's own changelog header declares for extensions (its XSD declares nothing). */
  public static final String EXT_NAMESPACE = "http://www.liquibase.org/xml/ns/dbchangelog-ext";
  /** The namespace of the extension's own XSD, which the jar carries and which requires {@code marker}. */
  public static final String AUDIT_NAMESPACE = "http://www.example.com/xml/ns/audit";
  public static final String AUDIT_XSD = "http://www.example.com/xml/ns/audit/audit-1.0.xsd";
  public static final String CHANGE_CLASS = "com.example.audit.CreateAuditMarkerChange";

  private static final String SOURCE = """
      package com.example.audit;

      import liquibase.change.AbstractChange;
      import liquibase.change.DatabaseChange;
      import liquibase.change.DatabaseChangeProperty;
      import liquibase.database.Database;
      import liquibase.statement.SqlStatement;
      import liquibase.statement.core.RawSqlStatement;

      @DatabaseChange(name = "createAuditMarker", description = "Records an audit marker", priority = 1)
      public class CreateAuditMarkerChange extends AbstractChange {
        private String marker;

        @DatabaseChangeProperty(description = "the marker to record")
        public String getMarker() {
          return marker;
        }

        public void setMarker(String marker) {
          this.marker = marker;
        }

        @Override
        public SqlStatement[] generateStatements(Database database) {
          return new SqlStatement[] {
              new RawSqlStatement("CREATE TABLE IF NOT EXISTS audit_marker (id INT AUTO_INCREMENT PRIMARY KEY,"
                  + " marker VARCHAR(64) NOT NULL, written_by VARCHAR(16) NOT NULL)"),
              new RawSqlStatement("INSERT INTO audit_marker (marker, written_by) VALUES ('"
                  + marker.replace("'", "''") + "', '%s')")};
        }

        @Override
        public String getConfirmationMessage() {
          return "Audit marker " + marker + " recorded";
        }
      }
      """;

  private static final String XSD = """
      <?xml version="1.0" encoding="UTF-8"?>
      <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="%s"
          elementFormDefault="qualified">
        <xsd:element name="createAuditMarker">
          <xsd:complexType>
            <xsd:attribute name="marker" type="xsd:string" use="required"/>
          </xsd:complexType>
        </xsd:element>
      </xsd:schema>
      """.formatted(AUDIT_NAMESPACE);

  private AuditMarkerExtension() {}

  /**
   * Compiles the change against the runner's jar (the Liquibase it runs with) and packs it as
   * {@code <dir>/audit-marker-<writtenBy>/audit-marker.jar}. Each row it inserts names the build that wrote
   * it: {@code writtenBy}, 12 characters, so that two builds make jars of the same size, byte for byte alike
   * but for that name.
   */
  public static Path build(Path dir, String writtenBy) {
    if (writtenBy.length() != 12) {
      throw new IllegalArgumentException("writtenBy must have 12 characters: " + writtenBy);
    }
    try {
      Path work = Files.createDirectories(dir.resolve("audit-marker-" + writtenBy));
      Path source = work.resolve("src/com/example/audit/CreateAuditMarkerChange.java");
      Files.createDirectories(source.getParent());
      Files.writeString(source, SOURCE.formatted(writtenBy));
      Path classes = Files.createDirectories(work.resolve("classes"));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new IllegalStateException("no Java compiler: the tests need a JDK, not a JRE");
      }
      int code = javac.run(null, null, null, "--release", "17", "-proc:none", "-classpath",
          RunnerProcess.jar().toString(), "-d", classes.toString(), source.toString());
      if (code != 0) {
        throw new IllegalStateException("the extension did not compile (javac exit " + code + ")");
      }
      String classFile = CHANGE_CLASS.replace('.', '/') + ".class";
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("META-INF/services/liquibase.change.Change", (CHANGE_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
      // Where Liquibase's resolver looks for a schemaLocation: the URL without its scheme, on the classpath.
      entries.put(AUDIT_XSD.substring("http://".length()), XSD.getBytes(StandardCharsets.UTF_8));
      entries.put(classFile, Files.readAllBytes(classes.resolve(classFile)));
      Path jar = work.resolve("audit-marker.jar");
      writeJar(jar, entries);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stored entries at a fixed time: the jar's size depends only on what it holds. */
  private static void writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.setMethod(ZipEntry.STORED);
      put(out, "META-INF/MANIFEST.MF", manifestBytes(manifest));
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        put(out, entry.getKey(), entry.getValue());
      }
    }
  }

  private static byte[] manifestBytes(Manifest manifest) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    manifest.write(bytes);
    return bytes.toByteArray();
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    JarEntry entry = new JarEntry(name);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
    entry.setTime(946684800000L); // 2000-01-01: the same in every build
    out.putNextEntry(entry);
    out.write(bytes);
    out.closeEntry();
  }

  /** A changelog under Liquibase's own header, which declares {@code ext:} for extensions. */
  public static String changelog(String... changesets) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
            xmlns:ext="%s"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
              http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd
              %s http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-ext.xsd">
        """.formatted(EXT_NAMESPACE, EXT_NAMESPACE) + String.join("\n", changesets) + "\n</databaseChangeLog>\n";
  }

  /** A changelog that names the extension's own XSD for {@code audit:}. */
  public static String changelogWithItsSchema(String... changesets) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
            xmlns:audit="%s"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
              http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd
              %s %s">
        """.formatted(AUDIT_NAMESPACE, AUDIT_NAMESPACE, AUDIT_XSD) + String.join("\n", changesets)
        + "\n</databaseChangeLog>\n";
  }

  /** A changeset of one {@code <prefix:createAuditMarker marker="…"/>}. */
  public static String changeset(String id, String prefix, String marker) {
    return "<changeSet id=\"" + id + "\" author=\"test\"><" + prefix + ":createAuditMarker marker=\"" + marker
        + "\"/></changeSet>";
  }

  /** Every marker row as {@code marker by writtenBy}, in insertion order. */
  public static List<String> rows(TestDatabase db) throws java.sql.SQLException {
    return db.column("SELECT CONCAT(marker, ' by ', written_by) FROM audit_marker ORDER BY id");
  }
}
