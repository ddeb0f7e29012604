package io.setuprunner.module;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the {@link ModuleCatalog} from {@code changelogs/}: one folder per module with a descriptor
 * and one changelog per version. It lists file names only; changelogs are parsed when they run.
 */
public final class CatalogLoader {
  public static final String DESCRIPTOR = "module.xml";
  public static final String CONFIG_DEFAULTS = "config.xml";
  private static final Pattern CHANGELOG = Pattern.compile("(.+)\\.(xml|sql)");

  private final DescriptorReader descriptors = new DescriptorReader();
  private final ModuleConfigReader configReader = new ModuleConfigReader();

  /**
   * Loads every module under {@code changelogsDir}; every problem found is reported at once.
   *
   * @throws SetupRunnerException of kind {@link ErrorKind#INVALID_MODULES}
   */
  public ModuleCatalog load(Path changelogsDir) {
    if (!Files.isDirectory(changelogsDir)) {
      throw invalid(List.of(changelogsDir + " does not exist: the application root must hold a changelogs/"
          + " folder with one folder per module (changelogs/Vendor_Module/module.xml), or pass --root DIR."));
    }
    List<String> problems = new ArrayList<>();
    Map<String, Module> byName = new TreeMap<>();
    for (Path folder : moduleFolders(changelogsDir)) {
      try {
        Module module = loadModule(folder);
        Module twin = byName.putIfAbsent(module.name(), module);
        if (twin != null) {
          problems.add("Two modules are named " + module.name() + ": " + twin.descriptor().file() + " and "
              + module.descriptor().file() + ". Module names must be unique: rename or remove one.");
        }
      } catch (InvalidModuleException e) {
        problems.add(e.getMessage());
      }
    }
    Map<String, List<String>> dependencies = new LinkedHashMap<>();
    byName.values().forEach(m -> {
      for (String need : m.descriptor().dependencies()) {
        if (!byName.containsKey(need)) {
          problems.add(m.descriptor().file() + ": module " + m.name() + " depends on " + need
              + ", which is not a module under " + changelogsDir + ". Add the module, or remove it from <sequence>.");
        }
      }
      dependencies.put(m.name(), m.descriptor().dependencies().stream().filter(byName::containsKey).toList());
    });
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    try {
      return new ModuleCatalog(DependencyOrder.of(dependencies).stream().map(byName::get).toList());
    } catch (IllegalStateException cycle) {
      throw invalid(List.of("The modules' <sequence> dependencies form a cycle: " + cycle.getMessage()
          + ". A module cannot depend on itself through others: remove one of these dependencies."));
    }
  }

  private Module loadModule(Path folder) {
    Path descriptorFile = folder.resolve(DESCRIPTOR);
    if (!Files.isRegularFile(descriptorFile)) {
      throw new InvalidModuleException(folder, "has no " + DESCRIPTOR + ": add a descriptor such as "
          + DescriptorReader.EXAMPLE + ", or remove the folder");
    }
    ModuleDescriptor descriptor = descriptors.read(descriptorFile);
    TreeMap<Version, Path> changelogs = new TreeMap<>();
    for (Path file : files(folder)) {
      String fileName = file.getFileName().toString();
      Matcher matcher = CHANGELOG.matcher(fileName);
      if (fileName.equals(DESCRIPTOR) || fileName.equals(CONFIG_DEFAULTS) || !matcher.matches()) {
        continue;
      }
      Optional<Version> version = Version.tryParse(matcher.group(1));
      if (version.isEmpty()) {
        throw new InvalidModuleException(file, "is not named after a version: name each changelog <version>.xml"
            + " or <version>.sql, such as 1.2.0.xml");
      }
      Path twin = changelogs.put(version.get(), file);
      if (twin != null) {
        throw new InvalidModuleException(file, "and " + twin.getFileName() + " are both changelogs for version "
            + version.get() + ": keep one changelog per version");
      }
    }
    String name = descriptor.name();
    if (!changelogs.containsKey(descriptor.setupVersion())) {
      throw new InvalidModuleException(descriptorFile, "declares setup_version=\"" + descriptor.setupVersion()
          + "\" but " + folder + " has no changelog for it: add " + descriptor.setupVersion() + ".xml (or .sql)"
          + " with that version's changesets, or declare the version that has one");
    }
    Map.Entry<Version, Path> newest = changelogs.lastEntry();
    if (newest.getKey().isNewerThan(descriptor.setupVersion())) {
      throw new InvalidModuleException(newest.getValue(), "is newer than module " + name + "'s setup_version=\""
          + descriptor.setupVersion() + "\" in " + DESCRIPTOR + ": raise setup_version to " + newest.getKey()
          + " to run it, or remove the changelog");
    }
    // Parsed now, with the descriptors, so that a broken config.xml stops the run before anything executes.
    Path config = folder.resolve(CONFIG_DEFAULTS);
    return new Module(descriptor, changelogs, Files.isRegularFile(config) ? configReader.read(config) : Map.of());
  }

  private static List<Path> moduleFolders(Path changelogsDir) {
    try (Stream<Path> entries = Files.list(changelogsDir)) {
      return entries.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw invalid(List.of(changelogsDir + " cannot be listed: " + e.getMessage()));
    }
  }

  private static List<Path> files(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new InvalidModuleException(folder, "cannot be listed: " + e.getMessage());
    }
  }

  private static SetupRunnerException invalid(List<String> problems) {
    return new SetupRunnerException(ErrorKind.INVALID_MODULES,
        String.join(System.lineSeparator(), problems) + System.lineSeparator() + "Nothing was executed.");
  }
}
