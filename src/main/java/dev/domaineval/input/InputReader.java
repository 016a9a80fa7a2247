package dev.domaineval.input;

import dev.domaineval.config.InputSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Opens an input table as configured and checks that it can be used, before any data is read: the
 * path exists, the reader accepts it, every configured column exists with a usable type. Files are
 * read with the options of {@link ReaderOptions}.
 */
public final class InputReader {
  private final SparkSession spark;

  public InputReader(SparkSession spark) {
    this.spark = spark;
  }

  /** Opens the table (lazily: only the schema is read, or inferred for json). */
  public Dataset<Row> open(InputSpec spec) {
    if (spec.catalogTable().isPresent()) {
      String table = spec.catalogTable().get();
      if (!spark.catalog().tableExists(table)) {
        throw new InvalidInputException(
            String.format(
                "Cannot read %s: catalog table '%s' does not exist. Set input.%s.table to an"
                    + " existing table, or input.%s.path to files.",
                spec.table(), table, spec.table(), spec.table()));
      }
      return spark.table(table);
    }
    String path = spec.path().orElseThrow();
    checkPathExists(spec, path);
    DataFrameReader reader = spark.read().format(spec.format()).options(ReaderOptions.of(spec));
    if (spec.schema().isPresent()) {
      reader = reader.schema(spec.schema().get());
    }
    Dataset<Row> df;
    try {
      df = reader.load(path);
    } catch (Exception e) {
      // csv read with multiLine reads its first record here, and with it a cut-off compressed
      // file: the same message as when the pass meets it. (A file of another format than
      // configured keeps the reader's message below, which points at the format.)
      Optional<InvalidInputException> unreadable =
          spec.format().equals("csv") ? UnreadableFile.explain(e, spec) : Optional.empty();
      if (unreadable.isPresent()) {
        throw unreadable.get();
      }
      // Without a schema Spark cannot read a directory that holds no data files (an upstream job
      // that wrote nothing, or only _SUCCESS): that is an empty table, not a wrong format.
      if (!hasDataFiles(path)) {
        throw new InvalidInputException(
            String.format(
                "The %s table (%s) is empty: path '%s' holds no data files (names that start with"
                    + " '_' or '.', such as _SUCCESS, are not data). Check input.%s.path and that"
                    + " the night's %s were written.",
                spec.table(), spec.source(), path, spec.table(), spec.table()),
            e);
      }
      throw new InvalidInputException(
          String.format(
              "Cannot read %s (%s): %s. Check input.%s.format and input.%s.options.",
              spec.table(),
              spec.source(),
              firstLine(e).replaceAll("\\.+$", ""),
              spec.table(),
              spec.table()),
          e);
    }
    if (df.columns().length == 0) {
      // Spark reads an empty csv or json file (not even a header line) as no columns at all.
      throw new InvalidInputException(
          String.format(
              "The %s table (%s) is empty: the reader found no columns (an empty file, without even"
                  + " a csv header line). Check input.%s.path and that the night's %s were"
                  + " written.",
              spec.table(), spec.source(), spec.table(), spec.table()));
    }
    return df;
  }

  /** Whether the path (or glob) has a file that Spark's file readers would read. */
  private boolean hasDataFiles(String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null) {
        return false;
      }
      for (FileStatus m : matches) {
        if (m.isFile() || hasVisibleFile(fs, m.getPath())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      // Cannot tell: keep the reader's own message.
      return true;
    }
  }

  private static boolean hasVisibleFile(FileSystem fs, Path dir) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (s.isFile() || hasVisibleFile(fs, s.getPath())) {
        return true;
      }
    }
    return false;
  }

  private void checkPathExists(InputSpec spec, String path) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new InvalidInputException(
            String.format(
                "Cannot read %s: path '%s' does not exist. Set input.%s.path to an existing file"
                    + " or directory (globs such as /data/preds/dt=*/ are allowed).",
                spec.table(), path, spec.table()));
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          String.format(
              "Cannot read %s: path '%s' is not accessible (%s). Check input.%s.path and the"
                  + " file system's credentials.",
              spec.table(), path, firstLine(e), spec.table()),
          e);
    }
  }

  /**
   * The actual name of a configured column (exact match first, then case-insensitive, as Spark
   * resolves names by default).
   *
   * @throws InvalidInputException naming the available columns and the key to set
   */
  public static String column(Dataset<Row> df, InputSpec spec, String canonical) {
    String wanted = spec.column(canonical).orElseThrow();
    List<String> names = Arrays.asList(df.columns());
    if (names.contains(wanted)) {
      return wanted;
    }
    Optional<String> folded = names.stream().filter(n -> n.equalsIgnoreCase(wanted)).findFirst();
    if (folded.isPresent()) {
      return folded.get();
    }
    throw new InvalidInputException(
        String.format(
            "Cannot read %s (%s): column '%s' (the %s column) not found (found: %s). Set"
                + " input.%s.columns.%s to the column that holds it.",
            spec.table(),
            spec.source(),
            wanted,
            canonical,
            String.join(", ", names),
            spec.table(),
            canonical.replace('_', '-')));
  }

  /** Kinds of value a canonical column may hold. */
  public enum Expect {
    /** A string, or a number or boolean that is read as its text. */
    TEXT,
    /** A number, or a string that is parsed as one (unparseable text is an invalid score). */
    NUMBER
  }

  /** Checks a column's type; complex types (struct, array, map, binary) are rejected. */
  public static void checkType(
      Dataset<Row> df, InputSpec spec, String canonical, String actual, Expect expect) {
    StructField field = df.schema().apply(actual);
    DataType t = field.dataType();
    boolean ok =
        switch (expect) {
          case TEXT ->
              t instanceof StringType
                  || t instanceof NumericType
                  || t.equals(DataTypes.BooleanType)
                  || t.equals(DataTypes.DateType);
          case NUMBER -> t instanceof NumericType || t instanceof StringType;
        };
    if (!ok) {
      throw new InvalidInputException(
          String.format(
              "Cannot read %s (%s): column '%s' (the %s column) has type %s; expected %s. Point"
                  + " input.%s.columns.%s at a column of that type, or convert it upstream.",
              spec.table(),
              spec.source(),
              actual,
              canonical,
              t.simpleString(),
              expect == Expect.TEXT
                  ? "a string (or a number read as text)"
                  : "a number in [0, 1] (or a string holding one)",
              spec.table(),
              canonical.replace('_', '-')));
    }
  }

  /**
   * Whether a Spark SQL expression resolves against a table's columns as a value of each row
   * (analysis only): next to the row's columns and cast to a string, as the join uses it, so that
   * an aggregate or a generator is an error here rather than when the job runs.
   */
  public static Optional<String> resolutionError(Dataset<Row> df, String expression) {
    try {
      df.selectExpr("*", "CAST((" + expression + ") AS STRING)").schema();
      return Optional.empty();
    } catch (Exception e) {
      // Scala throws AnalysisException (a checked exception to Java) without declaring it.
      return Optional.of(firstLine(e));
    }
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
