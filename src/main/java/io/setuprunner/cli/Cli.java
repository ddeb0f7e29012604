package io.setuprunner.cli;

import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Redaction;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.upgrade.UpgradeRunner;
import io.setuprunner.wiring.Resources;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: arguments in, text out, an exit code back. It parses, dispatches to the command's
 * class and prints its result; it holds no command logic. Tests call {@link #run} directly.
 */
public final class Cli {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final StopRequest stop;
  private volatile Resources active;

  public Cli(PrintStream out, PrintStream err, Map<String, String> environment, StopRequest stop) {
    this.out = out;
    this.err = err;
    this.environment = environment;
    this.stop = stop;
  }

  public Cli(PrintStream out, PrintStream err, Map<String, String> environment) {
    this(out, err, environment, new StopRequest());
  }

  /** For the SIGTERM hook when the run did not stop in time: end the ZooKeeper session so the lock frees now. */
  public void abandonLock() {
    Resources resources = active;
    if (resources != null) {
      resources.abandonLock();
    }
  }

  /** Runs one command and returns its exit code; never exits the JVM. */
  public int run(String... args) {
    if (args.length == 0) {
      err.print(Usage.brief());
      return ExitCode.USAGE.code();
    }
    Invocation invocation;
    try {
      invocation = new CommandLineParser().parse(args);
    } catch (SetupRunnerException e) {
      String message = Redaction.redact(e.getMessage());
      err.println("setup-runner: " + message + (message.endsWith(".") || message.endsWith("?") ? "" : ".")
          + (e.kind() == ErrorKind.USAGE ? " Run 'setup-runner --help' for usage." : ""));
      return ExitCode.of(e.kind()).code();
    }
    return switch (invocation.command()) {
      case HELP -> {
        out.print(invocation.helpTopic().map(Usage::command).orElseGet(Usage::text));
        yield ExitCode.OK.code();
      }
      case VERSION -> {
        out.println("setup-runner " + Optional.ofNullable(Cli.class.getPackage().getImplementationVersion())
            .orElse("(development build)"));
        yield ExitCode.OK.code();
      }
      default -> execute(invocation);
    };
  }

  /** Runs the command; with {@code --output json}, between a {@code run.started} and a {@code run.finished} event. */
  private int execute(Invocation invocation) {
    LogSetup.apply(invocation.verbose());
    String command = invocation.command().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    Optional<JsonEvents> events = invocation.events()
        ? Optional.of(new JsonEvents(out, new ProgressPrinter(err), Clock.systemUTC())) : Optional.empty();
    int exit;
    Optional<String> error = Optional.empty();
    try {
      RunnerConfig config = new ConfigLoader().load(invocation.root(), environment, invocation.settings());
      // Before anything connects: a warning about a setting may explain why connecting fails.
      config.warnings().forEach(w -> events.<java.util.function.Consumer<String>>map(e -> e::notice)
          .orElse(err::println).accept("setup-runner: warning: " + w));
      try (Resources resources = Resources.open(config, invocation.embeddedDb(), err::println, Clock.systemUTC())) {
        active = resources;
        events.ifPresent(e -> {
          UpgradeRunner.Runner runner = resources.runner();
          e.runStarted(command, runner.host(), runner.pid(), runner.release());
        });
        exit = new CommandDispatch(out, err, stop).dispatch(invocation.request().orElseThrow(), resources,
            events);
      } finally {
        active = null;
      }
    } catch (SetupRunnerException e) {
      error = Optional.of(Redaction.redact(e.getMessage()));
      err.println("setup-runner: " + error.get());
      if (invocation.verbose() && e.getCause() != null) {
        printStackTrace(e);
      }
      exit = ExitCode.of(e.kind()).code();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = ExitCode.STOPPED.code();
    } catch (RuntimeException e) {
      error = Optional.of("unexpected error: " + Redaction.redact(e.toString()));
      err.println("setup-runner: " + error.get());
      if (invocation.verbose()) {
        printStackTrace(e);
      } else {
        err.println("Run again with --verbose for the stack trace.");
      }
      exit = ExitCode.ERROR.code();
    }
    int code = exit;
    Optional<String> failure = error;
    events.ifPresent(e -> e.runFinished(command, code == 0 ? "succeeded" : "failed", code, failure));
    return exit;
  }

  private void printStackTrace(Throwable e) {
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(trace));
    err.print(Redaction.redact(trace.toString()));
  }
}
