package io.setuprunner.cli;

import io.setuprunner.cache.CacheCommand;
import io.setuprunner.cache.CacheRebuild;
import io.setuprunner.command.BackupCommand;
import io.setuprunner.command.CacheRebuildCommand;
import io.setuprunner.command.MarkCommand;
import io.setuprunner.command.PlanCommand;
import io.setuprunner.command.RestoreCommand;
import io.setuprunner.command.RollbackCommand;
import io.setuprunner.command.CommandRequest;
import io.setuprunner.command.HistoryCommand;
import io.setuprunner.command.MaintenanceCommand;
import io.setuprunner.command.AdoptCommand;
import io.setuprunner.command.ResolveCommand;
import io.setuprunner.command.ValidateCommand;
import io.setuprunner.command.ServeCommand;
import io.setuprunner.command.StatusCommand;
import io.setuprunner.command.UpgradeCommand;
import io.setuprunner.command.WaitCommand;
import io.setuprunner.config.ConfigLoader;
import io.setuprunner.config.RunnerConfig;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.Redaction;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.StopRequest;
import io.setuprunner.core.Timestamps;
import io.setuprunner.status.StatusDocument;
import io.setuprunner.status.StatusReport;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport;
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
      config.warnings().forEach(w -> err.println("setup-runner: warning: " + w));
      try (Resources resources = Resources.open(config, invocation.embeddedDb(), err::println, Clock.systemUTC())) {
        active = resources;
        events.ifPresent(e -> {
          UpgradeRunner.Runner runner = resources.runner();
          e.runStarted(command, runner.host(), runner.pid(), runner.release());
        });
        exit = dispatch(invocation.request().orElseThrow(), resources, events);
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

  /**
   * @param events with {@code --output json}: the stream the progress goes to as well, and the summary moves to
   *     stderr, so that stdout holds only events
   */
  private int dispatch(CommandRequest request, Resources resources, Optional<JsonEvents> events)
      throws InterruptedException {
    UpgradeListener progress = events.<UpgradeListener>map(e -> e).orElseGet(() -> new ProgressPrinter(err));
    PrintStream summary = events.isPresent() ? err : out;
    ReportPrinter printer = new ReportPrinter(summary);
    // One branch per verb. Java 17 has no pattern switch, so a verb without a branch fails below at run
    // time; CliTest.everyCommandHasItsOwnHelp and the command tests reach every branch.
    if (request instanceof UpgradeCommand.Request r) {
      UpgradeCommand.Result result = new UpgradeCommand(resources, progress, stop).run(r);
      events.ifPresent(e -> e.result(EventDetails.upgrade(result.report())));
      return upgraded(result, printer);
    }
    if (request instanceof PlanCommand.Request r) {
      PlanCommand.Result result = new PlanCommand(resources).run(r);
      new PlanPrinter(out).plan(result, r.json());
      return result.pending() ? ExitCode.PENDING.code() : ExitCode.OK.code();
    }
    if (request instanceof StatusCommand.Request r) {
      StatusCommand.Result result = new StatusCommand(resources).run(r);
      if (r.json()) {
        printer.json(StatusDocument.of(result.report(), result.release()));
      } else {
        printer.status(result.report(), r.verbose());
      }
      return ExitCode.of(result.report().state()).code();
    }
    if (request instanceof HistoryCommand.Request r) {
      printer.history(new HistoryCommand(resources).run(r), r.json());
      return ExitCode.OK.code();
    }
    if (request instanceof WaitCommand.Request r) {
      return waited(new WaitCommand(resources).run(r));
    }
    if (request instanceof ServeCommand.Request r) {
      new ServeCommand(resources, stop, err::println).run(r);
      return ExitCode.STOPPED.code();
    }
    if (request instanceof ResolveCommand.Request r) {
      out.println("Recorded " + r.changeset() + " as " + (r.applied() ? "applied" : "not applied") + " ("
          + new ResolveCommand(resources).run(r) + "). Run the upgrade again to continue.");
      return ExitCode.OK.code();
    }
    if (request instanceof MarkCommand.Request r) {
      new MarkPrinter(out).marked(new MarkCommand(resources).run(r), r.applied());
      return ExitCode.OK.code();
    }
    if (request instanceof RollbackCommand.Request r) {
      RollbackCommand.Result result = new RollbackCommand(resources, progress, stop).run(r);
      events.ifPresent(e -> e.result(EventDetails.rollback(result)));
      new RollbackPrinter(summary).rolledBack(result, r.json());
      return ExitCode.OK.code();
    }
    if (request instanceof AdoptCommand.Request r) {
      printer.adopt(new AdoptCommand(resources).run(r), r.json());
      return ExitCode.OK.code();
    }
    if (request instanceof ValidateCommand.Request r) {
      ValidateCommand.Result result = new ValidateCommand(resources).run(r);
      printer.validation(result, r.json());
      return result.valid() ? ExitCode.OK.code() : ExitCode.INVALID_MODULES.code();
    }
    if (request instanceof CacheRebuildCommand.Request r) {
      CacheRebuild.Outcome outcome = new CacheRebuildCommand(resources).run(r);
      printer.cache(outcome.file(), outcome.command());
      return cacheCommandExit(outcome.command());
    }
    if (request instanceof BackupCommand.Request r) {
      BackupCommand.Result result = new BackupCommand(resources, progress::notice).run(r);
      events.ifPresent(e -> result.made().ifPresent(made -> e.result(EventDetails.backup(made.backup()))));
      BackupPrinter backups = new BackupPrinter(summary);
      result.made().ifPresent(made -> backups.made(made, r.json()));
      result.deleted().ifPresent(backups::deleted);
      if (r.action() == BackupCommand.Action.LIST) {
        backups.list(result.listed(), r.json());
      }
      return ExitCode.OK.code();
    }
    if (request instanceof RestoreCommand.Request r) {
      RestoreCommand.Result result = new RestoreCommand(resources, progress::notice).run(r);
      events.ifPresent(e -> e.result(EventDetails.restore(result)));
      new BackupPrinter(summary).restored(result);
      err.println(result.maintenance());
      if (result.cacheFailure().isPresent()) {
        err.println("setup-runner: " + result.cacheFailure().get() + " The restore itself succeeded and is recorded;"
            + " fix the cause, then run: setup-runner cache rebuild");
        return ExitCode.CACHE_FAILED.code();
      }
      return cacheCommandExit(result.cache().flatMap(CacheRebuild.Outcome::command));
    }
    if (request instanceof MaintenanceCommand.Request r) {
      printer.maintenance(new MaintenanceCommand(resources.config().root()).run(r));
      return ExitCode.OK.code();
    }
    throw new IllegalStateException("no branch for " + request);
  }

  private int upgraded(UpgradeCommand.Result result, ReportPrinter printer) {
    UpgradeReport report = result.report();
    printer.upgrade(report);
    report.outOfStep().describe().forEach(line -> err.println("setup-runner: warning: " + line));
    int exit;
    if (report.cacheFailure().isPresent()) {
      err.println("setup-runner: " + report.cacheFailure().get() + (report.outcome() == UpgradeReport.Outcome.UPGRADED
          ? " The upgrade itself succeeded and is recorded;" : " The database is up to date;")
          + " fix the cause, then run: setup-runner cache rebuild");
      exit = ExitCode.CACHE_FAILED.code();
    } else {
      exit = cacheCommandExit(report.cacheCommand());
    }
    result.maintenance().forEach(err::println);
    if (result.maintenanceFailure().isPresent()) {
      err.println("setup-runner: " + result.maintenanceFailure().get() + " The upgrade itself succeeded.");
      return ExitCode.CACHE_FAILED.code();
    }
    return exit;
  }

  private int waited(WaitCommand.Result result) {
    StatusReport report = result.report();
    if (result.timedOut()) {
      err.println("setup-runner: " + result.timeoutMessage());
    } else if (report.ready()) {
      out.println("Ready at " + Timestamps.format(result.readyAt()) + " after "
          + ProgressPrinter.seconds(result.waited()) + ".");
      return ExitCode.OK.code();
    } else {
      new ReportPrinter(err).status(report, false);
    }
    return ExitCode.of(report.state()).code();
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
