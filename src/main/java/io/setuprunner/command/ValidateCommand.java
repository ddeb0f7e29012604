package io.setuprunner.command;

import io.setuprunner.migrate.ChangelogExecutor;
import io.setuprunner.migrate.PendingVersion;
import io.setuprunner.module.Module;
import io.setuprunner.wiring.Resources;
import java.util.List;

/**
 * {@code setup-runner validate}: Liquibase's validation of every module version's changelog, with the run's
 * contexts, labels and parameters, against the history, without executing or writing anything. The
 * upgrade shows the first lines of the same list; this command shows all of them.
 */
public final class ValidateCommand {
  /** @param json the problems as JSON, every one of them */
  public record Request(boolean json) implements CommandRequest {}

  /** @param problems one line each, headings before their items; empty when every changelog is valid */
  public record Result(int versions, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private final Resources resources;

  public ValidateCommand(Resources resources) {
    this.resources = resources;
  }

  public Result run(Request request) {
    List<PendingVersion> versions = resources.catalog().modules().stream()
        .flatMap(m -> versions(m).stream()).toList();
    try (ChangelogExecutor executor = resources.executor()) {
      return new Result(versions.size(), executor.validate(versions));
    }
  }

  private static List<PendingVersion> versions(Module module) {
    return module.changelogs().keySet().stream().filter(v -> !v.isNewerThan(module.codeVersion()))
        .map(v -> new PendingVersion(module, v)).toList();
  }
}
