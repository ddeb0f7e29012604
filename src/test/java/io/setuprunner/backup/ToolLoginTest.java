package io.setuprunner.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.config.RunnerConfig.DatabaseSettings;
import io.setuprunner.config.Secret;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the dump and client tools log in: the server from db.url, the credentials in a private option file. */
class ToolLoginTest {
  private static DatabaseSettings database(String url, String password) {
    return new DatabaseSettings(url, "shop", "app", new Secret(password));
  }

  private static Path optionFile(ToolLogin login) {
    return Path.of(login.options().get(0).substring("--defaults-file=".length()));
  }

  @Test
  void theServerComesFromTheUrlAndTcpIsAlwaysUsed() {
    try (ToolLogin login = ToolLogin.of(database("jdbc:mysql://db.internal:3307/shop?useSSL=false", ""))) {
      assertEquals(List.of("--protocol=TCP", "--host=db.internal", "--port=3307"), login.options().subList(1, 4));
    }
    try (ToolLogin login = ToolLogin.of(database("jdbc:mysql://localhost/shop", ""))) {
      assertEquals(List.of("--protocol=TCP", "--host=localhost", "--port=3306"), login.options().subList(1, 4));
    }
    try (ToolLogin login = ToolLogin.of(database("jdbc:mysql://[::1]:3310,other:3306/shop", ""))) {
      assertEquals("--host=::1", login.options().get(2));
    }
  }

  @Test
  void thePasswordIsInAnOwnerOnlyFileQuotedSoThatCommentCharactersSurviveAndGoneAfterwards() throws IOException {
    Path file;
    try (ToolLogin login = ToolLogin.of(database("jdbc:mysql://h:1/shop", "p#a;s\"s\\w"), List.of())) {
      file = optionFile(login);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals("[client]\nuser=\"app\"\npassword=\"p#a;s\\\"s\\\\w\"\n", Files.readString(file));
      assertTrue(login.options().stream().noneMatch(o -> o.contains("p#a")), "never on the command line");
      assertEquals("denied for ****** here", login.masked("denied for p#a;s\"s\\w here"));
    }
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(file.getParent()));
  }

  @Test
  void theUsersOwnOptionFilesAreIncludedFirstSoTheirTlsSettingsApplyButNotTheirLogin(@TempDir Path home)
      throws IOException {
    Path mine = Files.writeString(home.resolve(".my.cnf"), "[client]\nuser=deploy\nssl-ca=/etc/ca.pem\n");
    try (ToolLogin login = ToolLogin.of(database("jdbc:mysql://h:1/shop", "s"), List.of(mine, home.resolve("none")))) {
      assertEquals("!include " + mine + "\n[client]\nuser=\"app\"\npassword=\"s\"\n",
          Files.readString(optionFile(login)));
    }
  }

  @Test
  void aUrlTheToolsCannotTakeIsRefusedBeforeAnythingRuns() {
    assertThrows(SetupRunnerException.class,
        () -> ToolLogin.of(database("jdbc:mysql://address=(host=h)(port=1)/shop", "")));
  }
}
