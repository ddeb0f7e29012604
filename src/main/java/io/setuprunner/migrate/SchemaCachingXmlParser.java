package io.setuprunner.migrate;

import javax.xml.XMLConstants;
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
  public SchemaCachingXmlParser() {
    SAXParserFactory factory = getSaxParserFactory();
    if (factory.isValidating()) {
      try {
        // A schema without sources validates by the documents' own schemaLocation hints, and keeps
        // every grammar it loads for the next document.
        factory.setSchema(SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema());
        factory.setValidating(false); // DTD validation stays off; the schema above validates
      } catch (SAXException e) {
        throw new IllegalStateException("the JDK's XML Schema support is missing", e);
      }
    }
  }

  @Override
  public int getPriority() {
    return super.getPriority() + 1;
  }
}
