package io.setuprunner.gate;

import io.setuprunner.support.RunnerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code setup-runner serve} process and a client for it. */
final class ServeFixture implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Serving .* on http://[^:]+:(\\d+)");

  final RunnerProcess process;
  final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServeFixture(RunnerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static ServeFixture start(Path logs, String name, List<String> args) throws InterruptedException {
    RunnerProcess process = GateFixture.process(logs, name, Map.of(), "serve", args, "--port", "0");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(process.stderr());
      if (m.find()) {
        return new ServeFixture(process, Integer.parseInt(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new AssertionError("serve ended:\n" + process.output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve never listened:\n" + process.output());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code path} until it answers {@code code}; returns how long that took. */
  Duration awaitCode(String path, int code, Duration timeout) throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = get(path);
      if (last.statusCode() == code) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(50);
    }
    throw new AssertionError(path + " never answered " + code + "; last: " + (last == null ? "-" : last.statusCode()
        + " " + last.body()) + "\n" + process.output());
  }

  /** SIGTERM, as a service manager stops it. */
  int stop() throws Exception {
    Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
    kill.waitFor();
    return process.waitFor(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.kill();
    }
  }
}
