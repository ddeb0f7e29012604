package io.setuprunner.lock;

import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.state.StateStores;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
    return new DatabaseDeployLock(pool, StateStores.of(pool), database.name());
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

  private void killLockConnection() throws Exception {
    String holder = database.column("SELECT IS_USED_LOCK('setup_runner." + database.name() + "')").get(0);
    database.execute("KILL CONNECTION " + holder);
  }
}
