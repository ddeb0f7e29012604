package io.setuprunner.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.state.RunProgress;
import io.setuprunner.state.StateStores;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lock scenarios against MariaDB's GET_LOCK. */
@ExtendWith(MariaDbExtension.class)
class DatabaseDeployLockIT extends DeployLockScenarios {
  private final List<HikariDataSource> pools = new ArrayList<>();
  private TestDatabase database;
  private StateStores state;

  @BeforeEach
  void setUp(TestDatabase database) {
    this.database = database;
    HikariDataSource pool = database.dataSource();
    pools.add(pool);
    this.state = StateStores.of(pool);
  }

  @AfterEach
  void tearDown() {
    pools.forEach(HikariDataSource::close);
  }

  @Override
  DeployLock contender() {
    HikariDataSource pool = database.dataSource();
    pools.add(pool);
    return new DatabaseDeployLock(pool, StateStores.of(pool), database.name(), Duration.ofSeconds(30));
  }

  @Override
  StateStores state() {
    return state;
  }

  @Override
  void killHolder(DeployLock holderLock) throws Exception {
    killLockConnection();
  }

  @Override
  void breakConnection(DeployLock holderLock) throws Exception {
    killLockConnection();
  }

  @Test
  void aWaitTheServerCutsShortIsNotReportedAsALockTimeout() throws Exception {
    Assumptions.assumeTrue(database.column("SELECT VERSION()").get(0).contains("MariaDB"),
        "max_statement_time is MariaDB's");
    RunProgress who = new RunProgress("holder", "host", 1, null, Instant.now(), null, null, null);
    try (Lease held = contender().acquire(who, Duration.ofSeconds(1))) {
      HikariConfig config = database.poolConfig();
      config.setConnectionInitSql("SET SESSION max_statement_time = 1");
      try (HikariDataSource limited = new HikariDataSource(config)) {
        DeployLock waiter = new DatabaseDeployLock(limited, StateStores.of(limited), database.name(),
            Duration.ofSeconds(30));

        SetupRunnerException e = assertThrows(SetupRunnerException.class,
            () -> waiter.acquire(who, Duration.ofSeconds(30)));

        assertEquals(ErrorKind.UNAVAILABLE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("max_statement_time"), e.getMessage());
      }
    }
  }

  private void killLockConnection() throws Exception {
    String holder = database.column("SELECT IS_USED_LOCK('setup_runner." + database.name() + "')").get(0);
    database.execute("KILL CONNECTION " + holder);
  }
}
