package io.setuprunner.bench;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.MariaDb;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applying M generated modules (10 changesets, 20 statements each) and the no-op deploy after it, side by
 * side in one run: plain JDBC executing the same statements (the floor), plain Liquibase on one master
 * changelog, and Setup Runner as a whole process (with and without ZooKeeper), with peak RSS. Run with
 * {@code mvn -B -Pbench verify -Dit.test=ApplyBench} (docs/performance.md); {@code -Dbench.modules=10,100,300}
 * and {@code -Dbench.rounds=3} choose the sizes and the rounds of each.
 */
@ExtendWith(MariaDbExtension.class)
class ApplyBench {
  @TempDir Path dir;

  /** One whole-process measurement. */
  private record Run(long millis, long peakKb, Path root, TestDatabase db) {}

  @Test
  void applyAndNoOp(MariaDb server) throws Exception {
    int[] sizes = Arrays.stream(System.getProperty("bench.modules", "10,100,300").split(","))
        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    int rounds = Integer.getInteger("bench.rounds", 3);
    List<String> table = new ArrayList<>();
    table.add(String.format("%5s  %-28s %10s %8s %10s", "M", "what", "median ms", "ratio", "peak RSS"));
    try (TestingServer zk = new TestingServer(true)) {
      for (int modules : sizes) {
        Path app = dir.resolve("m" + modules);
        Workload.write(Files.createDirectories(app.resolve("changelogs")), modules);
        List<Long> floor = new ArrayList<>();
        List<Run> liquibase = new ArrayList<>();
        List<Run> runner = new ArrayList<>();
        List<Run> runnerZk = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          floor.add(plainJdbc(server.createDatabase(), modules));
          liquibase.add(plainLiquibase(server.createDatabase(), app, "liquibase-" + modules + "-" + round));
          runner.add(setupRunner(server.createDatabase(), app, null, "apply-" + modules + "-" + round));
          runnerZk.add(setupRunner(server.createDatabase(), app, zk.getConnectString(),
              "apply-zk-" + modules + "-" + round));
        }
        long base = median(floor);
        table.add(row(modules, "plain JDBC (floor, in-process)", base, base, -1));
        table.add(row(modules, "plain Liquibase (process)", median(liquibase.stream().map(Run::millis).toList()), base,
            median(liquibase.stream().map(Run::peakKb).toList())));
        table.add(row(modules, "Setup Runner apply", median(runner.stream().map(Run::millis).toList()), base,
            median(runner.stream().map(Run::peakKb).toList())));
        table.add(row(modules, "Setup Runner apply, ZooKeeper", median(runnerZk.stream().map(Run::millis).toList()),
            base, median(runnerZk.stream().map(Run::peakKb).toList())));
        table.add(String.format("%5d  per version: first %d %.1f ms, last %d %.1f ms (ratio %.2f)", modules,
            window(modules), perVersion(runner.get(0).db(), true, window(modules)), window(modules),
            perVersion(runner.get(0).db(), false, window(modules)),
            perVersion(runner.get(0).db(), false, window(modules)) / perVersion(runner.get(0).db(), true,
                window(modules))));
        List<Run> noOps = new ArrayList<>();
        for (int round = 0; round < Math.max(rounds, 5); round++) {
          noOps.add(run(runner.get(0).root(), runner.get(0).db(), null, "noop-" + modules + "-" + round));
        }
        table.add(row(modules, "Setup Runner no-op", median(noOps.stream().map(Run::millis).toList()), -1,
            median(noOps.stream().map(Run::peakKb).toList())));
      }
    }
    System.out.println("ApplyBench (" + Runtime.getRuntime().availableProcessors() + " cores, " + rounds
        + " rounds, medians):");
    table.forEach(System.out::println);
  }

  private static long plainJdbc(TestDatabase db, int modules) throws Exception {
    long start = System.nanoTime();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      for (int i = 1; i <= modules; i++) {
        for (List<String> changeset : Workload.changesets(i)) {
          for (String sql : changeset) {
            s.execute(sql);
          }
        }
      }
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** {@link PlainLiquibase} as a whole process, as the Liquibase CLI runs, under {@code time} for its peak RSS. */
  private Run plainLiquibase(TestDatabase db, Path app, String name) throws Exception {
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().equals("classes"))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, PlainLiquibase.class.getName(), app.toString());
    builder.environment().putAll(db.environment());
    return timed(builder, name, app, db);
  }


  private Run setupRunner(TestDatabase db, Path app, String zookeeper, String name) throws Exception {
    Path root = dir.resolve(name);
    AppFixture.copyTree(app.resolve("changelogs"), root.resolve("changelogs"));
    return run(root, db, zookeeper, name);
  }

  /** Setup Runner as a deploy hook starts it, under {@code time} for its peak resident memory. */
  private Run run(Path root, TestDatabase db, String zookeeper, String name) throws Exception {
    // Through the launcher, with its JVM options, as a deploy hook runs it.
    List<String> command = new ArrayList<>(List.of(AppFixture.projectDir().resolve("shell/setup-runner").toString(),
        "upgrade", "--root", root.toString()));
    command.addAll(db.flags());
    if (zookeeper != null) {
      command.addAll(List.of("--zookeeper-connect", zookeeper, "--zookeeper-namespace", name));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SETUP_RUNNER_JAR", RunnerProcess.jar().toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return timed(builder, name, root, db);
  }

  /** Runs {@code process} to its end under {@code time}: how long it took and its peak resident memory. */
  private Run timed(ProcessBuilder process, String name, Path root, TestDatabase db) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "peak-kb %M"));
    command.addAll(process.command());
    Path err = dir.resolve(name + ".err");
    long start = System.nanoTime();
    Process started = process.command(command).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (started.waitFor() != 0) {
      throw new AssertionError(name + " failed:\n" + Files.readString(err));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    String peak = Files.readAllLines(err).stream().filter(l -> l.startsWith("peak-kb ")).findFirst().orElseThrow();
    return new Run(millis, Long.parseLong(peak.substring("peak-kb ".length()).trim()), root, db);
  }

  private static int window(int modules) {
    return Math.min(30, Math.max(1, modules / 3));
  }

  /** Mean time per module version over the first or last {@code n}, from the versions' recorded times. */
  private static double perVersion(TestDatabase db, boolean first, int n) throws Exception {
    List<String> times = db.column("SELECT DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') FROM setup_runner_module"
        + " ORDER BY updated_at");
    List<Long> millis = times.stream().map(t -> Timestamp.valueOf(t).getTime()).toList();
    int from = first ? 0 : millis.size() - n - 1;
    int to = first ? Math.min(n, millis.size() - 1) : millis.size() - 1;
    return (millis.get(to) - millis.get(Math.max(0, from))) / (double) Math.max(1, to - Math.max(0, from));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String row(int modules, String what, long millis, long base, long peakKb) {
    return String.format("%5d  %-28s %10d %8s %10s", modules, what, millis,
        base > 0 ? String.format("%.2f", millis / (double) base) : "", peakKb > 0 ? (peakKb / 1024) + " MB" : "");
  }
}
