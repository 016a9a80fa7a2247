package dev.domaineval.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark SQL settings the job always runs with, whatever a cluster's defaults or the job file's
 * {@code spark.conf} say: set on the builder of the session the job creates, and again at run time
 * on whatever session it is given (a setting that was on is named in a warning).
 *
 * <ul>
 *   <li>{@code spark.sql.runSQLOnFiles} and {@code spark.sql.variable.substitute} off: the SQL the
 *       job builds from its configuration reads only the tables it was given, never a file named in
 *       SQL ({@code text.`/etc/passwd`}) or a {@code ${...}} of settings, system properties or
 *       environment variables (docs/operations.md#slice-expressions);
 *   <li>{@code spark.sql.files.ignoreCorruptFiles} and {@code ignoreMissingFiles} off: a file that
 *       cannot be read stops the run instead of being left out of the counts (the readers also set
 *       them as options, see {@code input.ReaderOptions}).
 * </ul>
 */
final class PinnedSettings {
  private static final Logger LOG = LoggerFactory.getLogger(PinnedSettings.class);

  static final Map<String, String> VALUES = values();

  private PinnedSettings() {}

  private static Map<String, String> values() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.sql.runSQLOnFiles", "false");
    m.put("spark.sql.variable.substitute", "false");
    m.put("spark.sql.files.ignoreCorruptFiles", "false");
    m.put("spark.sql.files.ignoreMissingFiles", "false");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Sets every pinned setting on a running session, warning about each that had another value. */
  static void apply(SparkSession spark) {
    VALUES.forEach(
        (key, value) -> {
          String was = spark.conf().get(key, value);
          if (!was.trim().equalsIgnoreCase(value)) {
            LOG.warn(
                "{} was {} (a cluster default or spark.conf): set to {} for this run (see"
                    + " docs/operations.md)",
                key,
                was,
                value);
          }
          spark.conf().set(key, value);
        });
  }

  /** Sets every pinned setting on a session about to be created, over the job file's. */
  static SparkSession.Builder apply(SparkSession.Builder builder) {
    SparkSession.Builder b = builder;
    for (Map.Entry<String, String> e : VALUES.entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    return b;
  }
}
