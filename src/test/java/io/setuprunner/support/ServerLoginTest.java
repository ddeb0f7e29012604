package io.setuprunner.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The -Dsetuprunner.test.db-url a developer gives: taken apart, and never repeated with its password. */
class ServerLoginTest {
  private static final String PROPERTY = "setuprunner.test.db-url";

  @Test
  void userInfoGivesTheAccountAndParametersGoIntoEveryDatabaseUrl() {
    ServerLogin login = ServerLogin.parse("jdbc:mysql://tester:p%40ss@db.local:3407/?allowPublicKeyRetrieval=true",
        PROPERTY);

    assertEquals("tester", login.user());
    assertEquals("p@ss", login.password());
    assertEquals("jdbc:mysql://db.local:3407/t1_2?allowPublicKeyRetrieval=true", login.databaseUrl("t1_2"));
    assertEquals("tester@db.local:3407", login.toString());
  }

  @Test
  void credentialsMayComeAsParametersAndThePortDefaultsTo3306() {
    ServerLogin login = ServerLogin.parse("jdbc:mysql://db.local/?user=tester&password=secret", PROPERTY);

    assertEquals("tester", login.user());
    assertEquals("secret", login.password());
    assertEquals("jdbc:mysql://db.local:3306/", login.serverUrl());
  }

  @Test
  void aUrlNamingADatabaseOrNoUserIsRefusedWithoutRepeatingThePassword() {
    IllegalArgumentException database = assertThrows(IllegalArgumentException.class,
        () -> ServerLogin.parse("jdbc:mysql://tester:secret@db.local:3407/shop", PROPERTY));
    IllegalArgumentException noUser = assertThrows(IllegalArgumentException.class,
        () -> ServerLogin.parse("jdbc:mysql://db.local:3407/", PROPERTY));

    assertEquals("-Dsetuprunner.test.db-url names a database; give the server only (the tests create and drop"
        + " their own databases on it).", database.getMessage());
    assertFalse(database.getMessage().contains("secret"));
    assertEquals("-Dsetuprunner.test.db-url names no user: write it as jdbc:mysql://USER:PASSWORD@HOST:PORT/.",
        noUser.getMessage());
  }

  @Test
  void maskHidesThePasswordWhereverItIsAndLeavesTheRest() {
    assertEquals("jdbc:mysql://tester:******@db.local:3407/", ServerLogin.mask("jdbc:mysql://tester:a/b?c@db.local:3407/"));
    assertEquals("jdbc:mysql://db.local/?user=tester&password=******&sslMode=REQUIRED",
        ServerLogin.mask("jdbc:mysql://db.local/?user=tester&password=secret&sslMode=REQUIRED"));
    assertEquals("jdbc:mysql://root@db.local:3306/", ServerLogin.mask("jdbc:mysql://root@db.local:3306/"));
  }
}
