package dev.domaineval.input;

import dev.domaineval.config.InputSpec;
import dev.domaineval.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st && isReadFailure(st)) {
        String file = st.getMessageParameters().getOrDefault("path", "?");
        return Optional.of(new InvalidInputException(message(file, rootCause(t), config), failure));
      }
    }
    return Optional.empty();
  }

  private static boolean isReadFailure(SparkThrowable st) {
    String condition = st.getCondition();
    return (condition != null && condition.startsWith(CONDITION))
        || SQL_STATE.equals(st.getSqlState());
  }

  private static String message(String file, Throwable cause, JobConfig config) {
    Optional<InputSpec> table = tableOf(file, config);
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
