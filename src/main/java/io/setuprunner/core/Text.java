package io.setuprunner.core;

/** Small wording helpers every message writer needs the same way. */
public final class Text {
  private Text() {}

  /** The first line of {@code text}, trimmed; empty for null. Drivers and parsers add stack-like detail below it. */
  public static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
  }

  /** {@code text} ending in exactly one full stop, for joining into a sentence. */
  public static String sentence(String text) {
    return text.endsWith(".") ? text : text + ".";
  }

  /** {@code 1 changeset}, {@code 3 changesets}. */
  public static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
