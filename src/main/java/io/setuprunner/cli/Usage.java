package io.setuprunner.cli;

import io.setuprunner.config.Setting;

/** The text of {@code --help}: commands, options, settings and exit codes, generated where a list exists. */
final class Usage {
  private Usage() {}

  static String text() {
    StringBuilder text = new StringBuilder("""
        Usage: setup-runner <command> [options]

        Commands:
          upgrade        run pending module upgrades under the lock, then rebuild the config cache
          status         per module: code version, database version, pending versions; the current or last run
          cache rebuild  rebuild var/cache/config.json from the code's modules (no database needed)
          resolve --applied CHANGESET | --not-applied CHANGESET
                         say whether the changeset a dead runner was inside got applied, when the
                         schema cannot tell (the upgrade names the changeset and this command)

        Options (every command):
          --root DIR     application root: modules in DIR/changelogs, cache in DIR/var/cache (default: .)
          --embedded-db  use an embedded MariaDB kept in DIR/var/embedded-db (try-out; source checkout only)
          -v, --verbose  show Liquibase's per-changeset log and stack traces
          -h, --help     show this text

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
