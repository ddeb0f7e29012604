package io.setuprunner.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one way Setup Runner writes an instant, in text, JSON and ZooKeeper alike: UTC, ISO-8601, always
 * milliseconds ({@code 2026-01-21T10:01:41.899Z}), the precision the run history stores.
 */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
