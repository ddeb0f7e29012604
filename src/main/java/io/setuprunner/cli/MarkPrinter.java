package io.setuprunner.cli;

import io.setuprunner.command.MarkCommand;
import java.io.PrintStream;

/** Writes what {@code mark} recorded, and what the next upgrade will do about it. */
final class MarkPrinter {
  private final PrintStream out;

  MarkPrinter(PrintStream out) {
    this.out = out;
  }

  void marked(MarkCommand.Result result, boolean applied) {
    if (!result.changed()) {
      out.println(result.changeset() + " is " + (applied ? "already recorded as run" : "not recorded as run")
          + ": nothing changed.");
      return;
    }
    out.println("Recorded " + result.changeset() + " as " + (applied ? "applied (it will not run)" : "not applied"
        + " (the next upgrade runs it)") + ", with the reason; setup-runner history shows it.");
    if (result.movedBack()) {
      out.println(result.module() + " is recorded at " + result.nowAt().map(Object::toString).orElse("no version")
          + " again, so that the next upgrade passes over " + result.version() + " once more; what already ran is"
          + " skipped.");
    }
  }
}
