package io.setuprunner.core;

import java.util.regex.Pattern;

/**
 * Hides credentials in any text that may carry a JDBC URL: user-info ({@code app:secret@host}) and every
 * property Connector/J reads a password from ({@code password=}, {@code password1=},
 * {@code trustCertificateKeyStorePassword=} …). Applied to messages, log lines and stored errors alike,
 * so a password that slipped into some text still never reaches an output.
 */
public final class Redaction {
  public static final String MASK = "******";
  // After "//" or a host-list comma: "user:password@" (Connector/J's user-info form).
  private static final Pattern USER_INFO = Pattern.compile("(?<=//|,)([^/:@,?\\s()]*):[^@/?\\s]*@");
  private static final Pattern PASSWORD_PROPERTY =
      Pattern.compile("(?i)((?:^|[?&;,(\\s])[a-z0-9_.-]*password\\d*\\s*=\\s*)[^&;,)\\s]*");

  private Redaction() {}

  /** {@code text} with every credential in it replaced by {@value #MASK}; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
    return PASSWORD_PROPERTY.matcher(result).replaceAll("$1" + MASK);
  }
}
