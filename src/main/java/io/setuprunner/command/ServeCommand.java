package io.setuprunner.command;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.gate.ChangeSignal;
import io.setuprunner.gate.ReadinessServer;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.serving.ServingNode;
import io.setuprunner.serving.ServingRegistry;
import io.setuprunner.wiring.Resources;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code setup-runner serve}: answers {@code /ready}, {@code /status} and {@code /metrics} and registers
 * the code this node serves, until asked to stop (SIGTERM).
 */
public final class ServeCommand {
  /** @param port 0 picks a free one */
  public record Request(int port, String bind) implements CommandRequest {}

  private final Resources resources;
  private final StopRequest stop;
  private final Consumer<String> notices;

  public ServeCommand(Resources resources, StopRequest stop, Consumer<String> notices) {
    this.resources = resources;
    this.stop = stop;
    this.notices = notices;
  }

  /** Serves until a stop is requested; returns the port it served on. */
  public int run(Request request) {
    ModuleCatalog catalog = resources.catalog();
    try (ChangeSignal changes = resources.changeSignal();
        ReadinessServer server = new ReadinessServer(resources.statusService(), resources.state(), catalog, changes,
            resources.json(), resources.release(), new InetSocketAddress(request.bind(), request.port()))) {
      server.start();
      Map<String, String> modules = new LinkedHashMap<>();
      catalog.modules().forEach(m -> modules.put(m.name(), m.codeVersion().toString()));
      try (ServingRegistry.Registration registration = resources.servingRegistry().register(new ServingNode(
          Resources.hostName(), ProcessHandle.current().pid(), server.port(), resources.release(),
          resources.clock().instant(), modules))) {
        notices.accept("Serving /ready, /status and /metrics on http://" + request.bind() + ":" + server.port());
        stop.await();
        notices.accept("Stopping on request");
      }
      return server.port();
    } catch (IOException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not listen on " + request.bind() + ":"
          + request.port() + ": " + e.getMessage() + ". Choose another --port or --bind.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return request.port();
    } catch (SetupRunnerException e) {
      throw e;
    } catch (Exception e) {
      throw new SetupRunnerException(ErrorKind.INTERNAL, "Could not stop serving cleanly: " + e.getMessage(), e);
    }
  }
}
