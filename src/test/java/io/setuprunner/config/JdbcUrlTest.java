package io.setuprunner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A db.url is split into the driver's URL, which carries no credentials, and the credentials it gave. */
class JdbcUrlTest {
  private static JdbcUrl parse(String url) {
    return JdbcUrl.parse(url, "the test");
  }

  @Test
  void plainUrlKeepsItsShapeAndGivesNoCredentials() {
    JdbcUrl url = parse("jdbc:mysql://db:3306/shop?useSSL=false");

    assertEquals("jdbc:mysql://db:3306/shop?useSSL=false", url.driverUrl());
    assertEquals("shop", url.database());
    assertEquals(Optional.empty(), url.user());
    assertEquals(Optional.empty(), url.password());
  }

  @Test
  void userInfoIsTakenOutOfTheUrl() {
    JdbcUrl url = parse("jdbc:mysql://app:s3cret@db:3306/shop");

    assertEquals("jdbc:mysql://db:3306/shop", url.driverUrl());
    assertEquals(Optional.of("app"), url.user());
    assertEquals("s3cret", url.password().orElseThrow().reveal());
  }

  @Test
  void percentEncodedUserInfoIsDecoded() {
    JdbcUrl url = parse("jdbc:mysql://app:p%40ss%3Aword@db/shop");

    assertEquals("p@ss:word", url.password().orElseThrow().reveal());
    assertEquals("jdbc:mysql://db/shop", url.driverUrl());
  }

  @Test
  void queryCredentialsAreTakenOutAndOtherPropertiesKept() {
    JdbcUrl url = parse("jdbc:mysql://db/shop?user=app&password=s3cret&useSSL=false");

    assertEquals("jdbc:mysql://db/shop?useSSL=false", url.driverUrl());
    assertEquals(Optional.of("app"), url.user());
    assertEquals("s3cret", url.password().orElseThrow().reveal());
  }

  @Test
  void everyHostOfAListLosesItsUserInfo() {
    JdbcUrl url = parse("jdbc:mysql://app:s3cret@h1:3306,app:s3cret@h2:3306/shop");

    assertEquals("jdbc:mysql://h1:3306,h2:3306/shop", url.driverUrl());
    assertFalse(url.toString().contains("s3cret"), url.toString());
  }

  @Test
  void mariadbSchemeIsRefusedWithTheMysqlUrlToUse() {
    SetupRunnerException e = assertThrows(SetupRunnerException.class,
        () -> parse("jdbc:mariadb://app:s3cret@db:3306/shop"));

    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    assertTrue(e.getMessage().contains("jdbc:mysql://app:******@db:3306/shop"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void urlWithoutDatabaseIsRefused() {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> parse("jdbc:mysql://db:3306/"));

    assertTrue(e.getMessage().contains("names no database"), e.getMessage());
  }

  @Test
  void otherSchemesAreRefused() {
    SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> parse("jdbc:postgresql://db/shop"));

    assertTrue(e.getMessage().contains("jdbc:mysql://HOST:PORT/DATABASE"), e.getMessage());
  }
}
