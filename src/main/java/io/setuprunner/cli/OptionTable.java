package io.setuprunner.cli;

import static io.setuprunner.cli.CommandLineParser.COMMANDS;
import static io.setuprunner.cli.CommandLineParser.usage;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import io.setuprunner.config.Suggestions;
import io.setuprunner.core.SetupRunnerException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What JCommander knows of each command's options, for the checks it would word less helpfully. */
final class OptionTable {
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
      if (token.startsWith("-D") && token.length() > 2) {
        // -Dname=value, JCommander's dynamic parameter: the name is the user's, not an option's.
        if (!token.contains("=")) {
          throw usage("-D sets a changelog parameter and needs a value: -D" + token.substring(2) + "=VALUE");
        }
        rest.add(token);
      } else if (token.startsWith("-") && token.length() > 1) {
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
          throw usage("unknown command '" + token + "'" + Suggestions.endOfSentence(token, COMMANDS)
              + " The commands are " + String.join(", ", COMMANDS));
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

  private SetupRunnerException unknownOption(String token, String command) {
    // Never quote a value: a mistyped --db-pasword=… would otherwise print the password.
    String option = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
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
