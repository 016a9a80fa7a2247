package dev.domaineval.report;

import dev.domaineval.config.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's output tables so that a reader never sees half a run.
 *
 * <p>Each table is first written under {@code <root>/_staging/<run-id>-<nonce>/<table>}. {@link
 * #publish(String)} then removes the run's marker {@code <root>/_runs/run_id=<run-id>/_SUCCESS},
 * moves each staged table to {@code <root>/<table>/run_id=<run-id>} (replacing that partition
 * only), and writes the marker again last. A run that fails before publishing leaves only its
 * staging directory (ignored by readers: it starts with an underscore) and other runs untouched.
 * Directories that start with {@code _} are skipped by Spark's file readers.
 */
public final class TableWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

  /** The directory of run markers under the output root. */
  public static final String RUNS = "_runs";

  /** The file name of a run's summary, next to its marker. */
  public static final String SUMMARY = "summary.json";

  /**
   * A JVM system property (not a config key) that makes {@link #publish(String)} fail before it
   * touches anything, after every table was staged: set {@code
   * -Ddomain-eval.test.fail-before-publish=true} on the driver to check that a failed run leaves
   * the published runs intact. Read here only.
   */
  public static final String FAIL_BEFORE_PUBLISH = "domain-eval.test.fail-before-publish";

  /**
   * Rows per staged file (about 10 MB of task data each): each file is one write task that carries
   * its rows from the driver, and at 5,000 rows per file the write of a run with hundreds of
   * thousands of metric rows cost more in per-task overhead than the pass (measured with the
   * benchmark at 1M examples).
   */
  static final int ROWS_PER_FILE = 50_000;

  private final SparkSession spark;
  private final Path root;
  private final String runId;
  private final Path staging;
  private final Map<String, Path> staged = new LinkedHashMap<>();
  private final Map<String, String> stagedFiles = new LinkedHashMap<>();

  public TableWriter(SparkSession spark, String outputRoot, String runId) {
    this.spark = spark;
    this.root = new Path(outputRoot);
    this.runId = runId;
    this.staging =
        new Path(root, "_staging/" + runId + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Writes one table's rows to the staging area: one Parquet file per {@value #ROWS_PER_FILE} rows,
   * since the rows travel from the driver inside the write tasks.
   */
  public void stage(String table, StructType schema, List<Row> rows) {
    Path dir = new Path(staging, table);
    int files = Math.max(1, (rows.size() + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark
        .createDataFrame(jsc.parallelize(rows, files), schema)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(dir.toString());
    staged.put(table, dir);
    LOG.info("Staged table {} ({} rows) at {}", table, rows.size(), masked(dir));
  }

  /**
   * Writes one file (such as the HTML report) to the staging area, to be published with the tables
   * as {@code <root>/<dir>/run_id=<run-id>/<fileName>}: it appears with the run or not at all.
   */
  public void stageFile(String dir, String fileName, byte[] content) {
    Path target = new Path(new Path(staging, dir), fileName);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(target, false)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage " + target, e);
    }
    stagedFiles.put(dir, fileName);
    LOG.info("Staged {} ({} bytes) at {}", fileName, content.length, masked(target));
  }

  /** Where each staged file will be once published, by directory name. */
  public Map<String, Path> plannedFiles() {
    Map<String, Path> out = new LinkedHashMap<>();
    stagedFiles.forEach((dir, name) -> out.put(dir, new Path(partition(root, dir, runId), name)));
    return out;
  }

  /** Where each staged table and file will be once published: the outputs of summary.json. */
  public Map<String, Path> plannedOutputs() {
    Map<String, Path> out = plannedTables();
    out.putAll(plannedFiles());
    return out;
  }

  /** Where each staged table will be once published, by table name. */
  public Map<String, Path> plannedTables() {
    Map<String, Path> out = new LinkedHashMap<>();
    staged.keySet().forEach(t -> out.put(t, partition(root, t, runId)));
    return out;
  }

  /** Where the run's summary.json is once published. */
  public Path summaryPath() {
    return new Path(markerDir(root, runId), SUMMARY);
  }

  /**
   * Moves every staged table and file into place, then writes the run's {@code summary.json} and
   * its {@code _SUCCESS} marker, last. Returns the published tables' directories.
   */
  public List<Path> publish(String summaryJson) {
    if (Boolean.getBoolean(FAIL_BEFORE_PUBLISH)) {
      throw new IllegalStateException(
          "Injected failure before publishing run "
              + runId
              + " (system property "
              + FAIL_BEFORE_PUBLISH
              + "); its staged tables stay under "
              + staging);
    }
    List<Path> published = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path marker = markerDir(root, runId);
      fs.delete(marker, true);
      Path old = new Path(staging, "_replaced");
      Map<String, Path> moves = new LinkedHashMap<>(staged);
      stagedFiles.keySet().forEach(dir -> moves.put(dir, new Path(staging, dir)));
      for (Map.Entry<String, Path> e : moves.entrySet()) {
        Path target = partition(root, e.getKey(), runId);
        if (fs.exists(target)) {
          fs.mkdirs(old);
          rename(fs, target, new Path(old, e.getKey()));
        }
        fs.mkdirs(target.getParent());
        rename(fs, e.getValue(), target);
        if (staged.containsKey(e.getKey())) {
          published.add(target);
        }
      }
      fs.mkdirs(marker);
      try (FSDataOutputStream out = fs.create(new Path(marker, SUMMARY), true)) {
        out.write(summaryJson.getBytes(StandardCharsets.UTF_8));
      }
      try (FSDataOutputStream out = fs.create(new Path(marker, "_SUCCESS"), true)) {
        out.write(("run_id=" + runId + "\n").getBytes(StandardCharsets.UTF_8));
      }
      fs.delete(staging, true);
      Path stagingRoot = staging.getParent();
      // Leftovers of earlier attempts of this run id that failed before publishing.
      FileStatus[] stale = fs.globStatus(new Path(stagingRoot, runId + "-*"));
      if (stale != null) {
        for (FileStatus f : stale) {
          LOG.info("Removing the staging directory of a failed attempt: {}", masked(f.getPath()));
          fs.delete(f.getPath(), true);
        }
      }
      if (fs.exists(stagingRoot) && fs.listStatus(stagingRoot).length == 0) {
        fs.delete(stagingRoot, false);
      }
      LOG.info(
          "Published run {} under {}: {} {}",
          runId,
          masked(root),
          staged.keySet(),
          stagedFiles.keySet());
      return published;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish run " + runId + " under " + root, e);
    }
  }

  /** The directory of one table's run partition. */
  public static Path partition(Path root, String table, String runId) {
    return new Path(root, table + "/run_id=" + runId);
  }

  /** The directory holding a published run's {@code _SUCCESS} marker. */
  public static Path markerDir(Path root, String runId) {
    return new Path(root, RUNS + "/run_id=" + runId);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " returned false");
    }
  }

  /** A path as the log shows it: without a password ({@link Secrets#maskText}). */
  static String masked(Path path) {
    return Secrets.maskText(path.toString());
  }
}
