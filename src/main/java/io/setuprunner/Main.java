package io.setuprunner;

import io.setuprunner.cli.Cli;

/** Entry point of {@code setup-runner}; the only place that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  public static void main(String... args) {
    System.exit(new Cli(System.out, System.err, System.getenv()).run(args));
  }
}
