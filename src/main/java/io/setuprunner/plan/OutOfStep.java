package io.setuprunner.plan;

import io.setuprunner.module.Module;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.module.Version;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the database records and the deployed code lacks: installed modules with no folder in
 * {@code changelogs/} (an empty release, a module deleted by mistake), and changelogs whose changesets ran
 * but whose file is gone. Neither stops a run; both are said aloud, since the config cache leaves out what
 * the code does not have.
 *
 * @param missingModules module name to the version the database records
 * @param missingChangelogs history file name ({@code Vendor_Module/1.0.0.xml}) to how many changesets of it ran
 */
public record OutOfStep(Map<String, Version> missingModules, Map<String, Integer> missingChangelogs) {
  public static final OutOfStep NONE = new OutOfStep(Map.of(), Map.of());

  public OutOfStep {
    missingModules = Map.copyOf(missingModules);
    missingChangelogs = Map.copyOf(missingChangelogs);
  }

  /**
   * @param recorded each module's version in the database
   * @param historyFiles per changelog file in the changeset history, how many of its changesets ran
   */
  public static OutOfStep find(ModuleCatalog catalog, Map<String, Version> recorded, Map<String, Integer> historyFiles) {
    Map<String, Version> modules = new LinkedHashMap<>();
    recorded.forEach((name, version) -> {
      if (catalog.find(name).isEmpty()) {
        modules.put(name, version);
      }
    });
    Map<String, Integer> files = new LinkedHashMap<>();
    historyFiles.forEach((file, count) -> {
      int slash = file.indexOf('/');
      Optional<Module> module = slash > 0 ? catalog.find(file.substring(0, slash)) : Optional.empty();
      // A file of a module the code lacks altogether is already said by the module's line.
      if (module.isPresent() && !Files.isRegularFile(module.get().directory().resolve(file.substring(slash + 1)))) {
        files.put(file, count);
      }
    });
    return new OutOfStep(modules, files);
  }

  public boolean isEmpty() {
    return missingModules.isEmpty() && missingChangelogs.isEmpty();
  }

  /** One sentence per finding, sorted, for warnings and the status text. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    missingModules.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> lines.add(e.getKey() + " "
        + e.getValue() + " is installed in the database but absent from the code (no changelogs/" + e.getKey()
        + "): the config cache leaves it out. Deploy it again if it was removed by mistake."));
    missingChangelogs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> lines.add(e.getKey()
        + ": " + e.getValue() + " applied changeset" + (e.getValue() == 1 ? "" : "s")
        + " recorded, but the file is gone from the code. Restore it: applied changelogs stay in the code."));
    return lines;
  }
}
