package io.setuprunner.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link ModuleConfigReader}: config.xml defaults flattened into slash-separated paths. */
class ModuleConfigReaderTest {
  @TempDir
  Path dir;

  private final ModuleConfigReader reader = new ModuleConfigReader();

  private Map<String, String> read(String xml) throws IOException {
    return reader.read(Files.writeString(dir.resolve("config.xml"), xml));
  }

  @Test
  void flattensSectionGroupFieldIntoPaths() throws IOException {
    Map<String, String> values = read("""
        <?xml version="1.0"?>
        <config>
          <default>
            <catalog>
              <frontend>
                <list_mode>grid</list_mode>
                <grid_per_page>12</grid_per_page>
              </frontend>
              <seo>
                <product_url_suffix>.html</product_url_suffix>
              </seo>
            </catalog>
          </default>
        </config>
        """);

    assertEquals(Map.of(
        "catalog/frontend/list_mode", "grid",
        "catalog/frontend/grid_per_page", "12",
        "catalog/seo/product_url_suffix", ".html"), values);
  }

  @Test
  void keepsDocumentOrder() throws IOException {
    Map<String, String> values = read(
        "<config><default><s><g><b>1</b><a>2</a></g></s></default></config>");

    assertEquals(List.of("s/g/b", "s/g/a"), List.copyOf(values.keySet()));
  }

  @Test
  void stripsWhitespaceAndIgnoresComments() throws IOException {
    Map<String, String> values = read("<config><default><web><default>"
        + "<!-- replaces cms --><front>\n   catalog\n  </front></default></web></default></config>");

    assertEquals(Map.of("web/default/front", "catalog"), values);
  }

  @Test
  void emptyFieldGivesEmptyValue() throws IOException {
    assertEquals(Map.of("a/b/c", ""), read("<config><default><a><b><c/></b></a></default></config>"));
  }

  @Test
  void cdataIsReadAsText() throws IOException {
    assertEquals(Map.of("a/b/c", "<b>bold</b>"),
        read("<config><default><a><b><c><![CDATA[<b>bold</b>]]></c></b></a></default></config>"));
  }

  @Test
  void onlyDefaultScopeIsRead() throws IOException {
    Map<String, String> values = read("<config><default><a><b><c>1</c></b></a></default>"
        + "<websites><main><a><b><c>2</c></b></a></main></websites></config>");

    assertEquals(Map.of("a/b/c", "1"), values);
  }

  @Test
  void configWithoutDefaultsIsEmpty() throws IOException {
    assertEquals(Map.of(), read("<config/>"));
  }

  @Test
  void malformedXmlIsAnInvalidModuleNamingTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("config.xml"), "<config><default>");

    InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> reader.read(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
