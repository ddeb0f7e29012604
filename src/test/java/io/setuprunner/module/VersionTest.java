package io.setuprunner.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit tests for {@link Version}: numeric part-by-part ordering, parsing and text. */
class VersionTest {

  @Test
  void comparesPartsNumericallyNotAsText() {
    assertTrue(Version.parse("1.10.0").isNewerThan(Version.parse("1.9.0")));
    assertTrue(Version.parse("1.10.0").compareTo(Version.parse("1.9.0")) > 0);
    assertTrue(Version.parse("1.9.0").compareTo(Version.parse("1.10.0")) < 0);
  }

  @Test
  void majorPartOutweighsLargerMinorParts() {
    assertTrue(Version.parse("2.0.0").isNewerThan(Version.parse("1.99.99")));
    assertFalse(Version.parse("1.99.99").isNewerThan(Version.parse("2.0.0")));
  }

  @Test
  void missingTrailingPartsCountAsZero() {
    Version short1 = Version.parse("1.2");
    Version long1 = Version.parse("1.2.0");
    assertEquals(0, short1.compareTo(long1));
    assertEquals(short1, long1);
    assertEquals(long1, short1);
    assertEquals(short1.hashCode(), long1.hashCode());
  }

  @Test
  void differentVersionsAreNotEqual() {
    assertNotEquals(Version.parse("1.2.1"), Version.parse("1.2"));
    assertNotEquals(Version.parse("1.2.0"), "1.2.0");
  }

  @Test
  void versionIsNotNewerThanItself() {
    Version v = Version.parse("3.1.4");
    assertFalse(v.isNewerThan(v));
  }

  @Test
  void sortsNumericallyInSortedCollections() {
    TreeSet<Version> versions = new TreeSet<>();
    for (String text : List.of("1.10.0", "1.2.0", "1.9.0", "1.0.0")) {
      versions.add(Version.parse(text));
    }
    assertEquals("[1.0.0, 1.2.0, 1.9.0, 1.10.0]", versions.toString());
  }

  @Test
  void toStringKeepsTheOriginalText() {
    assertEquals("1.2", Version.parse("1.2").toString());
    assertEquals("1.2.0", Version.parse("1.2.0").toString());
    assertEquals("01.002", Version.parse("01.002").toString());
  }

  @Test
  void tryParseAcceptsDottedNumbers() {
    assertTrue(Version.tryParse("1").isPresent());
    assertTrue(Version.tryParse("1.2.3").isPresent());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"1.a", "v1.0", "1..0", "1.0.", ".1", " 1.0", "1.0-SNAPSHOT"})
  void tryParseRejectsTextThatIsNotAVersion(String text) {
    assertTrue(Version.tryParse(text).isEmpty(), () -> "should reject '" + text + "'");
  }

  @Test
  void parseThrowsNamingTheText() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse("v1.0"));
    assertTrue(e.getMessage().contains("v1.0"), e.getMessage());
  }
}
