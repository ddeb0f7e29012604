package io.setuprunner.module;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the small XML files modules ship (descriptors, config defaults) without resolving anything external.
 * One instance reuses one parser: making a parser costs more than parsing a descriptor, and a no-op deploy
 * of a large application reads hundreds of them. Not for use by several threads at once.
 */
public final class XmlFiles {
  private final DocumentBuilder builder = builder();

  /** Parses {@code file}; throws {@link IllegalArgumentException} with a line number when it is not well-formed. */
  public Document read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      builder.reset();
      builder.setErrorHandler(null);
      return builder.parse(in);
    } catch (SAXParseException e) {
      throw new IllegalArgumentException(
          "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage(), e);
    } catch (SAXException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The element children of {@code parent}, in document order (text and comments skipped). */
  public static List<Element> childElements(Element parent) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        found.add((Element) nodes.item(i));
      }
    }
    return found;
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // Descriptors never need a DTD; refusing one closes the door on XXE.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
    }
  }
}
