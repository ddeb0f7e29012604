package io.setuprunner.support;

/** The text of a Liquibase XML changelog, with the header Setup Runner's changelogs use, around its elements. */
public final class ChangelogXml {
  private ChangelogXml() {}

  /** A changelog holding {@code elements} ({@code <changeSet>}, {@code <include>}, ...), one per line. */
  public static String of(String... elements) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
              http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
        """ + String.join("\n", elements) + "\n</databaseChangeLog>\n";
  }
}
