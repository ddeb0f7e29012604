package io.setuprunner.cli;

import java.util.List;
import java.util.Map;

/** One command's {@code --help}: what it does, its own options, and the exit codes it can return. */
record CommandHelp(String synopsis, String description, List<String> options, List<ExitCode> exitCodes) {
  private static final List<ExitCode> CONNECTS = List.of(ExitCode.USAGE, ExitCode.INVALID_MODULES,
      ExitCode.UNAVAILABLE, ExitCode.CONFIGURATION, ExitCode.ERROR);

  static final Map<String, CommandHelp> ALL = Map.ofEntries(
      Map.entry("upgrade", new CommandHelp(
          "upgrade [--phase expand|contract|all] [--force] [--maintenance] [--backup] [--dry-run] [--output json]",
          "Run pending module upgrades under the lock, then rebuild the config cache.",
          List.of("--phase expand|contract|all   expand runs no changeset labelled contract; contract runs the"
                  + " rest (default all)",
              "--force                        run contract changesets although nodes still serve code that needs"
                  + " what they remove",
              "--maintenance                  switch maintenance mode on for the run; a later successful"
                  + " --maintenance run switches it off",
              "--backup                       take a backup under the lock before the first changeset when"
                  + " something is pending (backup.before-upgrade=when-pending)",
              "--dry-run                      execute nothing: print what would run and its SQL, as setup-runner"
                  + " plan does (exit 0 or 2); takes no value",
              "--output text|json             json: one JSON event per line on stdout (docs/events.md); progress and"
                  + " summary go to stderr"),
          codes(List.of(ExitCode.OK, ExitCode.NEEDS_ATTENTION, ExitCode.CHECKSUM_DRIFT, ExitCode.DATABASE_AHEAD,
              ExitCode.CACHE_FAILED, ExitCode.BACKUP_FAILED, ExitCode.LOCK_TIMEOUT, ExitCode.LOCK_LOST,
              ExitCode.CONTRACT_REFUSED, ExitCode.STOPPED)))),
      Map.entry("plan", new CommandHelp("plan [--phase expand|contract|all] [--json]",
          "What an upgrade would run, in execution order: per pending module version, each changeset with the SQL"
              + " Liquibase generates for it and its phase, then the totals; what SQL generation cannot show (a"
              + " custom change, a precondition) is listed as such. Only reads: no lock, no ZooKeeper, no table"
              + " created, no row written; a SELECT-only database user is enough. Same as upgrade --dry-run.",
          List.of("--phase expand|contract|all   the phase the upgrade would run (default all)",
              "--json                         print {schema, phase, pending, versions, totals} instead"),
          codes(List.of(ExitCode.OK, ExitCode.PENDING, ExitCode.DATABASE_AHEAD)))),
      Map.entry("status", new CommandHelp("status [--json]",
          "Per module: code version, database version, pending versions and phase; the current or last run."
              + " With -v, the pending changesets. Only reads.",
          List.of("--json                         print the status document (schema 1) instead of the table"),
          codes(List.of(ExitCode.OK, ExitCode.PENDING, ExitCode.IN_PROGRESS, ExitCode.NEEDS_ATTENTION,
              ExitCode.CHECKSUM_DRIFT, ExitCode.DATABASE_AHEAD)))),
      Map.entry("history", new CommandHelp("history [--limit N] [--json]", "The most recent runs, newest first.",
          List.of("--limit N                      how many runs (default 20)",
              "--json                         print JSON instead of the table"),
          codes(List.of(ExitCode.OK)))),
      Map.entry("wait", new CommandHelp("wait [--timeout D]",
          "Block until the database is ready for this code (with --release ID: until that release ran) and no run"
              + " is in progress. On failure or timeout, exit with status's code.",
          List.of("--timeout D                    how long to wait, such as 90s or 10m (default: lock.timeout)"),
          codes(List.of(ExitCode.OK, ExitCode.PENDING, ExitCode.IN_PROGRESS, ExitCode.NEEDS_ATTENTION,
              ExitCode.CHECKSUM_DRIFT, ExitCode.DATABASE_AHEAD, ExitCode.STOPPED)))),
      Map.entry("serve", new CommandHelp("serve [--port P] [--bind ADDR]",
          "Serve GET /ready (200, or 503 with Retry-After), /status (JSON) and /metrics (Prometheus) until SIGTERM;"
              + " with ZooKeeper, register the code this node serves.",
          List.of("--port P                       port to listen on; 0 picks a free one (default 8080)",
              "--bind ADDR                    address to listen on (default 127.0.0.1)"),
          codes(List.of(ExitCode.STOPPED)))),
      Map.entry("resolve", new CommandHelp("resolve --applied CHANGESET | --not-applied CHANGESET",
          "Say whether the changeset a dead runner was inside got applied, when the schema cannot tell. The"
              + " upgrade that stops names the changeset and this command.",
          List.of("--applied CHANGESET            its changes are in place: record it as run",
              "--not-applied CHANGESET        they are not: the next upgrade runs it again"),
          codes(List.of(ExitCode.OK, ExitCode.LOCK_TIMEOUT, ExitCode.LOCK_LOST)))),
      Map.entry("mark", new CommandHelp("mark --applied CHANGESET | --not-applied CHANGESET --reason TEXT",
          "Tell the runner about a change made by hand: --applied records CHANGESET (path::id::author) as run without"
              + " running it (a person applied it, say with an online schema change tool); --not-applied removes its"
              + " record so that the next upgrade runs it again, moving its module's recorded version back below the"
              + " changeset's version when that was installed. Under the lock, recorded as a run with who, when and"
              + " why; history shows it. resolve stays for the changeset a dead runner was inside.",
          List.of("--applied CHANGESET            record it as run; it will not run",
              "--not-applied CHANGESET        remove its record; the next upgrade runs it",
              "--reason TEXT                  why (required), recorded with who and when"),
          codes(List.of(ExitCode.OK, ExitCode.LOCK_TIMEOUT, ExitCode.LOCK_LOST)))),
      Map.entry("rollback", new CommandHelp("rollback MODULE --to VERSION [--dry-run [--json]] [--reason TEXT]"
          + " [--backup] [--output json]",
          "Undo MODULE's recorded changesets above VERSION, newest first, with Liquibase's rollback (native changes"
              + " invert themselves; raw SQL needs its <rollback>), under the lock and the fence, recorded as a"
              + " ROLLBACK run. Run it from the release that has the newer changelogs: they hold the rollback"
              + " instructions; then switch the code back. Refused, with nothing executed, when a changeset has no"
              + " rollback or an installed module that depends on MODULE ran changesets since the first one to undo."
              + " Takes a backup first when backup.before-upgrade is not never.",
          List.of("--to VERSION                   the version to go back to: every changeset above it is undone",
              "--dry-run                      show what would be undone and its rollback SQL; take no lock, write"
                  + " nothing",
              "--json                         with --dry-run: print it as JSON",
              "--reason TEXT                  why, recorded with the run; history shows it",
              "--backup                       take a backup first, even when backup.before-upgrade is never",
              "--output text|json             json: one JSON event per line on stdout (docs/events.md); progress and"
                  + " summary go to stderr"),
          codes(List.of(ExitCode.OK, ExitCode.NEEDS_ATTENTION, ExitCode.BACKUP_FAILED, ExitCode.LOCK_TIMEOUT,
              ExitCode.LOCK_LOST, ExitCode.ROLLBACK_REFUSED, ExitCode.STOPPED)))),
      Map.entry("adopt", new CommandHelp("adopt [--from TABLE] [--dry-run] [--json]",
          "Take over a database the application's own Liquibase managed: under the lock, record each row of its"
              + " history that is a changeset of the modules (matched by id, author and the file's path within the"
              + " module) in Setup Runner's history, and set each module's version to the highest version whose"
              + " changesets are all there. The next upgrade runs only the rest. The application's table is only"
              + " read.",
          List.of("--from TABLE                   the application's history table (default DATABASECHANGELOG)",
              "--dry-run                      report what would be recorded; take no lock, write nothing",
              "--json                         print the report as JSON"),
          codes(List.of(ExitCode.OK, ExitCode.LOCK_TIMEOUT, ExitCode.LOCK_LOST)))),
      Map.entry("validate", new CommandHelp("validate [--json]",
          "Validate every module version's changelog as an upgrade would (with the contexts, labels and parameters"
              + " in effect): duplicate identifiers, invalid changes, changesets edited after they ran. Lists every"
              + " problem; executes and writes nothing.",
          List.of("--json                         print {schema, valid, versions, problems} with every problem"),
          codes(List.of(ExitCode.OK)))),
      Map.entry("cache", new CommandHelp("cache rebuild",
          "Rebuild var/cache/config.json from the code's modules, then run cache.command. Needs no database.",
          List.of(), List.of(ExitCode.OK, ExitCode.USAGE, ExitCode.INVALID_MODULES, ExitCode.CACHE_FAILED,
              ExitCode.CONFIGURATION))),
      Map.entry("backup", new CommandHelp("backup create [--name NAME] [--json] | list [--json] | restore NAME |"
          + " delete NAME [--output json]",
          "Backups of the application database, made with its own dump tool (mariadb-dump or mysqldump) into"
              + " backup.dir with a manifest (release, module versions, size, SHA-256). create takes one under the"
              + " lock, then deletes the oldest beyond backup.keep. restore checks the file against its manifest,"
              + " then, with maintenance mode on and under the lock, replaces the database with the backup and"
              + " records a RESTORE run; if the database is then ready for the code, it rebuilds the config cache"
              + " and switches maintenance off, else maintenance stays on until the backup's release is deployed."
              + " upgrade --backup takes one before the first changeset.",
          List.of("--name NAME                    with create: the backup's name (default: the time, 20261122-101503)",
              "--json                         with create or list: print JSON (the manifests)",
              "--output text|json             with create or restore: one JSON event per line on stdout"
                  + " (docs/events.md); progress and summary go to stderr"),
          codes(List.of(ExitCode.OK, ExitCode.BACKUP_NOT_FOUND, ExitCode.BACKUP_FAILED, ExitCode.CACHE_FAILED,
              ExitCode.LOCK_TIMEOUT, ExitCode.LOCK_LOST)))),
      Map.entry("maintenance", new CommandHelp("maintenance enable [--allow-ip IP ...] | disable | status",
          "Switch Magento's maintenance mode (var/.maintenance.flag, var/.maintenance.ip) on or off, or show it."
              + " Needs no database.",
          List.of("--allow-ip IP ...              with enable: addresses that still get through (replaces the"
              + " allow list)"),
          List.of(ExitCode.OK, ExitCode.USAGE, ExitCode.CACHE_FAILED, ExitCode.CONFIGURATION))));

  private static List<ExitCode> codes(List<ExitCode> own) {
    return java.util.stream.Stream.concat(own.stream(), CONNECTS.stream()).distinct()
        .sorted(java.util.Comparator.comparingInt(ExitCode::code)).toList();
  }
}
