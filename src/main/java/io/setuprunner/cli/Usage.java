package io.setuprunner.cli;

import io.setuprunner.config.Setting;

/** The text of {@code --help}: commands, options, settings and exit codes, generated where a list exists. */
final class Usage {
  private static final String GLOBAL_OPTIONS = """
      Options (every command; before or after it):
        --root DIR     application root: modules in DIR/changelogs, cache in DIR/var/cache (default: .)
        --embedded-db  use an embedded MariaDB kept in DIR/var/embedded-db (try-out; source checkout only)
        -v, --verbose  show Setup Runner's debug log, Liquibase's per-changeset log and stack traces
        -h, --help     show help (after a command: that command's)
        --version      show the version
        -DNAME=VALUE   changelog parameter: ${NAME} in changelogs expands to VALUE (repeatable; also
                       changelog.parameter.NAME in the properties file, SETUP_RUNNER_CHANGELOG_PARAMETER_NAME)
      """;

  private Usage() {}

  /** What {@code setup-runner} alone prints on stderr: enough to find the real help. */
  static String brief() {
    return "Usage: setup-runner <command> [options]" + System.lineSeparator()
        + "Commands: " + String.join(", ", CommandLineParser.COMMANDS) + System.lineSeparator()
        + "Run 'setup-runner --help' for everything, or 'setup-runner <command> --help' for one command."
        + System.lineSeparator();
  }

  /** One command's usage, options and exit codes. */
  static String command(String name) {
    CommandHelp help = CommandHelp.ALL.get(name);
    StringBuilder text = new StringBuilder("Usage: setup-runner ").append(help.synopsis()).append(" [options]")
        .append(System.lineSeparator()).append(System.lineSeparator()).append(help.description())
        .append(System.lineSeparator()).append(System.lineSeparator());
    if (!help.options().isEmpty()) {
      text.append("Options:").append(System.lineSeparator());
      help.options().forEach(o -> text.append("  ").append(o).append(System.lineSeparator()));
      text.append(System.lineSeparator());
    }
    text.append(GLOBAL_OPTIONS).append("  Settings as flags (setup-runner --help lists them all): ")
        .append(String.join(", ", java.util.Arrays.stream(Setting.values()).flatMap(s -> s.flag().stream()).toList()))
        .append(System.lineSeparator()).append(System.lineSeparator()).append("Exit codes:")
        .append(System.lineSeparator());
    for (ExitCode code : help.exitCodes()) {
      text.append(String.format("  %3d  %s%n", code.code(), code.meaning()));
    }
    return text.toString();
  }

  static String text() {
    StringBuilder text = new StringBuilder("""
        Usage: setup-runner <command> [options]

        Commands:
          upgrade [--phase expand|contract|all] [--force] [--maintenance] [--backup] [--dry-run]
                  [--output json]
                         run pending module upgrades under the lock, then rebuild the config cache;
                         --phase expand runs no changeset labelled contract; contract is refused while
                         nodes serve code that needs what it removes (--force overrides);
                         --maintenance switches maintenance on for the run; a later successful
                         --maintenance run switches it off; --backup takes a backup before the first
                         changeset when something is pending; --dry-run executes nothing (= plan);
                         --output json: one JSON event per line on stdout, progress on stderr
          plan [--phase expand|contract|all] [--json]
                         what an upgrade would run, per version, with each changeset's SQL; writes
                         nothing and takes no lock (same as upgrade --dry-run; exit 0 or 2)
          status [--json]
                         per module: code version, database version, pending versions and changesets,
                         phase; the current or last run
          history [--limit N] [--json]
                         the most recent runs (default 20)
          wait [--timeout D]
                         block until the database is ready for this code (with --release ID: until that
                         release ran) and nothing runs; exits with status's code on failure or timeout
          serve [--port P] [--bind ADDR]
                         HTTP: GET /ready (200 or 503 + Retry-After), /status (JSON), /metrics (Prometheus);
                         registers the served code in ZooKeeper (default port 8080, bind 127.0.0.1)
          resolve --applied CHANGESET | --not-applied CHANGESET
                         say whether the changeset a dead runner was inside got applied, when the
                         schema cannot tell (the upgrade names the changeset and this command)
          mark --applied CHANGESET | --not-applied CHANGESET --reason TEXT
                         record a changeset as run without running it (applied by hand), or remove its
                         record so that the next upgrade runs it; recorded with who, when and why
          rollback MODULE --to VERSION [--dry-run [--json]] [--reason TEXT] [--backup] [--output json]
                         undo MODULE's changesets above VERSION, newest first, under the lock; refused
                         (exit 79, nothing executed) when one has no rollback or a dependent module ran
                         changesets since; run it from the release with the newer changelogs
          adopt [--from TABLE] [--dry-run] [--json]
                         take over a database the application's own Liquibase managed: record what its
                         DATABASECHANGELOG (or TABLE) ran, so that upgrade runs only the rest
          validate [--json]
                         validate every module version's changelog as an upgrade would; list every problem
                         (exit 65 when there is one); executes and writes nothing
          cache rebuild  rebuild var/cache/config.json from the code's modules (no database needed)
          backup create [--name NAME] | list [--json] | restore NAME | delete NAME [--output json]
                         backups of the database with its own dump tool, in backup.dir; restore checks
                         the file, then under the lock with maintenance on loads it (exit 66: no such
                         backup, the message lists those that exist)
          maintenance enable [--allow-ip IP ...] | disable | status
                         Magento's var/.maintenance.flag and var/.maintenance.ip

        """).append(GLOBAL_OPTIONS).append("""

        Settings (file DIR/setup-runner.properties < environment < flag):
        """);
    for (Setting s : Setting.values()) {
      text.append(String.format("  %-28s %-38s %s%n", s.key(), s.environmentName(), s.flag().orElse("(no flag)")));
      text.append(String.format("      %s%s%n", s.description(),
          s.defaultValue().map(d -> " [default " + d + "]").orElse("")));
    }
    text.append(System.lineSeparator()).append("Exit codes:").append(System.lineSeparator());
    for (ExitCode code : ExitCode.values()) {
      text.append(String.format("  %3d  %s%n", code.code(), code.meaning()));
    }
    return text.toString();
  }
}
