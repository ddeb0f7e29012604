package io.setuprunner.support;

import io.setuprunner.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the command line in this JVM, as a user would from a shell, and keeps what it printed. */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, e, environment).run(args);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static CliRun run(String... args) {
    return run(Map.of(), args);
  }

  /** Runs {@code args} followed by the flags that connect to {@code db} as the tests' account. */
  public static CliRun against(TestDatabase db, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(db.flags());
    return run(all.toArray(String[]::new));
  }

  /** Runs {@code args} for the application under {@code app}, logged in to {@code db} as the tests' account. */
  public static CliRun against(TestDatabase db, AppFixture app, String... args) {
    return inApp(Map.of(), app, db.flags(), args);
  }

  /**
   * Runs {@code args} for the application under {@code app} ({@code --root}), then the {@code login} flags
   * (such as another account's), with {@code environment}.
   */
  public static CliRun inApp(Map<String, String> environment, AppFixture app, List<String> login, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--root", app.root().toString()));
    all.addAll(login);
    return run(environment, all.toArray(String[]::new));
  }

  /** Everything printed, for assertion messages. */
  public String output() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
