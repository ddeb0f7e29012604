package io.setuprunner.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.MissingCommandException;
import com.beust.jcommander.ParameterException;
import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cli.Invocation.Command;
import java.nio.file.Path;
import java.util.List;

/** Turns arguments into an {@link Invocation}; anything it cannot read is a usage error. */
final class CommandLineParser {
  Invocation parse(String... args) {
    Options.Main main = new Options.Main();
    Options.Upgrade upgrade = new Options.Upgrade();
    Options.Status status = new Options.Status();
    Options.Cache cache = new Options.Cache();
    Options.Resolve resolve = new Options.Resolve();
    JCommander commander = JCommander.newBuilder()
        .programName("setup-runner")
        .expandAtSign(false)
        .addObject(main)
        .addCommand("upgrade", upgrade)
        .addCommand("status", status)
        .addCommand("cache", cache)
        .addCommand("resolve", resolve)
        .build();
    try {
      commander.parse(args);
    } catch (MissingCommandException e) {
      throw usage("unknown command '" + e.getUnknownCommand() + "'; the commands are upgrade, status, cache rebuild and resolve");
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
      case "upgrade" -> invocation(Command.UPGRADE, upgrade.common);
      case "status" -> invocation(Command.STATUS, status.common);
      case "cache" -> {
        if (!cache.common.help && !cache.action.equals(List.of("rebuild"))) {
          throw usage("'cache' takes one action, rebuild: setup-runner cache rebuild");
        }
        yield invocation(Command.CACHE_REBUILD, cache.common);
      }
      case "resolve" -> {
        if (!resolve.common.help && (resolve.applied == null) == (resolve.notApplied == null)) {
          throw usage("'resolve' takes exactly one of --applied CHANGESET or --not-applied CHANGESET");
        }
        Invocation base = invocation(Command.RESOLVE, resolve.common);
        yield base.command() == Command.HELP ? base : new Invocation(Command.RESOLVE, base.root(), base.settings(),
            base.embeddedDb(), base.verbose(), new Invocation.Resolve(
                resolve.applied != null ? resolve.applied : resolve.notApplied, resolve.applied != null));
      }
      default -> throw new IllegalStateException("command registered but not handled: " + command);
    };
  }

  private static Invocation invocation(Command command, Options.Common common) {
    if (common.help) {
      return Invocation.of(Command.HELP);
    }
    return new Invocation(command, Path.of(common.root), common.settings(), common.embeddedDb, common.verbose, null);
  }

  private static SetupRunnerException usage(String message) {
    return new SetupRunnerException(ErrorKind.USAGE, message);
  }
}
