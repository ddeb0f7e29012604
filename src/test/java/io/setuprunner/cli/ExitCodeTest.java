package io.setuprunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.status.StatusReport;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Unit tests for {@link ExitCode}: unique codes, and the mapping from error kinds and status states. */
class ExitCodeTest {

  @Test
  void codesAreUnique() {
    Set<Integer> seen = new HashSet<>();
    for (ExitCode code : ExitCode.values()) {
      assertTrue(seen.add(code.code()), () -> "duplicate exit code " + code.code());
    }
  }

  @Test
  void everyCodeHasAMeaningAndFitsInAByte() {
    for (ExitCode code : ExitCode.values()) {
      assertFalse(code.meaning().isBlank(), code.name());
      assertTrue(code.code() >= 0 && code.code() <= 255, code.name());
    }
  }

  @Test
  void successIsZero() {
    assertEquals(0, ExitCode.OK.code());
  }

  @Test
  void everyErrorKindMapsToANonZeroCode() {
    Set<ExitCode> used = new HashSet<>();
    for (ErrorKind kind : ErrorKind.values()) {
      ExitCode code = ExitCode.of(kind);
      assertNotNull(code, kind.name());
      assertTrue(code.code() != 0, kind.name());
      used.add(code);
    }
    // Both a failed changeset and an interrupted one the schema cannot settle need a person: exit 4.
    assertEquals(ExitCode.NEEDS_ATTENTION, ExitCode.of(ErrorKind.NEEDS_RESOLUTION));
    assertEquals(ExitCode.NEEDS_ATTENTION, ExitCode.of(ErrorKind.CHANGESET_FAILED));
    assertEquals(ErrorKind.values().length - 1, used.size(), "every other error kind has its own exit code");
  }

  @Test
  void errorKindsMapToTheDocumentedCodes() {
    assertEquals(64, ExitCode.of(ErrorKind.USAGE).code());
    assertEquals(65, ExitCode.of(ErrorKind.INVALID_MODULES).code());
    assertEquals(78, ExitCode.of(ErrorKind.CONFIGURATION).code());
    assertEquals(6, ExitCode.of(ErrorKind.DATABASE_AHEAD).code());
    assertEquals(4, ExitCode.of(ErrorKind.CHANGESET_FAILED).code());
    assertEquals(5, ExitCode.of(ErrorKind.CHECKSUM_DRIFT).code());
    assertEquals(69, ExitCode.of(ErrorKind.UNAVAILABLE).code());
    assertEquals(73, ExitCode.of(ErrorKind.CACHE_FAILED).code());
    assertEquals(75, ExitCode.of(ErrorKind.LOCK_TIMEOUT).code());
    assertEquals(76, ExitCode.of(ErrorKind.LOCK_LOST).code());
    assertEquals(1, ExitCode.of(ErrorKind.INTERNAL).code());
  }

  @Test
  void statusStatesMapToTheirCodes() {
    assertEquals(0, ExitCode.of(StatusReport.State.UP_TO_DATE).code());
    assertEquals(2, ExitCode.of(StatusReport.State.PENDING).code());
    assertEquals(3, ExitCode.of(StatusReport.State.IN_PROGRESS).code());
    assertEquals(4, ExitCode.of(StatusReport.State.NEEDS_ATTENTION).code());
    assertEquals(6, ExitCode.of(StatusReport.State.DATABASE_AHEAD).code());
  }

  @Test
  void everyStatusStateMapsToACode() {
    for (StatusReport.State state : StatusReport.State.values()) {
      assertNotNull(ExitCode.of(state), state.name());
    }
  }
}
