package io.setuprunner.config;

import io.setuprunner.core.Redaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every credential form Connector/J accepts is masked wherever it appears in a text. */
class RedactionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Cannot connect to jdbc:mysql://app:s3cret@db:3306/shop as app | Cannot connect to jdbc:mysql://app:******@db:3306/shop as app",
      "jdbc:mysql://db/shop?user=app&password=s3cret&useSSL=false | jdbc:mysql://db/shop?user=app&password=******&useSSL=false",
      "jdbc:mysql://db/shop?password1=s3cret&password2=other | jdbc:mysql://db/shop?password1=******&password2=******",
      "jdbc:mysql://db/shop?trustCertificateKeyStorePassword=s3cret | jdbc:mysql://db/shop?trustCertificateKeyStorePassword=******",
      "jdbc:mysql://db/shop?clientCertificateKeyStorePassword=s3cret;x=1 | jdbc:mysql://db/shop?clientCertificateKeyStorePassword=******;x=1",
      "jdbc:mysql://a:s3cret@h1:3306,b:other@h2:3306/shop | jdbc:mysql://a:******@h1:3306,b:******@h2:3306/shop",
      "jdbc:mysql://(host=h,port=3306,password=s3cret)/shop | jdbc:mysql://(host=h,port=3306,password=******)/shop",
      "jdbc:mysql://db/shop?PASSWORD=s3cret | jdbc:mysql://db/shop?PASSWORD=******"})
  void masksCredentials(String text, String expected) {
    assertEquals(expected, Redaction.redact(text));
    assertFalse(Redaction.redact(text).contains("s3cret"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:mysql://app@db:3306/shop",
      "Nothing was executed.",
      "https://example.org/path?x=1",
      "run 4f2c on web-1 (pid 7, release r42) since 2026-01-21T10:01:41.899Z"})
  void leavesTextWithoutCredentialsAlone(String text) {
    assertEquals(text, Redaction.redact(text));
  }

  @org.junit.jupiter.api.Test
  void nullStaysNull() {
    assertNull(Redaction.redact(null));
  }
}
