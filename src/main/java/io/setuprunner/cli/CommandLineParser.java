package io.setuprunner.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.MissingCommandException;
import com.beust.jcommander.ParameterException;
import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cli.Invocation.Arguments;
import io.setuprunner.cli.Invocation.Command;
import io.setuprunner.config.Durations;
import io.setuprunner.migrate.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Turns arguments into an {@link Invocation}; anything it cannot read is a usage error. */
final class CommandLineParser {
  private static final String COMMANDS =
      "upgrade, status, history, wait, serve, resolve, cache rebuild and maintenance enable|disable|status";

  Invocation parse(String... args) {
    Options.Main main = new Options.Main();
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
        .addObject(main)
        .addCommand("upgrade", upgrade)
        .addCommand("status", status)
        .addCommand("history", history)
        .addCommand("wait", wait)
        .addCommand("serve", serve)
        .addCommand("resolve", resolve)
        .addCommand("maintenance", maintenance)
        .addCommand("cache", cache)
        .build();
    try {
      commander.parse(args);
    } catch (MissingCommandException e) {
      throw usage("unknown command '" + e.getUnknownCommand() + "'; the commands are " + COMMANDS);
    } catch (ParameterException e) {
      throw usage(e.getMessage());
    }
    if (main.version) {
      return Invocation.of(Command.VERSION);
    }
    String command = commander.getParsedCommand();
    if (main.help || command == null) {
      return Invocation.of(Command.HELP);
    }
    return switch (command) {
      case "upgrade" -> invocation(Command.UPGRADE, upgrade.common, Arguments.DEFAULTS)
          .with(args(phase(upgrade.phase), upgrade.force, upgrade.maintenance));
      case "status" -> invocation(Command.STATUS, status.common, Arguments.DEFAULTS).withJson(status.json);
      case "history" -> {
        if (history.limit < 1) {
          throw usage("--limit takes a positive number");
        }
        yield invocation(Command.HISTORY, history.common, Arguments.DEFAULTS).withJson(history.json)
            .withHistoryLimit(history.limit);
      }
      case "wait" -> invocation(Command.WAIT, wait.common, Arguments.DEFAULTS)
          .withTimeout(wait.timeout == null ? Optional.empty() : Optional.of(duration("--timeout", wait.timeout)));
      case "serve" -> {
        if (serve.port < 0 || serve.port > 65535) {
          throw usage("--port takes 0 to 65535");
        }
        yield invocation(Command.SERVE, serve.common, Arguments.DEFAULTS).withServe(serve.port, serve.bind);
      }
      case "resolve" -> {
        if (!resolve.common.help && (resolve.applied == null) == (resolve.notApplied == null)) {
          throw usage("'resolve' takes exactly one of --applied CHANGESET or --not-applied CHANGESET");
        }
        yield invocation(Command.RESOLVE, resolve.common, Arguments.DEFAULTS)
            .withResolve(resolve.applied != null ? resolve.applied : resolve.notApplied, resolve.applied != null);
      }
      case "maintenance" -> {
        Command action = maintenance.common.help ? Command.HELP : switch (String.join(" ", maintenance.action)) {
          case "enable" -> Command.MAINTENANCE_ENABLE;
          case "disable" -> Command.MAINTENANCE_DISABLE;
          case "status" -> Command.MAINTENANCE_STATUS;
          default -> throw usage("'maintenance' takes one action: enable [--allow-ip IP ...], disable or status");
        };
        if (!maintenance.allowIps.isEmpty() && action != Command.MAINTENANCE_ENABLE) {
          throw usage("--allow-ip goes with 'maintenance enable'");
        }
        yield invocation(action, maintenance.common, Arguments.DEFAULTS).withAllowIps(maintenance.allowIps);
      }
      case "cache" -> {
        if (!cache.common.help && !cache.action.equals(List.of("rebuild"))) {
          throw usage("'cache' takes one action, rebuild: setup-runner cache rebuild");
        }
        yield invocation(Command.CACHE_REBUILD, cache.common, Arguments.DEFAULTS);
      }
      default -> throw new IllegalStateException("command registered but not handled: " + command);
    };
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

  private static Duration duration(String option, String text) {
    return Durations.parse(text).orElseThrow(() -> usage(option + " takes a duration such as 500ms, 10s or 15m, not '"
        + text + "'"));
  }

  private static Invocation invocation(Command command, Options.Common common, Arguments arguments) {
    if (common.help) {
      return Invocation.of(Command.HELP);
    }
    return new Invocation(command, Path.of(common.root), common.settings(), common.embeddedDb, common.verbose,
        arguments);
  }

  private static SetupRunnerException usage(String message) {
    return new SetupRunnerException(ErrorKind.USAGE, message);
  }
}
