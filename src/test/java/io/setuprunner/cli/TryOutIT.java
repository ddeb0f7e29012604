package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's try-out, as a user types it: shell/upgrade.sh --embedded-db, twice, then status. */
class TryOutIT {
  @TempDir Path dir;

  record Result(int exitCode, String output) {}

  private static Result shell(Path root, String script, String... args) throws Exception {
    Path log = root.resolve("shell.log");
    List<String> command = new java.util.ArrayList<>(List.of(
        AppFixture.projectDir().resolve("shell").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("SETUP_RUNNER_"));
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script + " hung:\n" + read(log));
    }
    return new Result(process.exitValue(), read(log));
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void upgradeShWithEmbeddedDbRunsTheSampleRemembersItAndRestoresItsBackup() throws Exception {
    Path root = AppFixture.sample(dir).root();

    Result first = shell(root, "upgrade.sh", "--embedded-db", "--backup");
    assertEquals(0, first.exitCode(), first.output());
    assertTrue(first.output().contains("Upgraded 6 modules"), first.output());
    assertTrue(Files.isDirectory(root.resolve("var/embedded-db/data")));
    java.util.regex.Matcher taken = java.util.regex.Pattern.compile("Backup (\\S+) holds the database as it was before")
        .matcher(first.output());
    assertTrue(taken.find(), "the embedded server's own mariadb-dump made a backup:\n" + first.output());

    Result second = shell(root, "upgrade.sh", "--embedded-db");
    assertEquals(0, second.exitCode(), second.output());
    assertTrue(second.output().contains("No upgrades available."), second.output());

    Result status = shell(root, "setup-runner", "status", "--embedded-db");
    assertEquals(0, status.exitCode(), status.output());
    assertTrue(status.output().contains("Up to date."), status.output());

    Result restore = shell(root, "setup-runner", "backup", "restore", taken.group(1), "--embedded-db");
    assertEquals(0, restore.exitCode(), restore.output());
    Result restored = shell(root, "setup-runner", "status", "--embedded-db");
    assertEquals(2, restored.exitCode(), "the backup was taken before the first upgrade:\n" + restored.output());
  }

  @Test
  void helpAndUsageErrorsComeWithDocumentedExitCodes() throws Exception {
    Path root = AppFixture.empty(dir).root();
    Result help = shell(root, "upgrade.sh", "--help");
    assertEquals(0, help.exitCode(), help.output());
    assertTrue(help.output().contains("Exit codes:"), help.output());
    Result unknown = shell(root, "setup-runner", "migrate");
    assertEquals(64, unknown.exitCode(), unknown.output());
    Result noDatabase = shell(root, "upgrade.sh");
    assertEquals(78, noDatabase.exitCode(), noDatabase.output());
    assertTrue(noDatabase.output().contains("No database configured"), noDatabase.output());
  }
}
