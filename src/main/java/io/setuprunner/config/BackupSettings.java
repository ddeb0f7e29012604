package io.setuprunner.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where backups go, how many are kept, which tools make and load them, and when {@code upgrade} takes one.
 *
 * @param dir absolute: {@code backup.dir} resolved against the application root
 * @param keep how many backups to keep after a successful one; 0 keeps all
 * @param dumpCommand the dump tool as configured; empty: look for one
 * @param clientCommand the client that loads a dump as configured; empty: look for one
 */
public record BackupSettings(Policy beforeUpgrade, Path dir, int keep, Optional<String> dumpCommand,
    Optional<String> clientCommand) {

  /** When {@code upgrade} takes a backup. */
  public enum Policy {
    NEVER,
    /** When something is pending, under the lock, before the first changeset; a no-op deploy takes none. */
    WHEN_PENDING,
    /** On every upgrade, with nothing pending as well. */
    ALWAYS;

    /** {@code when-pending} as the settings write it. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** The same settings with another policy, for {@code upgrade --backup}. */
  public BackupSettings withPolicy(Policy policy) {
    return new BackupSettings(policy, dir, keep, dumpCommand, clientCommand);
  }
}
