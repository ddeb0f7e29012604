package io.setuprunner.module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Reads a module's {@code config.xml} defaults in Magento's shape,
 * {@code <config><default><section><group><field>value</field></group></section></default></config>},
 * into paths such as {@code section/group/field}.
 */
public final class ModuleConfigReader {
  private final XmlFiles xml = new XmlFiles();

  /** The defaults in {@code file}, in file order; throws {@link InvalidModuleException} naming the file. */
  public Map<String, String> read(Path file) {
    Element root;
    try {
      root = xml.read(file).getDocumentElement();
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidModuleException(file, "cannot be read as module configuration (" + e.getMessage()
          + "): fix the XML, shaped <config><default><section><group><field>value</field>...");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Element defaults : XmlFiles.childElements(root)) {
      if (defaults.getTagName().equals("default")) {
        collect(defaults, "", values);
      }
    }
    return values;
  }

  private static void collect(Element parent, String prefix, Map<String, String> values) {
    for (Element child : XmlFiles.childElements(parent)) {
      String path = prefix.isEmpty() ? child.getTagName() : prefix + "/" + child.getTagName();
      if (XmlFiles.childElements(child).isEmpty()) {
        values.put(path, child.getTextContent().strip());
      } else {
        collect(child, path, values);
      }
    }
  }
}
