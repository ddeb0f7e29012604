package io.setuprunner.migrate;

import static io.setuprunner.support.AppFixture.createTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.PlainLiquibase;
import io.setuprunner.support.SideBySide;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A changeset's preconditions halt, skip, mark as ran or warn, by onFail and onError, as in plain Liquibase. */
@ExtendWith(MariaDbExtension.class)
class PreconditionsIT {
  @TempDir Path dir;

  /** How the guard of changeset pre-2 goes wrong: its check fails (onFail), or cannot be made (onError). */
  enum Outcome {
    FAILS("onFail", "<tableExists tableName=\"pre_missing\"/>"),
    ERRS("onError", "<sqlCheck expectedResult=\"0\">SELECT COUNT(*) FROM pre_missing</sqlCheck>");

    final String attribute;
    final String check;

    Outcome(String attribute, String check) {
      this.attribute = attribute;
      this.check = check;
    }
  }

  private static final String V1 = "Acme_Pre/1.0.0.xml";
  private static final String V2 = "Acme_Pre/1.1.0.xml";

  /** Acme_Pre 1.0.0: pre-1, then pre-2 guarded by a precondition on table pre_missing, then pre-3. */
  private SideBySide app(Outcome outcome, String option, TestDatabase db, TestDatabase plain) {
    AppFixture app = AppFixture.empty(dir).module("Acme_Pre", "1.0.0").changelog("Acme_Pre", "1.0.0",
        createTable("pre-1", "pre_one"),
        "<changeSet id=\"pre-2\" author=\"test\"><preConditions " + outcome.attribute + "=\"" + option + "\">"
            + outcome.check + "</preConditions>"
            + "<createTable tableName=\"pre_two\"><column name=\"id\" type=\"INT\"/></createTable></changeSet>",
        createTable("pre-3", "pre_three"));
    return new SideBySide(app, db, plain);
  }

  /** The guard of pre-2 now holds in both databases, and Acme_Pre 1.1.0 is pending, so the next upgrade has work. */
  private static void preconditionHoldsAndANewVersionIsPending(SideBySide both) throws Exception {
    both.runnerDb().execute("CREATE TABLE pre_missing (id INT)");
    both.plainDb().execute("CREATE TABLE pre_missing (id INT)");
    both.app().module("Acme_Pre", "1.1.0").changelog("Acme_Pre", "1.1.0", createTable("pre-4", "pre_four"));
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void haltStopsTheUpgradeAtTheGuardedChangesetAndTheVersionStaysUnrecordedUntilThePreconditionHolds(Outcome outcome,
      TestDatabase db, TestDatabase plain) throws Exception {
    SideBySide both = app(outcome, "HALT", db, plain);

    CliRun halted = both.upgrade();

    assertEquals(4, halted.exitCode(), halted.output());
    assertTrue(halted.err().contains("Changeset Acme_Pre/1.0.0.xml::pre-2::test of module Acme_Pre 1.0.0 failed"),
        halted.output());
    assertTrue(halted.err().contains("Acme_Pre stays at its previous version"), halted.output());
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of(), both.moduleVersions());
    assertFalse(db.tables().contains("pre_three"), "nothing after the halted changeset ran");
    PlainLiquibase.Result plainRun = both.plainUpdate(V1);
    assertFalse(plainRun.succeeded(), "plain Liquibase halts as well");
    assertTrue(plainRun.error().contains("Migration failed for changeset Acme_Pre/1.0.0.xml::pre-2::test"),
        plainRun.error());
    both.assertSameAsPlainLiquibase();

    preconditionHoldsAndANewVersionIsPending(both);
    CliRun resumed = both.upgrade();

    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.out().contains("Upgraded 1 module (2 versions, 3 changesets)"), "resumes at pre-2: "
        + resumed.output());
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED", V1 + "::pre-2::test EXECUTED", V1 + "::pre-3::test EXECUTED",
        V2 + "::pre-4::test EXECUTED"), both.runnerOutcomes());
    assertEquals(List.of("Acme_Pre=1.1.0"), both.moduleVersions());
    assertTrue(both.plainUpdate(V1, V2).succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }

  @Test
  void haltSaysWhyThePreconditionFailedInTheAuthorsWords(TestDatabase db, TestDatabase plain) throws Exception {
    AppFixture app = AppFixture.empty(dir).module("Acme_Pre", "1.0.0").changelog("Acme_Pre", "1.0.0",
        "<changeSet id=\"pre-2\" author=\"test\"><preConditions onFail=\"HALT\""
            + " onFailMessage=\"Acme_Pre needs table pre_missing: install Acme_Missing first\">"
            + "<tableExists tableName=\"pre_missing\"/></preConditions>"
            + "<createTable tableName=\"pre_two\"><column name=\"id\" type=\"INT\"/></createTable></changeSet>");
    SideBySide both = new SideBySide(app, db, plain);

    CliRun halted = both.upgrade();
    PlainLiquibase.Result plainRun = both.plainUpdate(V1);

    assertEquals(4, halted.exitCode(), halted.output());
    assertTrue(plainRun.error().contains("Acme_Pre needs table pre_missing: install Acme_Missing first"),
        plainRun.error());
    assertTrue(halted.err().contains("Acme_Pre needs table pre_missing: install Acme_Missing first"),
        halted.output());
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void continueSkipsTheGuardedChangesetWithoutRecordingItAndRunsTheRest(Outcome outcome, TestDatabase db,
      TestDatabase plain) throws Exception {
    SideBySide both = app(outcome, "CONTINUE", db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 2 changesets)"), upgrade.output());
    assertTrue(upgrade.err().contains("setup-runner: warning: changeset " + V1 + "::pre-2::test: its precondition")
        && upgrade.err().contains("skipped and not recorded (CONTINUE)"), "said without -v\n" + upgrade.output());
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED", V1 + "::pre-3::test EXECUTED"), both.runnerOutcomes());
    assertFalse(db.tables().contains("pre_two"));
    // Setup Runner records the version although pre-2 has not run (docs/module-format.md: "only after all
    // changesets of that version have run"); plain Liquibase has no versions to compare with.
    assertEquals(List.of("Acme_Pre=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate(V1).succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }

  /**
   * DIFFERS FROM PLAIN LIQUIBASE (documented in docs/module-format.md; the upgrade warns): plain Liquibase checks a skipped changeset's
   * precondition again on every update and runs it once it holds. Setup Runner recorded the version when the
   * changeset was skipped and reads only pending versions' changelogs, so the skipped changeset never runs,
   * even when a later version of the same module is pending.
   */
  @ParameterizedTest
  @EnumSource(Outcome.class)
  void aChangesetSkippedByContinueIsNotRunLaterWhenItsPreconditionHoldsUnlikePlainLiquibase(Outcome outcome,
      TestDatabase db, TestDatabase plain) throws Exception {
    SideBySide both = app(outcome, "CONTINUE", db, plain);
    assertEquals(0, both.upgrade().exitCode());
    assertTrue(both.plainUpdate(V1).succeeded());

    preconditionHoldsAndANewVersionIsPending(both);
    CliRun later = both.upgrade();
    assertTrue(both.plainUpdate(V1, V2).succeeded());

    assertEquals(0, later.exitCode(), later.output());
    assertEquals(List.of("Acme_Pre=1.1.0"), both.moduleVersions());
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED", V1 + "::pre-3::test EXECUTED", V1 + "::pre-2::test EXECUTED",
        V2 + "::pre-4::test EXECUTED"), both.plainOutcomes(), "plain Liquibase runs pre-2 once its precondition holds");
    assertTrue(plain.tables().contains("pre_two"));
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED", V1 + "::pre-3::test EXECUTED", V2 + "::pre-4::test EXECUTED"),
        both.runnerOutcomes(), "Setup Runner: pre-2 is never run");
    assertFalse(db.tables().contains("pre_two"), "Setup Runner: pre-2 is never run");
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void markRanRecordsTheGuardedChangesetAsRanWithoutExecutingIt(Outcome outcome, TestDatabase db,
      TestDatabase plain) throws Exception {
    SideBySide both = app(outcome, "MARK_RAN", db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 3 changesets)"), upgrade.output());
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED", V1 + "::pre-2::test MARK_RAN", V1 + "::pre-3::test EXECUTED"),
        both.runnerOutcomes());
    assertFalse(db.tables().contains("pre_two"));
    assertEquals(List.of("Acme_Pre=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate(V1).succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();

    // Marked as ran is ran: neither tool comes back to it once the precondition holds.
    preconditionHoldsAndANewVersionIsPending(both);
    assertEquals(0, both.upgrade().exitCode());
    assertTrue(both.plainUpdate(V1, V2).succeeded());
    assertFalse(db.tables().contains("pre_two"));
    both.assertSameAsPlainLiquibase();
  }

  @ParameterizedTest
  @EnumSource(Outcome.class)
  void warnRunsTheGuardedChangesetAnyway(Outcome outcome, TestDatabase db, TestDatabase plain) throws Exception {
    SideBySide both = app(outcome, "WARN", db, plain);

    CliRun upgrade = both.upgrade();

    assertEquals(0, upgrade.exitCode(), upgrade.output());
    assertTrue(upgrade.out().contains("Upgraded 1 module (1 version, 3 changesets)"), upgrade.output());
    assertEquals(List.of(V1 + "::pre-1::test EXECUTED", V1 + "::pre-2::test EXECUTED", V1 + "::pre-3::test EXECUTED"),
        both.runnerOutcomes());
    assertTrue(db.tables().contains("pre_two"));
    assertEquals(List.of("Acme_Pre=1.0.0"), both.moduleVersions());
    assertTrue(both.plainUpdate(V1).succeeded());
    both.assertSameAsPlainLiquibase();
    both.assertUpgradeDoesNothing();
  }
}
