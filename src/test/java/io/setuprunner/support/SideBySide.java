package io.setuprunner.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One application's changelogs applied twice: by Setup Runner's {@code upgrade} into one fresh database, and
 * by plain Liquibase's {@code update} of the same files into another, so that a test can hold what Setup
 * Runner did against what Liquibase alone does.
 */
public final class SideBySide {
  /** The changelog plain Liquibase runs, written by {@link #plainUpdate}; not a module, so Setup Runner ignores it. */
  public static final String PLAIN_MASTER = "plain-liquibase-master.xml";

  private final AppFixture app;
  private final TestDatabase runner;
  private final TestDatabase plain;

  public SideBySide(AppFixture app, TestDatabase runner, TestDatabase plain) {
    this.app = app;
    this.runner = runner;
    this.plain = plain;
  }

  public AppFixture app() {
    return app;
  }

  /** The database Setup Runner upgrades. */
  public TestDatabase runnerDb() {
    return runner;
  }

  /** The database plain Liquibase updates. */
  public TestDatabase plainDb() {
    return plain;
  }

  /** {@code setup-runner upgrade} with {@code options}, in this JVM, as from a shell. */
  public CliRun upgrade(String... options) {
    return command("upgrade", options);
  }

  public CliRun status(String... options) {
    return command("status", options);
  }

  private CliRun command(String command, String... options) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(options));
    args.addAll(List.of("--root", app.root().toString()));
    args.addAll(runner.flags());
    return CliRun.run(args.toArray(String[]::new));
  }

  /**
   * Plain Liquibase's {@code update} of a changelog that includes {@code versionChangelogs} in order (paths
   * relative to {@code changelogs/}, as Setup Runner names them: the same changeset identities).
   */
  public PlainLiquibase.Result plainUpdate(String... versionChangelogs) {
    return plainUpdateWithContexts(null, versionChangelogs);
  }

  /** As {@link #plainUpdate(String...)}, with Liquibase's context filter ({@code null}: none). */
  public PlainLiquibase.Result plainUpdateWithContexts(String contexts, String... versionChangelogs) {
    PlainLiquibase.master(app, PLAIN_MASTER, List.of(versionChangelogs));
    return PlainLiquibase.update(plain, app.changelogs(), PLAIN_MASTER, contexts);
  }

  /** What Setup Runner recorded, row by row ({@link ChangesetRecords#of}). */
  public List<String> runnerHistory() throws SQLException {
    return ChangesetRecords.of(runner, ChangesetRecords.SETUP_RUNNER);
  }

  /** What plain Liquibase recorded, row by row ({@link ChangesetRecords#of}). */
  public List<String> plainHistory() throws SQLException {
    return ChangesetRecords.of(plain, ChangesetRecords.PLAIN);
  }

  /** {@code file::id::author EXECTYPE} of each changeset Setup Runner recorded, in order. */
  public List<String> runnerOutcomes() throws SQLException {
    return ChangesetRecords.outcomes(runner, ChangesetRecords.SETUP_RUNNER);
  }

  /** {@code file::id::author EXECTYPE} of each changeset plain Liquibase recorded, in order. */
  public List<String> plainOutcomes() throws SQLException {
    return ChangesetRecords.outcomes(plain, ChangesetRecords.PLAIN);
  }

  /** How the two application schemas (and their data) differ; empty when alike. */
  public List<String> schemaDifferences() throws SQLException {
    return SchemaSnapshot.of(runner).differencesFrom(SchemaSnapshot.of(plain));
  }

  /** {@code Module=version} of each module Setup Runner records, by name. */
  public List<String> moduleVersions() throws SQLException {
    return runner.column("SELECT CONCAT(module, '=', version) FROM setup_runner_module ORDER BY module");
  }

  /** Setup Runner recorded what plain Liquibase recorded, and left the same schema and rows. */
  public void assertSameAsPlainLiquibase() throws SQLException {
    assertEquals(plainHistory(), runnerHistory(), "Setup Runner records what plain Liquibase records");
    assertEquals(List.of(), schemaDifferences(), "Setup Runner's schema and rows against plain Liquibase's");
  }

  /** Another upgrade finds nothing to do and records nothing; it is returned for further checks. */
  public CliRun assertUpgradeDoesNothing() throws SQLException {
    List<String> before = runnerHistory();
    CliRun again = upgrade();
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.out().contains("No upgrades available."), again.output());
    assertEquals(before, runnerHistory());
    return again;
  }
}
