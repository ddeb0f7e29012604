package io.setuprunner.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.ParameterException;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.cli.Invocation.Arguments;
import io.setuprunner.cli.Invocation.Command;
import io.setuprunner.config.Durations;
import io.setuprunner.config.Suggestions;
import io.setuprunner.migrate.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns arguments into an {@link Invocation}; anything it cannot read is a usage error. Global options may
 * stand before or after the command (they are moved after it for JCommander), {@code --opt=value} is
 * read as {@code --opt value}, and every unknown word gets a message of ours, with the closest known name.
 */
final class CommandLineParser {
  static final List<String> COMMANDS =
      List.of("upgrade", "status", "history", "wait", "serve", "resolve", "cache", "maintenance");
  private static final List<String> HELP = List.of("-h", "--help");

  Invocation parse(String... args) {
    Options.Upgrade upgrade = new Options.Upgrade();
    Options.Status status = new Options.Status();
    Options.History history = new Options.History();
    Options.Wait wait = new Options.Wait();
    Options.Serve serve = new Options.Serve();
    Options.Resolve resolve = new Options.Resolve();
    Options.Maintenance maintenance = new Options.Maintenance();
    Options.Cache cache = new Options.Cache();
    JCommander commander = JCommander.newBuilder()
        .programName("setup-runner")
        .expandAtSign(false)
        .addObject(new Options.Main())
        .addCommand("upgrade", upgrade)
        .addCommand("status", status)
        .addCommand("history", history)
        .addCommand("wait", wait)
        .addCommand("serve", serve)
        .addCommand("resolve", resolve)
        .addCommand("maintenance", maintenance)
        .addCommand("cache", cache)
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
      case "upgrade" -> invocation(Command.UPGRADE, upgrade.common)
          .with(args(phase(upgrade.phase), upgrade.force, upgrade.maintenance));
      case "status" -> invocation(Command.STATUS, status.common).withJson(status.json);
      case "history" -> invocation(Command.HISTORY, history.common).withJson(history.json)
          .withHistoryLimit(number("--limit", history.limit, 1, 100_000, "a positive number"));
      case "wait" -> invocation(Command.WAIT, wait.common).withTimeout(wait.timeout == null ? Optional.empty()
          : Optional.of(Durations.require(wait.timeout, "--timeout", "the command line", Duration.ZERO)));
      case "serve" -> invocation(Command.SERVE, serve.common)
          .withServe(number("--port", serve.port, 0, 65535, "0 to 65535"), serve.bind);
      case "resolve" -> {
        if ((resolve.applied == null) == (resolve.notApplied == null)) {
          throw usage("'resolve' takes exactly one of --applied CHANGESET or --not-applied CHANGESET");
        }
        yield invocation(Command.RESOLVE, resolve.common)
            .withResolve(resolve.applied != null ? resolve.applied : resolve.notApplied, resolve.applied != null);
      }
      case "maintenance" -> {
        Command action = switch (String.join(" ", maintenance.action)) {
          case "enable" -> Command.MAINTENANCE_ENABLE;
          case "disable" -> Command.MAINTENANCE_DISABLE;
          case "status" -> Command.MAINTENANCE_STATUS;
          default -> throw usage("'maintenance' takes one action: enable [--allow-ip IP ...], disable or status"
              + actionHint(maintenance.action, List.of("enable", "disable", "status")));
        };
        if (!maintenance.allowIps.isEmpty() && action != Command.MAINTENANCE_ENABLE) {
          throw usage("--allow-ip goes with 'maintenance enable'");
        }
        yield invocation(action, maintenance.common).withAllowIps(maintenance.allowIps);
      }
      case "cache" -> {
        if (!cache.action.equals(List.of("rebuild"))) {
          throw usage("'cache' takes one action, rebuild: setup-runner cache rebuild"
              + actionHint(cache.action, List.of("rebuild")));
        }
        yield invocation(Command.CACHE_REBUILD, cache.common);
      }
      default -> throw new IllegalStateException("command registered but not handled: " + command);
    };
  }

  /** What JCommander knows of each command's options, for the checks it would word less helpfully. */
  private static final class OptionTable {
    private final Map<String, Map<String, ParameterDescription>> byCommand = new LinkedHashMap<>();
    private final Map<String, ParameterDescription> global = new LinkedHashMap<>();

    OptionTable(JCommander commander) {
      commander.getCommands().forEach((name, sub) -> {
        Map<String, ParameterDescription> options = new LinkedHashMap<>();
        for (ParameterDescription p : sub.getParameters()) {
          Arrays.stream(p.getParameter().names()).forEach(n -> options.put(n, p));
        }
        byCommand.put(name, options);
      });
      // Every command shares the Common options; the cache command has nothing else but its action.
      byCommand.get("cache").forEach(global::put);
    }

    List<String> splitAssignments(List<String> args) {
      List<String> tokens = new ArrayList<>();
      for (String arg : args) {
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 2 && known(arg.substring(0, eq))) {
          String name = arg.substring(0, eq);
          if (!takesValue(find(name))) {
            throw usage(name + " takes no value (it is a switch: give it or leave it out), not '" + arg + "'");
          }
          tokens.add(name);
          tokens.add(arg.substring(eq + 1));
        } else {
          tokens.add(arg);
        }
      }
      return tokens;
    }

    /** The command first, then every option and argument in the order given. */
    List<String> commandFirst(List<String> tokens) {
      String command = null;
      List<String> rest = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        String token = tokens.get(i);
        if (token.startsWith("-") && token.length() > 1) {
          ParameterDescription option = (command == null ? global : byCommand.get(command)).get(token);
          if (option == null) {
            throw unknownOption(token, command);
          }
          rest.add(token);
          if (takesValue(option)) {
            if (i + 1 >= tokens.size()) {
              throw usage(token + " needs a value");
            }
            rest.add(tokens.get(++i));
            while (option.getParameter().variableArity() && i + 1 < tokens.size()
                && !tokens.get(i + 1).startsWith("-")) {
              rest.add(tokens.get(++i));
            }
          }
        } else if (command == null) {
          if (!COMMANDS.contains(token)) {
            throw usage("unknown command '" + token + "'" + Suggestions.closest(token, COMMANDS)
                .map(c -> "; did you mean " + c + "? ").orElse(". ") + "The commands are " + String.join(", ", COMMANDS));
          }
          command = token;
        } else {
          rest.add(token);
        }
      }
      if (command == null) {
        throw usage("no command given; the commands are " + String.join(", ", COMMANDS));
      }
      List<String> ordered = new ArrayList<>(List.of(command));
      ordered.addAll(rest);
      return ordered;
    }

    private SetupRunnerException unknownOption(String option, String command) {
      if (option.equals("--db-password")) {
        return usage("there is no --db-password option: a password on the command line shows in the process list."
            + " Use --db-password-file FILE, db.password-file or SETUP_RUNNER_DB_PASSWORD");
      }
      Map<String, ParameterDescription> known = command == null ? global : byCommand.get(command);
      String where = command == null ? "" : " for '" + command + "'";
      List<String> owners = byCommand.entrySet().stream().filter(e -> e.getValue().containsKey(option))
          .map(Map.Entry::getKey).toList();
      if (!owners.isEmpty()) {
        return command == null
            ? usage(option + " is an option of " + String.join(", ", owners) + ": put it after the command")
            : usage(option + " is not an option of '" + command + "' (it goes with " + String.join(", ", owners)
                + ")");
      }
      return usage("unknown option " + option + where + Suggestions.didYouMean(option, known.keySet()));
    }

    private boolean known(String name) {
      return find(name) != null;
    }

    private ParameterDescription find(String name) {
      return byCommand.values().stream().map(m -> m.get(name)).filter(p -> p != null).findFirst().orElse(null);
    }

    private static boolean takesValue(ParameterDescription option) {
      Class<?> type = option.getParameterized().getType();
      return !(type == boolean.class || type == Boolean.class) || option.getParameter().arity() > 0;
    }
  }

  private static String actionHint(List<String> given, List<String> actions) {
    return given.size() == 1 ? Suggestions.closest(given.get(0), actions).map(a -> " (did you mean " + a + "?)")
        .orElse("") : "";
  }

  private static Arguments args(Phase phase, boolean force, boolean maintenance) {
    Arguments d = Arguments.DEFAULTS;
    return new Arguments(phase, force, maintenance, d.json(), d.historyLimit(), d.timeout(), d.port(), d.bind(),
        d.allowIps(), d.changeset(), d.markApplied());
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

  private static Invocation invocation(Command command, Options.Common common) {
    return new Invocation(command, Path.of(common.root), common.settings(), common.embeddedDb, common.verbose,
        Arguments.DEFAULTS, Optional.empty());
  }

  private static SetupRunnerException usage(String message) {
    return new SetupRunnerException(ErrorKind.USAGE, message);
  }
}
