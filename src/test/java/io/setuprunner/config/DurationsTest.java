package io.setuprunner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit tests for {@link Durations}: the units deploy scripts write, and formatting back. */
class DurationsTest {

  @Test
  void readsMilliseconds() {
    assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
  }

  @Test
  void readsSeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse("10s"));
  }

  @Test
  void readsMinutes() {
    assertEquals(Optional.of(Duration.ofMinutes(15)), Durations.parse("15m"));
  }

  @Test
  void readsHours() {
    assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1h"));
  }

  @Test
  void bareNumberMeansSeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(30)), Durations.parse("30"));
  }

  @Test
  void toleratesSurroundingWhitespace() {
    assertEquals(Optional.of(Duration.ofSeconds(10)), Durations.parse(" 10s "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "10 minutes", "-5s", "", "1.5s", "10d", "s", "PT10S"})
  void rejectsTextThatIsNotADuration(String text) {
    assertTrue(Durations.parse(text).isEmpty(), () -> "should reject '" + text + "'");
  }

  @Test
  void formatUsesTheLargestWholeUnit() {
    assertEquals("15m", Durations.format(Duration.ofMinutes(15)));
    assertEquals("1h", Durations.format(Duration.ofMinutes(60)));
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
    assertEquals("0s", Durations.format(Duration.ZERO));
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "1500ms", "10s", "15m", "1h", "36h"})
  void formatRoundTripsThroughParse(String text) {
    assertEquals(text, Durations.format(Durations.parse(text).orElseThrow()));
  }

  @Test
  void tooLargeSaysSoInsteadOfNotADuration() {
    SetupRunnerException e = assertThrows(
        SetupRunnerException.class,
        () -> Durations.require("99999999999999999999s", "--timeout", "the command line", Duration.ZERO));
    assertEquals(ErrorKind.CONFIGURATION, e.kind());
    assertTrue(e.getMessage().contains("too large") && e.getMessage().contains("168h"), e.getMessage());

    SetupRunnerException week = assertThrows(
        SetupRunnerException.class,
        () -> Durations.require("200h", "lock.timeout", "the default", Duration.ZERO));
    assertTrue(week.getMessage().contains("too large"), week.getMessage());
  }

  @Test
  void belowTheMinimumSaysTheMinimum() {
    SetupRunnerException e = assertThrows(
        SetupRunnerException.class,
        () -> Durations.require("1ms", "poll.interval", "--poll-interval", Duration.ofMillis(100)));
    assertTrue(e.getMessage().contains("poll.interval='1ms' from --poll-interval is too short: at least 100ms"),
        e.getMessage());
  }

  @Test
  void notADurationNamesItAndItsSource() {
    SetupRunnerException e = assertThrows(
        SetupRunnerException.class,
        () -> Durations.require("soon", "--timeout", "the command line", Duration.ZERO));
    assertTrue(e.getMessage().contains("--timeout='soon' from the command line is not a duration"), e.getMessage());
  }
}
