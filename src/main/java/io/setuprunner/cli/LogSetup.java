package io.setuprunner.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.setuprunner.core.Redaction;
import org.slf4j.LoggerFactory;

/**
 * Sets the log output for one command. Without {@code -v}: only Setup Runner's own warnings, worded as
 * messages ({@code setup-runner: warning: …}), no libraries' lines, no stack traces. With it: Setup
 * Runner's debug lines, Liquibase's per-changeset log and other libraries' warnings, with times and
 * stack traces. Either way every line passes through {@link Redaction}.
 */
final class LogSetup {
  private static final String OWN = "io.setuprunner";
  private static final String PLAIN = "setup-runner: warning: %redactedMsg%n%nopex";
  static final String DETAILED = "%d{HH:mm:ss.SSS} %-5level %logger{1} - %redactedMsg%n%redactedEx";
  /** The one appender, made by {@link LogConfigurator} (or a test's logback-test.xml). */
  static final String APPENDER = "STDERR";

  private LogSetup() {}

  @SuppressWarnings("unchecked")
  static void apply(boolean verbose) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) instanceof ConsoleAppender<?> console) {
      ConsoleAppender<ILoggingEvent> appender = (ConsoleAppender<ILoggingEvent>) console;
      appender.stop();
      appender.setEncoder(encoder(context, verbose ? DETAILED : PLAIN));
      appender.clearAllFilters();
      if (!verbose) {
        appender.addFilter(new OwnWarningsOnly());
      }
      appender.start();
    }
    context.getLogger("liquibase").setLevel(verbose ? Level.INFO : Level.WARN);
    context.getLogger(OWN).setLevel(verbose ? Level.DEBUG : Level.WARN);
  }

  /**
   * An encoder for {@code pattern}, whose {@code %redactedMsg} and {@code %redactedEx} mask credentials. The
   * converters are registered on the layout itself, so a test's logback-test.xml needs no rules.
   */
  static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, String pattern) {
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.getInstanceConverterMap().put("redactedMsg", RedactedMessage::new);
    layout.getInstanceConverterMap().put("redactedEx", RedactedThrowable::new);
    layout.setPattern(pattern);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    return encoder;
  }

  /** Lets through only Setup Runner's own warnings and errors: libraries' lines need {@code -v}. */
  private static final class OwnWarningsOnly extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
      return event.getLoggerName().startsWith(OWN) && event.getLevel().isGreaterOrEqual(Level.WARN)
          ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
  }

  /** {@code %redactedMsg}: the message with credentials masked. */
  public static final class RedactedMessage extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return Redaction.redact(super.convert(event));
    }
  }

  /** {@code %redactedEx}: the stack trace with credentials masked (a driver may put a URL in a message). */
  public static final class RedactedThrowable extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
      return Redaction.redact(super.convert(event));
    }
  }
}
