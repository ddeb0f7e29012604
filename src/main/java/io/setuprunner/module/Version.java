package io.setuprunner.module;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** A module version such as {@code 1.10.0}, compared numerically part by part. */
public final class Version implements Comparable<Version> {
  private static final Pattern SHAPE = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,5}");

  private final String text;
  private final int[] parts;

  private Version(String text, int[] parts) {
    this.text = text;
    this.parts = parts;
  }

  /** Reads {@code text}, or returns empty when it is not dot-separated numbers (at most six parts). */
  public static Optional<Version> tryParse(String text) {
    if (text == null || !SHAPE.matcher(text).matches()) {
      return Optional.empty();
    }
    int[] parts = Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray();
    return Optional.of(new Version(text, parts));
  }

  /** Reads {@code text}; throws {@link IllegalArgumentException} when it is not a version. */
  public static Version parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not a version: '" + text + "'"));
  }

  @Override
  public int compareTo(Version other) {
    int length = Math.max(parts.length, other.parts.length);
    for (int i = 0; i < length; i++) {
      // 1.2 and 1.2.0 are the same version: missing parts count as zero.
      int mine = i < parts.length ? parts[i] : 0;
      int theirs = i < other.parts.length ? other.parts[i] : 0;
      if (mine != theirs) {
        return Integer.compare(mine, theirs);
      }
    }
    return 0;
  }

  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    int end = parts.length;
    while (end > 0 && parts[end - 1] == 0) {
      end--;
    }
    return Arrays.hashCode(Arrays.copyOf(parts, end));
  }

  @Override
  public String toString() {
    return text;
  }
}
