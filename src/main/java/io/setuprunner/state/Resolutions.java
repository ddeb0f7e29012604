package io.setuprunner.state;

import java.sql.PreparedStatement;
import java.time.Instant;
import javax.sql.DataSource;

/** {@code setup_runner_resolution}: how each changeset a dead runner was inside got settled, by whom, when. */
public final class Resolutions {
  private final Jdbc jdbc;

  public Resolutions(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Records how an interrupted run's changeset was settled, and by whom. */
  public void recordResolution(RunProgress interrupted, Resolution outcome, String by, Instant now, String detail,
      long token) {
    jdbc.fenced(token, "recording how " + interrupted.changeset() + " was resolved", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + StateSchema.RESOLUTION_TABLE
          + " (run_id, changeset, outcome, resolved_by, resolved_at, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, interrupted.runId());
        ps.setString(2, interrupted.changeset());
        ps.setString(3, outcome.name());
        ps.setString(4, by);
        ps.setObject(5, Jdbc.utc(now));
        ps.setString(6, detail);
        ps.executeUpdate();
      }
      return null;
    });
  }
}
