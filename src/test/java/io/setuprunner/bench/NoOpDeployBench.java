package io.setuprunner.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.setuprunner.command.UpgradeCommand;
import io.setuprunner.wiring.Resources;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.migrate.Phase;
import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import io.setuprunner.core.StopRequest;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A no-op deploy must cost little more than connecting": measures a no-op {@code upgrade} of the
 * sample shop against the baseline of opening the same kind of pool and running one query, in the
 * same JVM against the same server, and prints the ratio. Run with {@code mvn -Pbench verify}.
 */
@ExtendWith(MariaDbExtension.class)
class NoOpDeployBench {
  private static final int WARMUP = 10;
  private static final int ROUNDS = 40;

  @TempDir Path dir;

  @Test
  void noOpDeployAgainstConnecting(TestDatabase db) throws Exception {
    Path root = AppFixture.sample(dir).root();
    RunnerConfig config = new ConfigLoader().load(root, Map.of(), db.settings());
    try (Resources first = Resources.open(config, false, line -> { }, Clock.systemUTC())) {
      new UpgradeCommand(first, UpgradeListener.NONE, new StopRequest()).run(new UpgradeCommand.Request(Phase.ALL, false, false)).report();
    }

    LongSupplier connect = () -> time(() -> {
      HikariConfig hikari = db.poolConfig();
      hikari.setMaximumPoolSize(4);
      hikari.setMinimumIdle(1);
      hikari.setInitializationFailTimeout(1);
      try (HikariDataSource pool = new HikariDataSource(hikari); Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
    });
    LongSupplier noOp = () -> time(() -> {
      try (Resources runner = Resources.open(config, false, line -> { }, Clock.systemUTC())) {
        UpgradeReport report = new UpgradeCommand(runner, UpgradeListener.NONE, new StopRequest()).run(new UpgradeCommand.Request(Phase.ALL, false, false)).report();
        if (report.outcome() != UpgradeReport.Outcome.NOTHING_PENDING) {
          throw new IllegalStateException("not a no-op: " + report.outcome());
        }
      }
    });
    for (int i = 0; i < WARMUP; i++) {
      connect.getAsLong();
      noOp.getAsLong();
    }
    long[] baseline = new long[ROUNDS];
    long[] measured = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      // Interleaved, so drift in the machine's load hits both sides alike.
      baseline[i] = connect.getAsLong();
      measured[i] = noOp.getAsLong();
    }
    double base = median(baseline) / 1e6;
    double run = median(measured) / 1e6;
    System.out.printf("NoOpDeployBench: connect + SELECT 1 (baseline) median %.2f ms; no-op upgrade of the sample"
        + " (6 modules, catalog, state reads, cache rebuild) median %.2f ms; ratio %.2f (%d rounds)%n",
        base, run, run / base, ROUNDS);
  }

  /** Work that may throw, timed. */
  private interface Work {
    void run() throws Exception;
  }

  private static long time(Work work) {
    long start = System.nanoTime();
    try {
      work.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return System.nanoTime() - start;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
