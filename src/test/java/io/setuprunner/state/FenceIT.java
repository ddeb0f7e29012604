package io.setuprunner.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fence row: it only moves forward, and a superseded token can neither write state nor pass a check. */
@ExtendWith(MariaDbExtension.class)
class FenceIT {
  private static RunProgress run(String id) {
    return new RunProgress(id, "web-1", 1, "r1", Instant.now(), null, null, null);
  }

  @Test
  void onlyTheNewestTokenWrites(TestDatabase db) throws Exception {
    try (HikariDataSource pool = db.dataSource()) {
      StateStores state = StateStores.of(pool);
      new StateSchema(pool).ensure();
      assertEquals(0, state.fence().fenceToken());
      state.fence().advanceFence(5, "old-run", Instant.now());
      state.runs().startRun(run("old-run"), 5, java.time.Duration.ZERO, "no filters");

      state.fence().advanceFence(6, "new-run", Instant.now());
      SetupRunnerException stale = assertThrows(SetupRunnerException.class,
          () -> state.runs().recordProgress(run("old-run").at("Acme_A", "1.0.0", "cs"), 1, 5, false));
      assertEquals(ErrorKind.LOCK_LOST, stale.kind());
      assertEquals(ErrorKind.LOCK_LOST, assertThrows(SetupRunnerException.class,
          () -> state.fence().checkFence(5, "changeset cs")).kind());
      assertEquals(ErrorKind.LOCK_LOST, assertThrows(SetupRunnerException.class,
          () -> state.fence().advanceFence(6, "again", Instant.now())).kind(), "the fence never accepts a token twice");
      assertEquals(ErrorKind.LOCK_LOST, assertThrows(SetupRunnerException.class,
          () -> state.modules().recordModuleVersion("Acme_A", io.setuprunner.module.Version.parse("1.0.0"), "old-run",
              Instant.now(), 5)).kind());

      assertEquals(List.of(), db.column("SELECT module FROM setup_runner_module"), "the stale write left nothing");
      assertEquals(List.of("null"), db.column("SELECT COALESCE(changeset, 'null') FROM setup_runner_run"));
      state.fence().checkFence(6, "changeset cs");
      assertEquals(6, state.fence().fenceToken());
    }
  }
}
