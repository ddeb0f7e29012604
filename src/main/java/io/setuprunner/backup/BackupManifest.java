package io.setuprunner.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code NAME.json} beside a backup says of it: enough to tell backups apart, to check the file before
 * loading it, and to know which code it belongs to. A backup exists when its manifest does: the manifest is
 * written last, so a dump that failed half way is never listed.
 *
 * @param schema the manifest format's version, 1
 * @param file the compressed dump's file name, in the same folder
 * @param sizeBytes the compressed file's size
 * @param dumpBytes the dump's size before compression, what a restore loads
 * @param release the release of the last upgrade that succeeded before the backup: the code its data belongs
 *     to; null when none is recorded
 * @param modules each module's recorded version when the backup was taken, by name
 * @param tables the tables and views the dump holds; a restore drops every other one first
 * @param runId the upgrade run the backup was taken for; null for {@code backup create}
 * @param takenBy who took it: user@host, and the command
 */
public record BackupManifest(int schema, String name, Instant createdAt, String database, String release,
    Map<String, String> modules, String serverVersion, String tool, String file, long sizeBytes, long dumpBytes,
    String sha256,
    long durationMs, String runId, String takenBy, List<String> tables) {
  public static final int SCHEMA = 1;

  public BackupManifest {
    modules = modules == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(modules));
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** {@code 1.2 MB in 0.8 s}, for summaries. */
  public String sizeAndDuration() {
    return ToolRun.megabytes(sizeBytes) + " in " + String.format(java.util.Locale.ROOT, "%.1f s", durationMs / 1000.0);
  }

  /** {@code  (r41)}, or {@code  (no upgrade was recorded before it)}, for messages. */
  public String releaseInWords() {
    return release == null ? " (release unknown: no upgrade was recorded before it, or a rollback ran after the"
        + " last one)" : " (" + release + ")";
  }

  public Optional<String> run() {
    return Optional.ofNullable(runId);
  }
}
