package io.setuprunner.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterException;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.cli.Invocation.Command;
import io.setuprunner.command.BackupCommand;
import io.setuprunner.command.CacheRebuildCommand;
import io.setuprunner.command.MarkCommand;
import io.setuprunner.command.PlanCommand;
import io.setuprunner.command.RollbackCommand;
import io.setuprunner.command.RestoreCommand;
import io.setuprunner.command.CommandRequest;
import io.setuprunner.command.HistoryCommand;
import io.setuprunner.command.MaintenanceCommand;
import io.setuprunner.command.AdoptCommand;
import io.setuprunner.command.ResolveCommand;
import io.setuprunner.command.ValidateCommand;
import io.setuprunner.command.ServeCommand;
import io.setuprunner.command.StatusCommand;
import io.setuprunner.command.UpgradeCommand;
import io.setuprunner.command.WaitCommand;
import io.setuprunner.config.Durations;
import io.setuprunner.config.Suggestions;
import io.setuprunner.migrate.Phase;
import io.setuprunner.module.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns arguments into an {@link Invocation}; anything it cannot read is a usage error. Global options may
 * stand before or after the command (they are moved after it for JCommander), {@code --opt=value} is
 * read as {@code --opt value}, and every unknown word gets a message of ours, with the closest known name.
 */
final class CommandLineParser {
  static final List<String> COMMANDS =
      List.of("upgrade", "plan", "status", "history", "wait", "serve", "resolve", "mark", "rollback", "adopt", "validate", "cache",
          "maintenance", "backup");
  private static final List<String> HELP = List.of("-h", "--help");

  Invocation parse(String... args) {
    Options.Upgrade upgrade = new Options.Upgrade();
    Options.Plan plan = new Options.Plan();
    Options.Status status = new Options.Status();
    Options.History history = new Options.History();
    Options.Wait wait = new Options.Wait();
    Options.Serve serve = new Options.Serve();
    Options.Resolve resolve = new Options.Resolve();
    Options.Mark mark = new Options.Mark();
    Options.Rollback rollback = new Options.Rollback();
    Options.Adopt adopt = new Options.Adopt();
    Options.Validate validate = new Options.Validate();
    Options.Maintenance maintenance = new Options.Maintenance();
    Options.Cache cache = new Options.Cache();
    Options.Backup backup = new Options.Backup();
    JCommander commander = JCommander.newBuilder()
        .programName("setup-runner")
        .expandAtSign(false)
        .addObject(new Options.Main())
        .addCommand("upgrade", upgrade)
        .addCommand("plan", plan)
        .addCommand("status", status)
        .addCommand("history", history)
        .addCommand("wait", wait)
        .addCommand("serve", serve)
        .addCommand("resolve", resolve)
        .addCommand("mark", mark)
        .addCommand("rollback", rollback)
        .addCommand("adopt", adopt)
        .addCommand("validate", validate)
        .addCommand("maintenance", maintenance)
        .addCommand("cache", cache)
        .addCommand("backup", backup)
        .build();
    OptionTable table = new OptionTable(commander);
    List<String> tokens = table.splitAssignments(List.of(args));
    if (tokens.contains("--version")) {
      return Invocation.of(Command.VERSION);
    }
    if (tokens.stream().anyMatch(HELP::contains)) {
      return Invocation.help(tokens.stream().filter(COMMANDS::contains).findFirst());
    }
    List<String> ordered = table.commandFirst(tokens);
    try {
      commander.parse(ordered.toArray(String[]::new));
    } catch (ParameterException e) {
      throw usage(e.getMessage());
    }
    String command = commander.getParsedCommand();
    return switch (command) {
      case "upgrade" -> upgrade.dryRun ? dryRun(upgrade) : invocation(Command.UPGRADE, upgrade.common,
          new UpgradeCommand.Request(phase(upgrade.phase), upgrade.force, upgrade.maintenance, upgrade.backup))
          .withEvents(events(upgrade.output));
      case "plan" -> invocation(Command.PLAN, plan.common, new PlanCommand.Request(phase(plan.phase), plan.json));
      case "status" -> invocation(Command.STATUS, status.common,
          new StatusCommand.Request(status.json, status.common.verbose));
      case "history" -> invocation(Command.HISTORY, history.common,
          new HistoryCommand.Request(number("--limit", history.limit, 1, 100_000, "a positive number"), history.json));
      case "wait" -> invocation(Command.WAIT, wait.common, new WaitCommand.Request(wait.timeout == null
          ? Optional.empty() : Optional.of(Durations.require(wait.timeout, "--timeout", "the command line",
              Duration.ZERO))));
      case "serve" -> invocation(Command.SERVE, serve.common,
          new ServeCommand.Request(number("--port", serve.port, 0, 65535, "0 to 65535"), serve.bind));
      case "resolve" -> {
        if ((resolve.applied == null) == (resolve.notApplied == null)) {
          throw usage("'resolve' takes exactly one of --applied CHANGESET or --not-applied CHANGESET");
        }
        yield invocation(Command.RESOLVE, resolve.common, new ResolveCommand.Request(
            resolve.applied != null ? resolve.applied : resolve.notApplied, resolve.applied != null));
      }
      case "mark" -> {
        if ((mark.applied == null) == (mark.notApplied == null)) {
          throw usage("'mark' takes exactly one of --applied CHANGESET or --not-applied CHANGESET");
        }
        if (mark.reason == null || mark.reason.isBlank()) {
          throw usage("'mark' needs --reason TEXT: why, recorded with who and when (setup-runner history shows it)");
        }
        yield invocation(Command.MARK, mark.common, new MarkCommand.Request(
            mark.applied != null ? mark.applied : mark.notApplied, mark.applied != null, mark.reason.trim()));
      }
      case "rollback" -> rollback(rollback);
      case "adopt" -> invocation(Command.ADOPT, adopt.common,
          new AdoptCommand.Request(adopt.from, adopt.dryRun, adopt.json));
      case "validate" -> invocation(Command.VALIDATE, validate.common, new ValidateCommand.Request(validate.json));
      case "maintenance" -> maintenance(maintenance);
      case "backup" -> backup(backup);
      case "cache" -> {
        if (!cache.action.equals(List.of("rebuild"))) {
          throw usage("'cache' takes one action, rebuild: setup-runner cache rebuild"
              + actionHint(cache.action, List.of("rebuild")));
        }
        yield invocation(Command.CACHE_REBUILD, cache.common, new CacheRebuildCommand.Request());
      }
      default -> throw new IllegalStateException("command registered but not handled: " + command);
    };
  }

  private static Invocation maintenance(Options.Maintenance maintenance) {
    Command command = switch (String.join(" ", maintenance.action)) {
      case "enable" -> Command.MAINTENANCE_ENABLE;
      case "disable" -> Command.MAINTENANCE_DISABLE;
      case "status" -> Command.MAINTENANCE_STATUS;
      default -> throw usage("'maintenance' takes one action: enable [--allow-ip IP ...], disable or status"
          + actionHint(maintenance.action, List.of("enable", "disable", "status")));
    };
    if (!maintenance.allowIps.isEmpty() && command != Command.MAINTENANCE_ENABLE) {
      throw usage("--allow-ip goes with 'maintenance enable'");
    }
    MaintenanceCommand.Action action = switch (command) {
      case MAINTENANCE_ENABLE -> MaintenanceCommand.Action.ENABLE;
      case MAINTENANCE_DISABLE -> MaintenanceCommand.Action.DISABLE;
      default -> MaintenanceCommand.Action.STATUS;
    };
    return invocation(command, maintenance.common, new MaintenanceCommand.Request(action, maintenance.allowIps));
  }

  /** {@code upgrade --dry-run} is {@code plan}: the options that only a run that executes takes are refused. */
  private static Invocation dryRun(Options.Upgrade upgrade) {
    if (events(upgrade.output)) {
      throw usage("--output json streams the events of a run that executes; for the plan as JSON use: setup-runner"
          + " plan --json");
    }
    if (upgrade.force || upgrade.maintenance || upgrade.backup) {
      throw usage("upgrade --dry-run executes nothing, so " + (upgrade.force ? "--force" : upgrade.maintenance
          ? "--maintenance" : "--backup") + " has nothing to act on: leave it out (setup-runner plan is the same"
          + " as upgrade --dry-run)");
    }
    return invocation(Command.PLAN, upgrade.common, new PlanCommand.Request(phase(upgrade.phase), false));
  }

  private static Invocation rollback(Options.Rollback rollback) {
    if (rollback.module.size() != 1 || rollback.to == null) {
      throw usage("'rollback' takes one module and the version to go back to: setup-runner rollback MODULE --to"
          + " VERSION" + (rollback.module.size() > 1 ? " (one module at a time; roll back dependents first)" : ""));
    }
    Version to = Version.tryParse(rollback.to.trim()).orElseThrow(() -> usage("--to takes a version such as 1.1.0,"
        + " not '" + rollback.to + "'"));
    if (rollback.dryRun && rollback.backup) {
      throw usage("rollback --dry-run executes nothing, so --backup has nothing to act on: leave it out");
    }
    if (rollback.json && !rollback.dryRun) {
      throw usage("--json goes with 'rollback --dry-run'; for a rollback's events as JSON lines use --output json");
    }
    if (rollback.dryRun && events(rollback.output)) {
      throw usage("--output json streams the events of a rollback that executes; for the dry run as JSON use"
          + " --dry-run --json");
    }
    return invocation(Command.ROLLBACK, rollback.common, new RollbackCommand.Request(rollback.module.get(0), to,
        rollback.dryRun, rollback.json, rollback.reason == null ? "" : rollback.reason.trim(), rollback.backup))
        .withEvents(events(rollback.output));
  }

  private static Invocation backup(Options.Backup backup) {
    List<String> words = backup.action;
    String action = words.isEmpty() ? "" : words.get(0);
    boolean events = events(backup.output);
    if (events && !List.of("create", "restore").contains(action)) {
      throw usage("--output json goes with 'backup create' and 'backup restore'" + (action.equals("list")
          ? "; for the list as JSON use: setup-runner backup list --json" : ""));
    }
    if (events && backup.json) {
      throw usage("--json prints the result as one document and --output json streams events: give one of them");
    }
    return backupAction(backup, words, action).withEvents(events);
  }

  private static Invocation backupAction(Options.Backup backup, List<String> words, String action) {
    String synopsis = "'backup' takes one action: create [--name NAME], list [--json], restore NAME or delete NAME";
    return switch (action) {
      case "create", "list" -> {
        if (words.size() > 1) {
          throw usage("'backup " + action + "' takes no name" + (action.equals("create")
              ? ": give it with --name " + words.get(1) : ""));
        }
        if (backup.name != null && action.equals("list")) {
          throw usage("--name goes with 'backup create'");
        }
        yield invocation(action.equals("create") ? Command.BACKUP_CREATE : Command.BACKUP_LIST, backup.common,
            new BackupCommand.Request(action.equals("create") ? BackupCommand.Action.CREATE : BackupCommand.Action.LIST,
                Optional.ofNullable(backup.name), backup.json));
      }
      case "restore", "delete" -> {
        if (words.size() != 2 || backup.name != null) {
          throw usage("'backup " + action + "' takes the backup's name: setup-runner backup " + action
              + " NAME (setup-runner backup list shows them)");
        }
        yield action.equals("restore")
            ? invocation(Command.BACKUP_RESTORE, backup.common, new RestoreCommand.Request(words.get(1)))
            : invocation(Command.BACKUP_DELETE, backup.common, new BackupCommand.Request(BackupCommand.Action.DELETE,
                Optional.of(words.get(1)), backup.json));
      }
      default -> throw usage(synopsis + actionHint(words.isEmpty() ? words : words.subList(0, 1),
          List.of("create", "list", "restore", "delete")));
    };
  }

  /** {@code --output text|json}: true for JSON events. */
  private static boolean events(String output) {
    return switch (output) {
      case "text" -> false;
      case "json" -> true;
      default -> throw usage("--output takes text or json, not '" + output + "'");
    };
  }

  private static String actionHint(List<String> given, List<String> actions) {
    return given.size() == 1 ? Suggestions.closest(given.get(0), actions).map(a -> " (did you mean " + a + "?)")
        .orElse("") : "";
  }

  private static Phase phase(String text) {
    try {
      return Phase.parse(text);
    } catch (IllegalArgumentException e) {
      throw usage("--phase takes expand, contract or all, not '" + text + "'");
    }
  }

  private static int number(String option, String text, int min, int max, String expected) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // worded below
    }
    throw usage(option + " takes " + expected + ", not '" + text + "'");
  }

  private static Invocation invocation(Command command, Options.Common common, CommandRequest request) {
    return new Invocation(command, Path.of(common.root), common.settings(), common.embeddedDb, common.verbose,
        Optional.of(request), Optional.empty(), false);
  }

  static SetupRunnerException usage(String message) {
    return new SetupRunnerException(ErrorKind.USAGE, message);
  }
}
