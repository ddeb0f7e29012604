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
import io.setuprunner.core.StopRequest;
import io.setuprunner.core.Timestamps;
import io.setuprunner.status.StatusDocument;
import io.setuprunner.status.StatusReport;
import io.setuprunner.upgrade.UpgradeListener;
import io.setuprunner.upgrade.UpgradeReport;
import io.setuprunner.wiring.Resources;
import java.io.PrintStream;
import java.util.Optional;

/**
 * One branch per verb: runs the verb's command class with the request and prints its result, and returns the
 * exit code the result means. Holds no command logic: that is in the command classes.
 */
final class CommandDispatch {
  private final PrintStream out;
  private final PrintStream err;
  private final StopRequest stop;

  CommandDispatch(PrintStream out, PrintStream err, StopRequest stop) {
    this.out = out;
    this.err = err;
    this.stop = stop;
  }

  /**
   * @param events with {@code --output json}: the stream the progress goes to as well, and the summary moves to
   *     stderr, so that stdout holds only events
   */
  int dispatch(CommandRequest request, Resources resources, Optional<JsonEvents> events)
      throws InterruptedException {
    UpgradeListener progress = events.<UpgradeListener>map(e -> e).orElseGet(() -> new ProgressPrinter(err));
    PrintStream summary = events.isPresent() ? err : out;
    ReportPrinter printer = new ReportPrinter(summary);
    // One branch per verb. Java 17 has no pattern switch, so a verb without a branch fails below at run
    // time; CliTest.everyCommandHasItsOwnHelp and the command tests reach every branch.
    if (request instanceof UpgradeCommand.Request r) {
      UpgradeCommand.Result result = new UpgradeCommand(resources, progress, stop).run(r);
      events.ifPresent(e -> e.result(EventDetails.upgrade(result.report())));
      return upgraded(result, printer, progress);
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

  private int upgraded(UpgradeCommand.Result result, ReportPrinter printer, UpgradeListener progress) {
    UpgradeReport report = result.report();
    printer.upgrade(report);
    report.outOfStep().describe().forEach(line -> progress.notice("setup-runner: warning: " + line));
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
}
