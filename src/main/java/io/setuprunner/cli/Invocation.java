package io.setuprunner.cli;

import io.setuprunner.command.CommandRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the user asked for, free of JCommander: the verb, the options every command takes, and the verb's
 * own request (empty for help and version).
 */
record Invocation(Command command, Path root, Map<String, String> settings, boolean embeddedDb, boolean verbose,
    Optional<CommandRequest> request, Optional<String> helpTopic, boolean events) {

  /** The verbs Setup Runner knows, with help and version beside them. */
  enum Command {
    UPGRADE,
    PLAN,
    STATUS,
    HISTORY,
    WAIT,
    SERVE,
    RESOLVE,
    MARK,
    ROLLBACK,
    ADOPT,
    VALIDATE,
    CACHE_REBUILD,
    MAINTENANCE_ENABLE,
    MAINTENANCE_DISABLE,
    MAINTENANCE_STATUS,
    BACKUP_CREATE,
    BACKUP_LIST,
    BACKUP_RESTORE,
    BACKUP_DELETE,
    HELP,
    VERSION
  }

  Invocation {
    settings = Map.copyOf(settings);
  }

  /** This invocation, with {@code --output json} events or without. */
  Invocation withEvents(boolean on) {
    return new Invocation(command, root, settings, embeddedDb, verbose, request, helpTopic, on);
  }

  /** The request as the verb's own record type. */
  <T extends CommandRequest> T request(Class<T> type) {
    return type.cast(request.orElseThrow());
  }

  static Invocation of(Command command) {
    return new Invocation(command, Path.of("."), Map.of(), false, false, Optional.empty(), Optional.empty(), false);
  }

  /** {@code --help}, about one command when one was named. */
  static Invocation help(Optional<String> command) {
    return new Invocation(Command.HELP, Path.of("."), Map.of(), false, false, Optional.empty(), command, false);
  }
}
