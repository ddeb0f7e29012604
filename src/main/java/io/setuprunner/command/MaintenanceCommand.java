package io.setuprunner.command;

import io.setuprunner.maintenance.MaintenanceMode;
import java.nio.file.Path;
import java.util.List;

/** {@code setup-runner maintenance enable|disable|status}: Magento's maintenance files; needs no database. */
public final class MaintenanceCommand {
  /** What to do with maintenance mode. */
  public enum Action { ENABLE, DISABLE, STATUS }

  /** @param allowIps with ENABLE: the addresses that still get through (empty keeps the list) */
  public record Request(Action action, List<String> allowIps) implements CommandRequest {
    public Request {
      allowIps = List.copyOf(allowIps);
    }
  }

  private final MaintenanceMode maintenance;

  public MaintenanceCommand(Path root) {
    this.maintenance = new MaintenanceMode(root);
  }

  public MaintenanceMode.State run(Request request) {
    return switch (request.action()) {
      case ENABLE -> maintenance.enable(request.allowIps());
      case DISABLE -> maintenance.disable();
      case STATUS -> maintenance.status();
    };
  }
}
