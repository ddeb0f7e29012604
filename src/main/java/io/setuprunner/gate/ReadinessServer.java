package io.setuprunner.gate;

import io.setuprunner.core.Text;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.setuprunner.module.ModuleCatalog;
import io.setuprunner.state.RunStatistics;
import io.setuprunner.state.StateStores;
import io.setuprunner.status.StatusDocument;
import io.setuprunner.status.StatusReport;
import io.setuprunner.status.StatusService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code setup-runner serve}: {@code GET /ready}, {@code /status} and {@code /metrics} over HTTP.
 * Requests read a snapshot; a background thread refreshes it when the {@link ChangeSignal} fires, so
 * a load balancer checking every second from many nodes costs no database query per request.
 */
public final class ReadinessServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadinessServer.class);
  private static final int RETRY_AFTER_SECONDS = 5;

  /** What every request answers from: rendered once per change. */
  private record Snapshot(boolean ready, String reason, byte[] status, byte[] metrics) {}

  private final StatusService status;
  private final StateStores state;
  private final ModuleCatalog catalog;
  private final ChangeSignal changes;
  private final ObjectMapper json;
  private final String release;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newFixedThreadPool(4);
  private final Thread refresher;
  private volatile Snapshot snapshot;
  private volatile boolean closed;

  public ReadinessServer(StatusService status, StateStores state, ModuleCatalog catalog, ChangeSignal changes,
      ObjectMapper json, String release, InetSocketAddress address) throws IOException {
    this.status = status;
    this.state = state;
    this.catalog = catalog;
    this.changes = changes;
    this.json = json;
    this.release = release;
    this.snapshot = render();
    this.server = HttpServer.create(address, 128);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    this.refresher = new Thread(this::refreshLoop, "setup-runner-serve-refresh");
    refresher.setDaemon(true);
  }

  public void start() {
    server.start();
    refresher.start();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void refreshLoop() {
    while (!closed) {
      try {
        ChangeSignal.Armed armed = changes.arm();
        snapshot = render();
        armed.await(java.time.Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return; // shutting down: the pool may already be gone
        }
        // Keep serving the last answer; say why it may be stale, and try again shortly.
        log.warn("Could not refresh the readiness snapshot: {}", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private Snapshot render() {
    StatusReport report = status.status(catalog, true);
    try {
      return new Snapshot(report.ready(), reason(report),
          json.writerWithDefaultPrettyPrinter().writeValueAsBytes(StatusDocument.of(report, release)),
          metrics(report, state.runs().runStatistics()).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("the status document is always serializable", e);
    }
  }

  private static String reason(StatusReport report) {
    if (report.ready()) {
      return "ready";
    }
    return "not ready: " + switch (report.state()) {
      case IN_PROGRESS -> "run in progress: " + report.inProgress().orElseThrow().describe();
      case NEEDS_ATTENTION -> "the last run did not finish (" + report.lastRun()
          .map(r -> StatusService.describe(r, /* holderAlive= */ false)).orElse("?") + "); see setup-runner status";
      case CHECKSUM_DRIFT -> "changesets were edited after they ran: " + report.drift();
      case DATABASE_AHEAD -> "the database is ahead of this code";
      case PENDING -> Text.plural(report.plan().pendingVersionCount(), "module version") + " pending";
      case UP_TO_DATE -> "up to date but not ready";
    };
  }

  private static String metrics(StatusReport report, RunStatistics stats) {
    int pending = report.details().values().stream().mapToInt(d -> d.pendingChangesets().size()).sum();
    return "# HELP setup_runner_ready 1 when the database is ready for this code and nothing runs.\n"
        + "# TYPE setup_runner_ready gauge\n"
        + "setup_runner_ready " + (report.ready() ? 1 : 0) + "\n"
        + "# HELP setup_runner_runs_total Runs recorded in the run history.\n"
        + "# TYPE setup_runner_runs_total counter\n"
        + "setup_runner_runs_total " + stats.runs() + "\n"
        + "# HELP setup_runner_run_failures_total Runs that failed or were interrupted.\n"
        + "# TYPE setup_runner_run_failures_total counter\n"
        + "setup_runner_run_failures_total " + stats.failures() + "\n"
        + "# HELP setup_runner_last_run_duration_seconds How long the last finished run took.\n"
        + "# TYPE setup_runner_last_run_duration_seconds gauge\n"
        + "setup_runner_last_run_duration_seconds " + seconds(stats.lastDurationMillis()) + "\n"
        + "# HELP setup_runner_last_lock_wait_seconds How long the last run waited for the lock.\n"
        + "# TYPE setup_runner_last_lock_wait_seconds gauge\n"
        + "setup_runner_last_lock_wait_seconds " + seconds(stats.lastLockWaitMillis()) + "\n"
        + "# HELP setup_runner_pending_changesets Changesets this code has that the database has not run.\n"
        + "# TYPE setup_runner_pending_changesets gauge\n"
        + "setup_runner_pending_changesets " + pending + "\n";
  }


  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Snapshot now = snapshot;
      switch (exchange.getRequestURI().getPath()) {
        case "/ready" -> {
          if (!now.ready()) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
          }
          send(exchange, now.ready() ? 200 : 503, "text/plain", (now.reason() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        case "/status" -> send(exchange, 200, "application/json", now.status());
        case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4", now.metrics());
        default -> send(exchange, 404, "text/plain", "not found: try /ready, /status or /metrics\n"
            .getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    refresher.interrupt();
    server.stop(1);
    handlers.shutdownNow();
    try {
      // The refresher reads the database: let it finish before the caller closes the pool.
      refresher.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
