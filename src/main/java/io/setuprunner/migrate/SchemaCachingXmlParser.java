package io.setuprunner.migrate;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.SchemaFactory;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import org.xml.sax.SAXException;

/**
 * Liquibase's XML changelog parser, validating exactly as it does (against the XSD each changelog names,
 * found by Liquibase's resolver), but keeping each XSD once it is read. Liquibase's own parser reads and
 * compiles the 68 KB changelog XSD again for every file, a quarter of the runner's CPU in a pass over
 * hundreds of changelogs (docs/performance.md).
 */
public final class SchemaCachingXmlParser extends XMLChangeLogSAXParser {
  /** Holds the grammars: the schema keeps them only as long as a parser made from it lives. */
  private final SAXParser grammarHolder;

  public SchemaCachingXmlParser() {
    SAXParserFactory factory = getSaxParserFactory();
    try {
      if (factory.isValidating()) {
        // A schema without sources validates by the documents' own schemaLocation hints (resolved by
        // Liquibase's resolver, as before), and keeps every grammar it loads for the next document.
        factory.setSchema(SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema());
        factory.setValidating(false); // DTD validation stays off; the schema above validates
      }
      grammarHolder = factory.newSAXParser();
    } catch (SAXException | ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML Schema support is missing", e);
    }
  }

  @Override
  public int getPriority() {
    return super.getPriority() + 1;
  }
}
