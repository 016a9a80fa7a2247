package dev.domaineval.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged in this JVM while it is open, as text: each event's formatted message and the
 * stack trace of its throwable, as a log file would show them. The job's own loggers ({@code
 * dev.domaineval}) log at DEBUG meanwhile, so that nothing the job logs at any level escapes the
 * capture; Spark's loggers keep their level. Open it after the shared session exists (Spark
 * configures logging when it starts).
 */
public final class CapturedLog implements AutoCloseable {
  private static final String JOB_LOGGER = "dev.domaineval";

  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final LoggerContext context;
  private final Appender appender;
  private final boolean addedJobLogger;
  private final Level oldJobLevel;

  private CapturedLog() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = new Appender(lines);
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    LoggerConfig job = config.getLoggers().get(JOB_LOGGER);
    addedJobLogger = job == null;
    if (addedJobLogger) {
      job = new LoggerConfig(JOB_LOGGER, Level.DEBUG, true);
      config.addLogger(JOB_LOGGER, job);
      oldJobLevel = null;
    } else {
      oldJobLevel = job.getLevel();
      job.setLevel(Level.DEBUG);
    }
    // A logger with its own configuration passes events to its appenders, then to the root's.
    context.updateLoggers();
  }

  /** Starts capturing. */
  public static CapturedLog open() {
    return new CapturedLog();
  }

  /** What was logged so far, one event after the other. */
  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(appender.getName());
    if (addedJobLogger) {
      config.removeLogger(JOB_LOGGER);
    } else {
      config.getLoggers().get(JOB_LOGGER).setLevel(oldJobLevel);
    }
    context.updateLoggers();
    appender.stop();
  }

  private static final class Appender extends AbstractAppender {
    private final ConcurrentLinkedQueue<String> lines;

    Appender(ConcurrentLinkedQueue<String> lines) {
      super(
          "captured-log-" + System.identityHashCode(lines), null, null, true, Property.EMPTY_ARRAY);
      this.lines = lines;
    }

    @Override
    public void append(LogEvent event) {
      StringBuilder line =
          new StringBuilder()
              .append(event.getLevel())
              .append(' ')
              .append(event.getLoggerName())
              .append(": ")
              .append(event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      lines.add(line.toString());
    }
  }
}
