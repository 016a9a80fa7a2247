package dev.domaineval.report;

import dev.domaineval.report.publish.Publication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
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
 * Writes a run's output tables so that a reader never sees half a run: each table and file is
 * staged under the attempt's directory of a {@link Publication} and published with it (see there
 * for the protocol and its guarantees).
 */
public final class TableWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

  /** The directory of run markers under the output root. */
  public static final String RUNS = Publication.RUNS;

  /** The file name of a run's summary, next to its marker. */
  public static final String SUMMARY = Publication.SUMMARY;

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
  private final Publication publication;
  private final Map<String, Path> staged = new LinkedHashMap<>();
  private final Map<String, String> stagedFiles = new LinkedHashMap<>();

  public TableWriter(SparkSession spark, String outputRoot, String runId, Publication publication) {
    this.spark = spark;
    this.root = new Path(outputRoot);
    this.runId = runId;
    this.publication = publication;
  }

  /**
   * Writes one table's rows to the staging area: one Parquet file per {@value #ROWS_PER_FILE} rows,
   * since the rows travel from the driver inside the write tasks.
   */
  public void stage(String table, StructType schema, List<Row> rows) {
    Path dir = publication.stagedDir(table);
    int files = Math.max(1, (rows.size() + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark
        .createDataFrame(jsc.parallelize(rows, files), schema)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(dir.toString());
    staged.put(table, dir);
    LOG.info("Staged table {} ({} rows) at {}", table, rows.size(), Publication.masked(dir));
  }

  /**
   * Writes one file (such as the HTML report) to the staging area, to be published with the tables
   * as {@code <root>/<dir>/run_id=<run-id>/<fileName>}: it appears with the run or not at all.
   */
  public void stageFile(String dir, String fileName, byte[] content) {
    Path target = new Path(publication.stagedDir(dir), fileName);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(target, false)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage " + target, e);
    }
    stagedFiles.put(dir, fileName);
    LOG.info("Staged {} ({} bytes) at {}", fileName, content.length, Publication.masked(target));
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
   * Publishes every staged table and file with the run's {@code summary.json} and {@code _SUCCESS}
   * marker (see {@link Publication}). Returns the published tables' directories.
   */
  public List<Path> publish(String summaryJson) {
    if (Boolean.getBoolean(FAIL_BEFORE_PUBLISH)) {
      throw new IllegalStateException(
          "Injected failure before publishing run "
              + runId
              + " (system property "
              + FAIL_BEFORE_PUBLISH
              + "); nothing was published");
    }
    List<String> names = new ArrayList<>(staged.keySet());
    names.addAll(stagedFiles.keySet());
    List<Path> published = publication.publish(names, summaryJson);
    LOG.info(
        "Published run {} under {}: {} {}",
        runId,
        Publication.masked(root),
        staged.keySet(),
        stagedFiles.keySet());
    return published.subList(0, staged.size());
  }

  /** The directory of one table's run partition. */
  public static Path partition(Path root, String table, String runId) {
    return Publication.partition(root, table, runId);
  }

  /** The directory holding a published run's {@code _SUCCESS} marker. */
  public static Path markerDir(Path root, String runId) {
    return Publication.markerDir(root, runId);
  }
}
