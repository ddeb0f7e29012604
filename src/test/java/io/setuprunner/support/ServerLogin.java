package io.setuprunner.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the tests' server listens and the account they log in with: {@code root} without a password on the
 * embedded MariaDB, or what {@code -Dsetuprunner.test.db-url=jdbc:mysql://USER:PASSWORD@HOST:PORT/} names.
 * Driver parameters after the server URL ({@code ?allowPublicKeyRetrieval=true}) go into every database URL.
 */
record ServerLogin(String host, int port, String parameters, String user, String password) {
  private static final String PREFIX = "jdbc:mysql://";

  static ServerLogin embedded(int port) {
    return new ServerLogin("localhost", port, "", "root", "");
  }

  /**
   * @throws IllegalArgumentException for anything but a server URL; the message never repeats the password
   */
  static ServerLogin parse(String url, String property) {
    String text = url.trim();
    if (!text.startsWith(PREFIX)) {
      throw invalid(property, "is not a jdbc:mysql:// URL");
    }
    int queryStart = text.indexOf('?', PREFIX.length());
    String beforeQuery = queryStart < 0 ? text : text.substring(0, queryStart);
    int slash = beforeQuery.indexOf('/', PREFIX.length());
    if (slash >= 0 && slash < beforeQuery.length() - 1) {
      throw invalid(property, "names a database; give the server only (the tests create and drop their own"
          + " databases on it)");
    }
    String authority = beforeQuery.substring(PREFIX.length(), slash < 0 ? beforeQuery.length() : slash);
    int at = authority.lastIndexOf('@');
    String user = "";
    String password = "";
    if (at >= 0) {
      String info = authority.substring(0, at);
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? "" : decode(info.substring(colon + 1));
      authority = authority.substring(at + 1);
    }
    List<String> kept = new ArrayList<>();
    if (queryStart >= 0) {
      for (String pair : text.substring(queryStart + 1).split("&")) {
        if (pair.startsWith("user=")) {
          user = decode(pair.substring("user=".length()));
        } else if (pair.startsWith("password=")) {
          password = decode(pair.substring("password=".length()));
        } else if (!pair.isEmpty()) {
          kept.add(pair);
        }
      }
    }
    if (user.isEmpty()) {
      throw invalid(property, "names no user: write it as jdbc:mysql://USER:PASSWORD@HOST:PORT/");
    }
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    if (host.isEmpty() || authority.contains(",")) {
      throw invalid(property, "names no single host: write it as jdbc:mysql://USER:PASSWORD@HOST:PORT/");
    }
    int port;
    try {
      port = colon < 0 ? 3306 : Integer.parseInt(authority.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid(property, "has a port that is not a number");
    }
    return new ServerLogin(host, port, String.join("&", kept), user, password);
  }

  /** The server URL, without credentials. */
  String serverUrl() {
    return PREFIX + host + ":" + port + "/" + (parameters.isEmpty() ? "" : "?" + parameters);
  }

  /** The URL of one database on the server, without credentials. */
  String databaseUrl(String database) {
    return PREFIX + host + ":" + port + "/" + database + (parameters.isEmpty() ? "" : "?" + parameters);
  }

  /**
   * {@code url} with its password masked, in user-info and as a parameter, whether or not it parses: it may
   * be shown where {@link #parse} would refuse it. A password written without percent-encoding may hold
   * '/', '?' or '@', so everything from the user's ':' to the last '@' goes; too much rather than too little.
   */
  static String mask(String url) {
    int start = url.indexOf("//") + 2;
    int colon = url.indexOf(':', Math.max(start, 2));
    int at = url.lastIndexOf('@');
    String masked = start >= 2 && colon >= 0 && colon < at
        ? url.substring(0, colon + 1) + "******" + url.substring(at) : url;
    return masked.replaceAll("([?&]password=)[^&]*", "$1******");
  }

  /** Host, port and user, never the password: records print every field otherwise. */
  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String property, String problem) {
    // The URL itself is not repeated: it carries the password.
    return new IllegalArgumentException("-D" + property + " " + problem + ".");
  }
}
