package io.setuprunner.module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Reads a {@code module.xml} in Magento's shape: {@code <config><module name setup_version><sequence>}. */
public final class DescriptorReader {
  private final XmlFiles xml = new XmlFiles();

  static final String EXAMPLE =
      "<config><module name=\"Acme_Sales\" setup_version=\"1.0.0\"><sequence><module name=\"Acme_Catalog\"/>"
          + "</sequence></module></config>";

  /** Returns the descriptor, or throws {@link InvalidModuleException} saying what is wrong with the file. */
  public ModuleDescriptor read(Path file) {
    Document document;
    try {
      document = xml.read(file);
    } catch (IOException e) {
      throw new InvalidModuleException(file, "cannot be read (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new InvalidModuleException(file, "is not well-formed XML (" + e.getMessage() + ")");
    }
    Element module = moduleElement(document.getDocumentElement(), file);
    String name = module.getAttribute("name").trim();
    if (name.isEmpty()) {
      throw new InvalidModuleException(file, "has no name: add name=\"Vendor_Module\" to <module>");
    }
    String versionText = module.getAttribute("setup_version").trim();
    if (versionText.isEmpty()) {
      throw new InvalidModuleException(
          file, "declares no setup_version: add setup_version=\"1.0.0\" to <module name=\"" + name + "\">");
    }
    Version version =
        Version.tryParse(versionText)
            .orElseThrow(
                () ->
                    new InvalidModuleException(
                        file,
                        "declares setup_version=\""
                            + versionText
                            + "\", which is not a version: use numbers separated by dots, such as 1.2.0"));
    return new ModuleDescriptor(name, version, dependencies(module, file), file);
  }

  private static Element moduleElement(Element root, Path file) {
    if (root.getTagName().equals("module")) {
      return root;
    }
    List<Element> modules = children(root, "module");
    if (!root.getTagName().equals("config") || modules.size() != 1) {
      throw new InvalidModuleException(
          file, "must hold exactly one <module> inside <config>, for example " + EXAMPLE);
    }
    return modules.get(0);
  }

  private static List<String> dependencies(Element module, Path file) {
    List<String> names = new ArrayList<>();
    for (Element sequence : children(module, "sequence")) {
      for (Element dependency : children(sequence, "module")) {
        String name = dependency.getAttribute("name").trim();
        if (name.isEmpty()) {
          throw new InvalidModuleException(file, "has a <sequence><module> without a name attribute");
        }
        names.add(name);
      }
    }
    return names;
  }

  private static List<Element> children(Element parent, String tag) {
    return XmlFiles.childElements(parent).stream().filter(e -> e.getTagName().equals(tag)).toList();
  }
}
