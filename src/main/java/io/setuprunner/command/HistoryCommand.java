package io.setuprunner.command;

import io.setuprunner.state.RunRecord;
import io.setuprunner.wiring.Resources;
import java.util.List;

/** {@code setup-runner history}: the most recent runs, newest first. */
public final class HistoryCommand {
  /** @param limit how many runs */
  public record Request(int limit, boolean json) implements CommandRequest {}

  private final Resources resources;

  public HistoryCommand(Resources resources) {
    this.resources = resources;
  }

  public List<RunRecord> run(Request request) {
    return resources.state().runs().runs(request.limit());
  }
}
