package io.setuprunner.gate;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.RunnerProcess;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared pieces of the gating tests: a small two-release application and command lines against one database. */
final class GateFixture {
  private GateFixture() {}

  /** Release 1: Acme_Cat 1.0.0, a category table sorted by {@code position}. */
  static AppFixture releaseOne(Path dir) {
    return AppFixture.empty(dir).module("Acme_Cat", "1.0.0").changelog("Acme_Cat", "1.0.0",
        "<changeSet id=\"cat-1\" author=\"test\"><createTable tableName=\"cat\">"
            + "<column name=\"id\" type=\"INT\"/><column name=\"position\" type=\"INT\"/></createTable></changeSet>");
  }

  /** Release 2: Acme_Cat 1.1.0 moves to {@code sort_order}; dropping {@code position} is the contract. */
  static AppFixture releaseTwo(Path dir) {
    return releaseOne(dir).module("Acme_Cat", "1.1.0").changelog("Acme_Cat", "1.1.0",
        "<changeSet id=\"cat-2\" author=\"test\"><addColumn tableName=\"cat\">"
            + "<column name=\"sort_order\" type=\"INT\"/></addColumn></changeSet>",
        "<changeSet id=\"cat-3\" author=\"test\" labels=\"contract\"><dropColumn tableName=\"cat\""
            + " columnName=\"position\"/></changeSet>");
  }

  static List<String> args(TestDatabase db, Path root, String zookeeper, String... more) {
    List<String> args = new ArrayList<>(List.of("--root", root.toString()));
    args.addAll(db.flags());
    if (zookeeper != null) {
      args.addAll(List.of("--zookeeper-connect", zookeeper));
    }
    args.addAll(List.of(more));
    return args;
  }

  static CliRun cli(String command, List<String> args, String... more) {
    List<String> all = new ArrayList<>(List.of(command.split(" ")));
    all.addAll(args);
    all.addAll(List.of(more));
    return CliRun.run(all.toArray(String[]::new));
  }

  static RunnerProcess process(Path logs, String name, Map<String, String> env, String command, List<String> args,
      String... more) {
    List<String> all = new ArrayList<>(List.of(command.split(" ")));
    all.addAll(args);
    all.addAll(List.of(more));
    return RunnerProcess.start(logs, name, env, all.toArray(String[]::new));
  }
}
