package dev.domaineval.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One local SparkSession per test JVM, shared by every integration test that declares a {@code
 * SparkSession} parameter: local[2], UI off, 2 shuffle partitions, loopback driver host. It is
 * stopped when the JVM exits (stopping it between classes would cost a restart each).
 */
public final class SharedSpark implements ParameterResolver {
  private static SparkSession session;

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("domain-eval-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.adaptive.enabled", "true")
              .config("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true")
              .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return session();
  }
}
