package io.setuprunner.cli;

import io.setuprunner.migrate.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the user asked for, free of JCommander: a command, the application root, flag settings, command arguments. */
record Invocation(Command command, Path root, Map<String, String> settings, boolean embeddedDb, boolean verbose,
    Arguments arguments, Optional<String> helpTopic) {

  /** The commands Setup Runner knows. */
  enum Command {
    UPGRADE,
    STATUS,
    HISTORY,
    WAIT,
    SERVE,
    RESOLVE,
    CACHE_REBUILD,
    MAINTENANCE_ENABLE,
    MAINTENANCE_DISABLE,
    MAINTENANCE_STATUS,
    HELP,
    VERSION
  }

  /** The arguments particular to one command; the others keep their defaults. */
  record Arguments(
      Phase phase,
      boolean force,
      boolean maintenance,
      boolean json,
      int historyLimit,
      Optional<Duration> timeout,
      int port,
      String bind,
      List<String> allowIps,
      Optional<String> changeset,
      boolean markApplied) {
    static final Arguments DEFAULTS = new Arguments(Phase.ALL, false, false, false, 20, Optional.empty(),
        8080, "127.0.0.1", List.of(), Optional.empty(), false);

    Arguments {
      allowIps = List.copyOf(allowIps);
    }
  }

  Invocation with(Arguments changed) {
    return new Invocation(command, root, settings, embeddedDb, verbose, changed, helpTopic);
  }

  Invocation withJson(boolean json) {
    Arguments a = arguments;
    return with(new Arguments(a.phase(), a.force(), a.maintenance(), json, a.historyLimit(), a.timeout(),
        a.port(), a.bind(), a.allowIps(), a.changeset(), a.markApplied()));
  }

  Invocation withHistoryLimit(int limit) {
    Arguments a = arguments;
    return with(new Arguments(a.phase(), a.force(), a.maintenance(), a.json(), limit, a.timeout(),
        a.port(), a.bind(), a.allowIps(), a.changeset(), a.markApplied()));
  }

  Invocation withTimeout(Optional<Duration> timeout) {
    Arguments a = arguments;
    return with(new Arguments(a.phase(), a.force(), a.maintenance(), a.json(), a.historyLimit(), timeout,
        a.port(), a.bind(), a.allowIps(), a.changeset(), a.markApplied()));
  }

  Invocation withServe(int port, String bind) {
    Arguments a = arguments;
    return with(new Arguments(a.phase(), a.force(), a.maintenance(), a.json(), a.historyLimit(), a.timeout(),
        port, bind, a.allowIps(), a.changeset(), a.markApplied()));
  }

  Invocation withAllowIps(List<String> allowIps) {
    Arguments a = arguments;
    return with(new Arguments(a.phase(), a.force(), a.maintenance(), a.json(), a.historyLimit(), a.timeout(),
        a.port(), a.bind(), allowIps, a.changeset(), a.markApplied()));
  }

  Invocation withResolve(String changeset, boolean applied) {
    Arguments a = arguments;
    return with(new Arguments(a.phase(), a.force(), a.maintenance(), a.json(), a.historyLimit(), a.timeout(),
        a.port(), a.bind(), a.allowIps(), Optional.of(changeset), applied));
  }

  Invocation {
    settings = Map.copyOf(settings);
  }

  static Invocation of(Command command) {
    return new Invocation(command, Path.of("."), Map.of(), false, false, Arguments.DEFAULTS, Optional.empty());
  }

  /** {@code --help}, about one command when one was named. */
  static Invocation help(Optional<String> command) {
    return new Invocation(Command.HELP, Path.of("."), Map.of(), false, false, Arguments.DEFAULTS, command);
  }
}
