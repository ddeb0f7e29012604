package io.setuprunner.state;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.sql.PreparedStatement;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The fencing token in {@code setup_runner_fence}: only a larger token is accepted, and every state write
 * checks it, so a runner that lost the lock cannot write after its successor started.
 */
public final class Fence {
  private final Jdbc jdbc;

  public Fence(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * What a new lock holder does first: creates the tables if needed and moves the fence to its token
   * (the lease's own, or, for a lock without a counter, the fence row's plus one).
   *
   * @return the token every later write of this holder must carry
   */
  public long takeOver(java.util.OptionalLong leaseToken, String runId, Instant now) {
    new StateSchema(jdbc).ensure();
    long token = leaseToken.orElseGet(() -> fenceToken() + 1);
    advanceFence(token, runId, now);
    return token;
  }

  /** The fencing token the database currently accepts; 0 before the first run. */
  public long fenceToken() {
    return jdbc.query("read the fence", 0L, c -> Jdbc.fenceToken(c, ""));
  }

  /**
   * Moves the fence to {@code token}, which must be larger than the one it holds: from now on only
   * writes carrying {@code token} are accepted.
   *
   * @throws SetupRunnerException of kind {@link ErrorKind#LOCK_LOST} when a newer token is already there
   */
  public void advanceFence(long token, String runId, Instant now) {
    int updated = jdbc.execute("advance the fence", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + StateSchema.FENCE_TABLE
          + " SET token = ?, run_id = ?, updated_at = ? WHERE id = 1 AND token < ?")) {
        ps.setLong(1, token);
        ps.setString(2, runId);
        ps.setObject(3, Jdbc.utc(now));
        ps.setLong(4, token);
        return ps.executeUpdate();
      }
    });
    if (updated == 0) {
      throw Jdbc.superseded(token, fenceToken(), "starting");
    }
  }

  /** Throws {@link ErrorKind#LOCK_LOST} unless the database still accepts {@code token}. */
  public void checkFence(long token, String before) {
    long current = fenceToken();
    if (current != token) {
      throw Jdbc.superseded(token, current, before);
    }
  }
}
