package dev.domaineval.input;

import dev.domaineval.config.InputSpec;
import dev.domaineval.config.Secrets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an input table as configured and checks that it can be used, before any data is read: the
 * path exists, the reader accepts it, every configured column exists with a usable type. Files are
 * read with the options of {@link ReaderOptions}.
 */
public final class InputReader {
  private static final Logger LOG = LoggerFactory.getLogger(InputReader.class);

  private final SparkSession spark;
  private final List<IgnoredFiles> ignoredFiles = new ArrayList<>();

  /**
   * Files of an input directory that were not read because they are not named like data files.
   *
   * @param table the input, as in the reconciliation table
   * @param source its path and format, for messages
   * @param dataFileNames how data files are named, for messages (e.g. {@code *.parquet or part-*})
   * @param files the files' paths, sorted
   */
  public record IgnoredFiles(
      String table, String source, String dataFileNames, List<String> files) {
    public IgnoredFiles {
      files = List.copyOf(files);
    }
  }

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
    Map<String, String> options = ReaderOptions.of(spec);
    Optional<DataFiles.Listing> listing = listFiles(spec, path, options);
    DataFrameReader reader = spark.read().format(spec.format()).options(options);
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
      if (listing.isPresent() && listing.get().dataFiles() == 0) {
        List<String> ignored = listing.get().ignored();
        throw new InvalidInputException(
            String.format(
                "The %s table (%s) is empty: path '%s' holds no data files (names that start with"
                    + " '_' or '.', such as _SUCCESS, are not data, nor are files not named like"
                    + " %s files%s). Check input.%s.path and that the night's %s were written.",
                spec.table(),
                spec.source(),
                path,
                spec.format(),
                ignored.isEmpty() ? "" : ": " + fileNames(ignored, 5),
                spec.table(),
                spec.table()),
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

  /**
   * Lists the files under the path (see {@link DataFiles}): sets the reader's file name filter when
   * the path names directories, and records and logs the files it leaves out. Empty when the path
   * cannot be listed (the reader then reports the problem).
   */
  private Optional<DataFiles.Listing> listFiles(
      InputSpec spec, String path, Map<String, String> options) {
    String userGlob = DataFiles.userGlob(spec.options());
    String glob = userGlob != null ? userGlob : DataFiles.glob(spec.format());
    DataFiles.Listing listing;
    try {
      Path p = new Path(path);
      listing =
          DataFiles.list(p.getFileSystem(spark.sparkContext().hadoopConfiguration()), p, glob);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn(
          "Cannot list the files of the {} table ({}): {}",
          spec.table(),
          Secrets.maskText(path),
          Secrets.maskText(firstLine(e)));
      return Optional.empty();
    }
    if (listing.filtered() && userGlob == null) {
      options.put(DataFiles.FILTER_OPTION, glob);
    }
    if (!listing.ignored().isEmpty()) {
      LOG.warn(
          "Ignored {} file(s) of the {} table ({}) that are not named like {} data files{}: {}",
          listing.ignored().size(),
          spec.table(),
          spec.source(),
          spec.format(),
          userGlob == null ? "" : " (input." + spec.table() + ".options.pathGlobFilter)",
          listing.ignored().size() > 20
              ? listing.ignored().subList(0, 20) + " ..."
              : listing.ignored());
      ignoredFiles.add(
          new IgnoredFiles(
              spec.table(),
              spec.source(),
              userGlob == null
                  ? DataFiles.describe(spec.format())
                  : "to match input." + spec.table() + ".options.pathGlobFilter '" + userGlob + "'",
              listing.ignored()));
    }
    return Optional.of(listing);
  }

  /** The files left out of the tables opened so far, one entry per table that had any. */
  public List<IgnoredFiles> ignoredFiles() {
    return List.copyOf(ignoredFiles);
  }

  /** The names (without their folders) of the first {@code max} files, comma-separated. */
  static String fileNames(List<String> files, int max) {
    List<String> names = new ArrayList<>();
    for (String f : files.subList(0, Math.min(max, files.size()))) {
      names.add(new Path(f).getName());
    }
    return String.join(", ", names) + (files.size() > max ? ", ..." : "");
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
    // Spark's parse errors start with a line break.
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }
}
