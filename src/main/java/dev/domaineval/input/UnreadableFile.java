package dev.domaineval.input;

import dev.domaineval.config.InputSpec;
import dev.domaineval.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;

/**
 * Recognizes a run that failed because an input file could not be read while the data was scanned
 * (a truncated Parquet file, a cut-off gzip stream, a file of another format among the right ones):
 * bad input, named with its table, file and the key to check, rather than a stack trace. Spark
 * reports these as {@code FAILED_READ_FILE.*} errors (SQLSTATE {@code KD001}) with the file's path,
 * after its task retries.
 */
public final class UnreadableFile {
  private static final String CONDITION = "FAILED_READ_FILE";
  private static final String SQL_STATE = "KD001";

  private UnreadableFile() {}

  /** The input error behind a failed run, if a file could not be read. */
  public static Optional<InvalidInputException> explain(Throwable failure, JobConfig config) {
    return explain(failure, file -> tableOf(file, config));
  }

  /**
   * The input error behind a failed open of one table, if a file of it could not be read (csv read
   * with {@code multiLine} reads its first record, and with it a cut-off compressed file, while the
   * table is opened).
   */
  static Optional<InvalidInputException> explain(Throwable failure, InputSpec spec) {
    return explain(failure, file -> Optional.of(spec));
  }

  private static Optional<InvalidInputException> explain(
      Throwable failure, Function<String, Optional<InputSpec>> tableOf) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st && isReadFailure(st)) {
        String file = st.getMessageParameters().getOrDefault("path", "?");
        return Optional.of(
            new InvalidInputException(message(file, rootCause(t), tableOf.apply(file)), failure));
      }
    }
    return Optional.empty();
  }

  private static boolean isReadFailure(SparkThrowable st) {
    String condition = st.getCondition();
    return (condition != null && condition.startsWith(CONDITION))
        || SQL_STATE.equals(st.getSqlState());
  }

  private static String message(String file, Throwable cause, Optional<InputSpec> table) {
    String key = table.map(s -> "input." + s.table()).orElse("input.*");
    return String.format(
        "Cannot read the %s: file '%s' is corrupt or not in the configured format (%s). Replace or"
            + " remove that file, or check %s.path and %s.format.",
        table.map(s -> s.table() + " table (" + s.source() + ")").orElse("input"),
        file,
        InputReader.firstLine(cause),
        key,
        key);
  }

  /** The input whose path (up to its first glob character) holds the file; the longest wins. */
  private static Optional<InputSpec> tableOf(String file, JobConfig config) {
    String filePath = new Path(file).toUri().getPath();
    List<InputSpec> inputs = new ArrayList<>(List.of(config.predictions(), config.labels()));
    inputs.addAll(config.training().values());
    InputSpec best = null;
    int bestLength = -1;
    for (InputSpec spec : inputs) {
      if (spec.path().isEmpty()) {
        continue;
      }
      String prefix = spec.path().get().split("[*?\\[{]", 2)[0];
      String path = new Path(prefix.isEmpty() ? "/" : prefix).toUri().getPath();
      if (filePath.startsWith(path) && path.length() > bestLength) {
        best = spec;
        bestLength = path.length();
      }
    }
    return Optional.ofNullable(best);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
