package io.setuprunner.bench;

import io.setuprunner.support.ChangelogXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's application: M modules of one version each, ten changesets and twenty statements per
 * module, the shape of a Magento install (tables, a foreign key, added columns, indexes, inserts, a column
 * change, an update). The same statements are kept for the plain-JDBC floor.
 */
final class Workload {
  static final int CHANGESETS_PER_MODULE = 10;

  private Workload() {}

  static String module(int i) {
    return String.format("Bench_M%03d", i);
  }

  /** The module's changesets, each a list of SQL statements, in order. */
  static List<List<String>> changesets(int i) {
    String a = "bench_" + i + "_item";
    String b = "bench_" + i + "_stock";
    List<List<String>> sets = new ArrayList<>();
    sets.add(List.of("CREATE TABLE " + a + " (id INT NOT NULL PRIMARY KEY, name VARCHAR(64), created DATETIME)"));
    sets.add(List.of("CREATE TABLE " + b + " (id INT NOT NULL PRIMARY KEY, item_id INT NOT NULL, qty INT)"));
    sets.add(List.of("ALTER TABLE " + b + " ADD CONSTRAINT fk_" + b + " FOREIGN KEY (item_id) REFERENCES " + a
        + " (id)"));
    sets.add(List.of("ALTER TABLE " + a + " ADD COLUMN sku VARCHAR(32)", "ALTER TABLE " + a
        + " ADD COLUMN price DECIMAL(10,2)"));
    sets.add(List.of("CREATE INDEX ix_" + a + "_sku ON " + a + " (sku)", "CREATE INDEX ix_" + b + "_item ON " + b
        + " (item_id, qty)"));
    List<String> items = new ArrayList<>();
    for (int row = 1; row <= 6; row++) {
      items.add("INSERT INTO " + a + " (id, name, sku) VALUES (" + row + ", 'item " + row + "', 'SKU-" + i + "-" + row
          + "')");
    }
    sets.add(items);
    List<String> stock = new ArrayList<>();
    for (int row = 1; row <= 4; row++) {
      stock.add("INSERT INTO " + b + " (id, item_id, qty) VALUES (" + row + ", " + row + ", " + (row * 10) + ")");
    }
    sets.add(stock);
    sets.add(List.of("ALTER TABLE " + a + " MODIFY name VARCHAR(128)"));
    sets.add(List.of("UPDATE " + a + " SET price = 9.99 WHERE price IS NULL"));
    sets.add(List.of("ALTER TABLE " + b + " ADD COLUMN note VARCHAR(64)"));
    return sets;
  }

  /** Writes {@code changelogs/} with {@code modules} modules, and a master changelog for plain Liquibase. */
  static void write(Path changelogs, int modules) throws IOException {
    List<String> includes = new ArrayList<>();
    for (int i = 1; i <= modules; i++) {
      Path dir = Files.createDirectories(changelogs.resolve(module(i)));
      Files.writeString(dir.resolve("module.xml"), "<?xml version=\"1.0\"?>\n<config><module name=\"" + module(i)
          + "\" setup_version=\"1.0.0\"/></config>\n");
      List<List<String>> sets = changesets(i);
      List<String> elements = new ArrayList<>();
      for (int c = 0; c < sets.size(); c++) {
        elements.add("  <changeSet id=\"c" + (c + 1) + "\" author=\"bench\">\n    <sql>"
            + String.join(";\n", sets.get(c)) + "</sql>\n  </changeSet>");
      }
      Files.writeString(dir.resolve("1.0.0.xml"), ChangelogXml.of(elements.toArray(String[]::new)));
      includes.add("  <include file=\"changelogs/" + module(i) + "/1.0.0.xml\"/>");
    }
    Files.writeString(changelogs.resolveSibling("master.xml"), ChangelogXml.of(includes.toArray(String[]::new)));
  }
}
