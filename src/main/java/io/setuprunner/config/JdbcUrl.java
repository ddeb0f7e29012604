package io.setuprunner.config;

import io.setuprunner.core.Redaction;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code db.url} taken apart: the URL handed to the driver, which carries no credentials, and the user
 * and password the URL gave (as user-info {@code app:secret@host} or as {@code ?user=…&password=…}).
 * Keeping credentials out of the driver's URL keeps them out of every message the driver writes.
 */
public record JdbcUrl(String driverUrl, String database, Optional<String> user, Optional<Secret> password) {
  private static final String PREFIX = "jdbc:mysql:";

  /**
   * @param source where the URL came from, for the error message
   * @throws SetupRunnerException of kind {@link ErrorKind#CONFIGURATION} for anything but a MySQL URL naming a database
   */
  public static JdbcUrl parse(String url, String source) {
    String text = url.trim();
    if (text.startsWith("jdbc:mariadb:")) {
      throw invalid(source, "uses jdbc:mariadb:, the MariaDB driver's scheme. Setup Runner ships MySQL"
          + " Connector/J, which talks to MariaDB as well: write it as "
          + Redaction.redact(PREFIX + text.substring("jdbc:mariadb:".length())));
    }
    int slashes = text.indexOf("//");
    if (!text.startsWith(PREFIX) || slashes < 0) {
      throw invalid(source, "is not a MySQL JDBC URL: write it as jdbc:mysql://HOST:PORT/DATABASE");
    }
    int authorityEnd = indexOfAny(text, slashes + 2, '/', '?');
    int queryStart = text.indexOf('?', slashes + 2);
    String authority = text.substring(slashes + 2, authorityEnd);
    String path = text.substring(authorityEnd, queryStart < 0 ? text.length() : Math.max(queryStart, authorityEnd));
    String database = path.startsWith("/") ? path.substring(1) : "";
    if (database.isBlank()) {
      throw invalid(source, "names no database: add it, as in jdbc:mysql://HOST:3306/DATABASE");
    }
    Optional<String> user = Optional.empty();
    Optional<Secret> password = Optional.empty();
    List<String> hosts = new ArrayList<>();
    for (String host : authority.contains("(") ? List.of(authority) : List.of(authority.split(",", -1))) {
      int at = host.lastIndexOf('@');
      if (at >= 0 && !host.contains("(")) {
        String info = host.substring(0, at);
        int colon = info.indexOf(':');
        if (user.isEmpty()) {
          user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon))).filter(u -> !u.isEmpty());
          password = colon < 0 ? Optional.empty() : Optional.of(new Secret(decode(info.substring(colon + 1))));
        }
        host = host.substring(at + 1);
      }
      hosts.add(host);
    }
    List<String> kept = new ArrayList<>();
    if (queryStart >= 0) {
      for (String pair : text.substring(queryStart + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (key.equals("user")) {
          user = Optional.of(value).filter(u -> !u.isEmpty());
        } else if (key.equals("password")) {
          password = Optional.of(new Secret(value));
        } else if (!pair.isEmpty()) {
          kept.add(pair);
        }
      }
    }
    String driverUrl = text.substring(0, slashes + 2) + String.join(",", hosts) + path
        + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    return new JdbcUrl(driverUrl, database, user, password);
  }

  private static int indexOfAny(String text, int from, char a, char b) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == a || text.charAt(i) == b) {
        return i;
      }
    }
    return text.length();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static SetupRunnerException invalid(String source, String problem) {
    return new SetupRunnerException(ErrorKind.CONFIGURATION, "db.url from " + source + " " + problem + ".");
  }
}
