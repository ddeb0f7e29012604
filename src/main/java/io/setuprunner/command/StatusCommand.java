package io.setuprunner.command;

import io.setuprunner.status.StatusReport;
import io.setuprunner.wiring.Resources;

/** {@code setup-runner status}: where the database stands against the code; reads only. */
public final class StatusCommand {
  /** @param verbose list each module's pending changesets */
  public record Request(boolean json, boolean verbose) implements CommandRequest {}

  /** The report, and the release this node runs, for the JSON document. */
  public record Result(StatusReport report, String release) {}

  private final Resources resources;

  public StatusCommand(Resources resources) {
    this.resources = resources;
  }

  public Result run(Request request) {
    StatusReport report = resources.statusService().status(resources.catalog(), true);
    return new Result(report, resources.config().release().orElse(null));
  }
}
