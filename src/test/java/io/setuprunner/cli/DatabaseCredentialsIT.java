package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials given inside {@code db.url} reach the server when the settings give none, and the settings
 * win when both do. Each account is let in on the test server, and a changeset records who the server saw.
 */
@ExtendWith(MariaDbExtension.class)
class DatabaseCredentialsIT {
  @TempDir Path dir;

  private AppFixture whoAmI() {
    return AppFixture.empty(dir).module("Acme_Who", "1.0.0").changelog("Acme_Who", "1.0.0",
        AppFixture.sql("who-1", "CREATE TABLE who AS SELECT SUBSTRING_INDEX(USER(), '@', 1) AS name"));
  }

  private static String serverSaw(TestDatabase db) throws Exception {
    return db.column("SELECT name FROM who").get(0);
  }

  @Test
  void userAndPasswordInTheUrlQueryAreUsedWhenNoSettingGivesThem(TestDatabase db) throws Exception {
    db.allowLogin("urlapp", "Url-S3cret");
    CliRun run = CliRun.run(Map.of("SETUP_RUNNER_DB_URL", db.urlWith("user=urlapp&password=Url-S3cret")),
        "upgrade", "--root", whoAmI().root().toString());

    assertEquals(0, run.exitCode(), run.output());
    assertEquals("urlapp", serverSaw(db));
    assertFalse(run.output().contains("Url-S3cret"), run.output());
  }

  @Test
  void userInfoInTheUrlIsUsedWhenNoSettingGivesIt(TestDatabase db) throws Exception {
    db.allowLogin("infoapp", "Info-S3cret");
    String url = db.url().replace("jdbc:mysql://", "jdbc:mysql://infoapp:Info-S3cret@");

    CliRun run = CliRun.run(Map.of("SETUP_RUNNER_DB_URL", url), "upgrade", "--root", whoAmI().root().toString());

    assertEquals(0, run.exitCode(), run.output());
    assertEquals("infoapp", serverSaw(db));
    assertFalse(run.output().contains("Info-S3cret"), run.output());
  }

  @Test
  void theSettingsWinOverTheUrlAndSaySo(TestDatabase db) throws Exception {
    db.allowLogin("settingapp", "Setting-S3cret");
    CliRun run = CliRun.run(Map.of("SETUP_RUNNER_DB_URL", db.urlWith("user=urlapp&password=Url-S3cret"),
        "SETUP_RUNNER_DB_USER", "settingapp", "SETUP_RUNNER_DB_PASSWORD", "Setting-S3cret"),
        "upgrade", "--root", whoAmI().root().toString());

    assertEquals(0, run.exitCode(), run.output());
    assertEquals("settingapp", serverSaw(db));
    assertTrue(run.err().contains("setup-runner: warning: db.user from the environment variable SETUP_RUNNER_DB_USER"
        + " wins over the user in db.url."), run.output());
    assertTrue(run.err().contains("wins over the password in db.url."), run.output());
    assertFalse(run.output().contains("S3cret"), run.output());
  }

  @Test
  void passwordInTheUrlOfAnUnreachableServerIsMaskedInTheError() {
    CliRun run = CliRun.run("status", "--root", whoAmI().root().toString(), "--db-connect-timeout", "1s",
        "--db-url", "jdbc:mysql://app:Info-S3cret@127.0.0.1:1/shop?password1=Mfa-S3cret");

    assertEquals(69, run.exitCode(), run.output());
    assertTrue(run.err().contains("setup-runner: Cannot connect to the database"
        + " jdbc:mysql://app:******@127.0.0.1:1/shop?password1=******"), run.output());
    assertTrue(run.err().startsWith("setup-runner: warning: db.url given as --db-url carries a password"),
        run.output());
    assertFalse(run.output().contains("S3cret"), run.output());
  }

  @Test
  void mariadbSchemeIsRefusedBeforeConnecting(TestDatabase db) {
    CliRun run = CliRun.run("status", "--root", whoAmI().root().toString(),
        "--db-url", db.url().replace("jdbc:mysql:", "jdbc:mariadb:"));

    assertEquals(78, run.exitCode(), run.output());
    assertTrue(run.err().contains("write it as " + db.url()), run.output());
  }
}
