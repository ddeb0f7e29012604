package io.setuprunner.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link DescriptorReader}: the module.xml shapes it accepts and the errors it reports. */
class DescriptorReaderTest {
  @TempDir
  Path dir;

  private final DescriptorReader reader = new DescriptorReader();

  private Path write(String xml) throws IOException {
    return Files.writeString(dir.resolve("module.xml"), xml);
  }

  private InvalidModuleException assertInvalid(String xml) throws IOException {
    Path file = write(xml);
    InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> reader.read(file));
    assertTrue(e.getMessage().contains(file.toString()), () -> "message should name the file: " + e.getMessage());
    return e;
  }

  @Test
  void readsConfigWrappedModuleWithSequence() throws IOException {
    Path file = write("""
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
          <module name="Acme_Sales" setup_version="1.2.0">
            <sequence>
              <module name="Acme_Catalog"/>
              <module name="Acme_Customer"/>
            </sequence>
          </module>
        </config>
        """);

    ModuleDescriptor descriptor = reader.read(file);

    assertEquals("Acme_Sales", descriptor.name());
    assertEquals(Version.parse("1.2.0"), descriptor.setupVersion());
    assertEquals("1.2.0", descriptor.setupVersion().toString());
    assertEquals(List.of("Acme_Catalog", "Acme_Customer"), descriptor.dependencies());
    assertEquals(file, descriptor.file());
  }

  @Test
  void readsBareModuleRootWithoutDependencies() throws IOException {
    Path file = write("<module name=\"Acme_Store\" setup_version=\"1.0\"/>");

    ModuleDescriptor descriptor = reader.read(file);

    assertEquals("Acme_Store", descriptor.name());
    assertEquals(Version.parse("1.0.0"), descriptor.setupVersion());
    assertEquals(List.of(), descriptor.dependencies());
  }

  @Test
  void trimsNameAndVersionAttributes() throws IOException {
    Path file = write("<config><module name=\"  Acme_Store \" setup_version=\" 2.0.1 \"/></config>");

    ModuleDescriptor descriptor = reader.read(file);

    assertEquals("Acme_Store", descriptor.name());
    assertEquals("2.0.1", descriptor.setupVersion().toString());
  }

  @Test
  void malformedXmlIsReportedAsNotWellFormed() throws IOException {
    InvalidModuleException e = assertInvalid("<config><module name=\"A\" setup_version=\"1.0.0\"></config>");
    assertTrue(e.getMessage().contains("well-formed"), e.getMessage());
  }

  @Test
  void missingNameIsReported() throws IOException {
    InvalidModuleException e = assertInvalid("<config><module setup_version=\"1.0.0\"/></config>");
    assertTrue(e.getMessage().contains("has no name"), e.getMessage());
  }

  @Test
  void blankNameIsReported() throws IOException {
    InvalidModuleException e = assertInvalid("<config><module name=\"  \" setup_version=\"1.0.0\"/></config>");
    assertTrue(e.getMessage().contains("has no name"), e.getMessage());
  }

  @Test
  void missingSetupVersionIsReported() throws IOException {
    InvalidModuleException e = assertInvalid("<config><module name=\"Acme_Store\"/></config>");
    assertTrue(e.getMessage().contains("setup_version"), e.getMessage());
    assertTrue(e.getMessage().contains("Acme_Store"), e.getMessage());
  }

  @Test
  void setupVersionThatIsNotAVersionIsReported() throws IOException {
    InvalidModuleException e =
        assertInvalid("<config><module name=\"Acme_Store\" setup_version=\"1.0-beta\"/></config>");
    assertTrue(e.getMessage().contains("1.0-beta"), e.getMessage());
    assertTrue(e.getMessage().contains("not a version"), e.getMessage());
  }

  @Test
  void configWithTwoModulesIsRefused() throws IOException {
    InvalidModuleException e = assertInvalid("""
        <config>
          <module name="A" setup_version="1.0.0"/>
          <module name="B" setup_version="1.0.0"/>
        </config>
        """);
    assertTrue(e.getMessage().contains("exactly one <module>"), e.getMessage());
  }

  @Test
  void configWithoutModuleIsRefused() throws IOException {
    InvalidModuleException e = assertInvalid("<config/>");
    assertTrue(e.getMessage().contains("exactly one <module>"), e.getMessage());
  }

  @Test
  void otherRootElementIsRefused() throws IOException {
    InvalidModuleException e = assertInvalid("<modules><module name=\"A\" setup_version=\"1.0.0\"/></modules>");
    assertTrue(e.getMessage().contains("<config>"), e.getMessage());
  }

  @Test
  void sequenceModuleWithoutNameIsRefused() throws IOException {
    InvalidModuleException e = assertInvalid(
        "<config><module name=\"A\" setup_version=\"1.0.0\"><sequence><module/></sequence></module></config>");
    assertTrue(e.getMessage().contains("<sequence><module> without a name"), e.getMessage());
  }

  @Test
  void doctypeIsRefusedSoNoExternalEntityIsResolved() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "Leaked_Name");
    InvalidModuleException e = assertInvalid("<?xml version=\"1.0\"?>\n"
        + "<!DOCTYPE config [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
        + "<config><module name=\"&xxe;\" setup_version=\"1.0.0\"/></config>");
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertFalse(e.getMessage().contains("Leaked_Name"), e.getMessage());
  }

  @Test
  void unreadableFileIsReported() {
    Path missing = dir.resolve("absent.xml");
    InvalidModuleException e = assertThrows(InvalidModuleException.class, () -> reader.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
  }
}
