package io.setuprunner.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Takes {@code -Dsetuprunner.test.db-url} as each test JVM starts, before any test runs, and leaves a copy
 * without the password in its place: surefire's and failsafe's XML reports list the test JVM's system
 * properties, the unit tests' too, which never look at the server.
 */
public final class ServerProperty implements LauncherSessionListener {
  private static volatile String given;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String url = System.getProperty(MariaDb.SERVER_PROPERTY, "").trim();
    if (given == null && !url.isEmpty()) {
      given = url;
      System.setProperty(MariaDb.SERVER_PROPERTY, ServerLogin.mask(url));
    }
  }

  /** The server URL as given, password included; empty when none was given. */
  static String value() {
    // Without a launcher session (a test started some other way), the property still holds it.
    return given != null ? given : System.getProperty(MariaDb.SERVER_PROPERTY, "").trim();
  }
}
