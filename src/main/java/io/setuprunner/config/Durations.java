package io.setuprunner.config;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way deploy scripts write them: {@code 500ms}, {@code 10s}, {@code 15m}, {@code 1h}.
 * Every duration, whether a setting or a command option, is checked here, so each gets the same message
 * and the same exit code.
 */
public final class Durations {
  /** Longer than any deploy should wait; also keeps every duration within the int milliseconds ZooKeeper takes. */
  public static final Duration MAX = Duration.ofDays(7);
  private static final Pattern SHAPE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final int MAX_DIGITS = 12;

  private Durations() {}

  /** Returns the duration, or empty when {@code text} is not one; a bare number means seconds. */
  public static Optional<Duration> parse(String text) {
    Matcher m = SHAPE.matcher(text.trim());
    if (!m.matches() || m.group(1).length() > MAX_DIGITS) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return Optional.of(switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    });
  }

  /**
   * Reads {@code text} as a duration between {@code min} and {@link #MAX}.
   *
   * @param name the setting or option, as the user wrote it ({@code lock.timeout}, {@code --timeout})
   * @param source where the value came from ({@code the environment variable …})
   * @throws SetupRunnerException of kind {@link ErrorKind#CONFIGURATION} saying what is wrong and what is allowed
   */
  public static Duration require(String text, String name, String source, Duration min) {
    String shown = name + "='" + text + "' from " + source;
    boolean digits = SHAPE.matcher(text.trim()).matches();
    Duration value = parse(text).orElseThrow(() -> new SetupRunnerException(ErrorKind.CONFIGURATION, digits
        ? shown + " is too large: at most " + format(MAX) + " (7 days)."
        : shown + " is not a duration: write it as 500ms, 10s, 15m or 1h."));
    if (value.compareTo(MAX) > 0) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION, shown + " is too large: at most " + format(MAX)
          + " (7 days).");
    }
    if (value.compareTo(min) < 0) {
      throw new SetupRunnerException(ErrorKind.CONFIGURATION, shown + " is too short: at least " + format(min) + ".");
    }
    return value;
  }

  /** Writes {@code d} back in the shortest of the same units, for messages. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
