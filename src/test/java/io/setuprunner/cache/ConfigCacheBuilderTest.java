package io.setuprunner.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.ModuleConfigReader;
import io.setuprunner.module.ModuleDescriptor;
import io.setuprunner.module.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link ConfigCacheBuilder}: modules in catalog order, later modules' defaults win. */
class ConfigCacheBuilderTest {
  @TempDir
  Path dir;

  private final ConfigCacheBuilder builder = new ConfigCacheBuilder();
  private final Instant now = Instant.parse("2024-05-01T12:00:00Z");

  private Module module(String name, String version, String configXml) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    Map<String, String> config = Map.of();
    if (configXml != null) {
      config = new ModuleConfigReader().read(Files.writeString(folder.resolve("config.xml"), configXml));
    }
    Version v = Version.parse(version);
    return new Module(new ModuleDescriptor(name, v, List.of(), folder.resolve("module.xml")),
        new TreeMap<>(Map.of(v, folder.resolve(version + ".xml"))), config);
  }

  private static String defaults(String section, String group, String field, String value) {
    return "<config><default><" + section + "><" + group + "><" + field + ">" + value + "</" + field + "></"
        + group + "></" + section + "></default></config>";
  }

  @Test
  void laterModuleOverridesEarlierModule() throws IOException {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.0.0", defaults("web", "default", "front", "cms")),
        module("Acme_Catalog", "1.2.0", defaults("web", "default", "front", "catalog"))));

    ConfigCache cache = builder.build(catalog, "r1", now);

    assertEquals(Map.of("web/default/front", "catalog"), cache.config());
  }

  @Test
  void overrideFollowsCatalogOrderNotName() throws IOException {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Zeta", "1.0.0", defaults("a", "b", "c", "from-zeta")),
        module("Alpha", "1.0.0", defaults("a", "b", "c", "from-alpha"))));

    assertEquals("from-alpha", builder.build(catalog, "r1", now).config().get("a/b/c"));
  }

  @Test
  void mergesDistinctPathsFromEveryModule() throws IOException {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.0.0", defaults("web", "default", "front", "cms")),
        module("Acme_Inventory", "1.0.0", null),
        module("Acme_Catalog", "1.0.0", defaults("catalog", "seo", "suffix", ".html"))));

    ConfigCache cache = builder.build(catalog, "r1", now);

    assertEquals(Map.of("web/default/front", "cms", "catalog/seo/suffix", ".html"), cache.config());
    assertEquals(List.of("catalog/seo/suffix", "web/default/front"), List.copyOf(cache.config().keySet()));
  }

  @Test
  void listsModulesInCatalogOrderWithDeclaredVersions() throws IOException {
    ModuleCatalog catalog = new ModuleCatalog(List.of(
        module("Acme_Store", "1.0.0", null),
        module("Acme_Catalog", "1.10.0", null),
        module("Acme_Alpha", "2.0", null)));

    ConfigCache cache = builder.build(catalog, "r1", now);

    assertEquals(List.of(
        new ConfigCache.ModuleEntry("Acme_Store", "1.0.0"),
        new ConfigCache.ModuleEntry("Acme_Catalog", "1.10.0"),
        new ConfigCache.ModuleEntry("Acme_Alpha", "2.0")), cache.modules());
  }

  @Test
  void recordsFormatReleaseAndTime() throws IOException {
    ConfigCache cache = builder.build(new ModuleCatalog(List.of(module("Acme_Store", "1.0.0", null))), "r7", now);

    assertEquals(ConfigCache.FORMAT, cache.format());
    assertEquals("r7", cache.release());
    assertEquals(now, cache.generatedAt());
  }

  @Test
  void emptyCatalogGivesEmptyCache() {
    ConfigCache cache = builder.build(new ModuleCatalog(List.of()), "r1", now);

    assertEquals(List.of(), cache.modules());
    assertEquals(Map.of(), cache.config());
  }
}
