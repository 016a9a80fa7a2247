package dev.domaineval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.ReferenceCounts;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The job reads each input once and runs the same number of Spark jobs whatever the number of
 * slices, so that a per-slice (or per-model) loop cannot creep back in.
 */
@ExtendWith(SharedSpark.class)
class OnePassIT {
  private static final String CONF =
      Path.of(System.getProperty("user.dir"), "conf/sample.conf").toString();
  private static final Path SAMPLES = Path.of(System.getProperty("user.dir"), "data-samples");

  private static final String ONE_SLICE = "slices=[{name=language, column=language}]";
  private static final String EIGHT_SLICES =
      "slices=["
          + "{name=language, column=language},"
          + "{name=source, column=source},"
          + "{name=split, column=split},"
          + "{name=input_length, expr=\"CASE WHEN CAST(input_tokens AS INT) < 256 THEN 'short'"
          + " ELSE 'long' END\"},"
          + "{name=tokens_k, expr=\"CAST(CAST(input_tokens AS INT) DIV 1000 AS STRING)\"},"
          + "{name=id_digit, expr=\"substr(example_id, -1)\", from=labels},"
          + "{name=lang_upper, expr=\"upper(language)\"},"
          + "{name=score_bucket, expr=\"CAST(round(CAST(score AS DOUBLE), 1) AS STRING)\","
          + " from=predictions}"
          + "]";

  @TempDir Path output;

  /** What one run did on the cluster. */
  record Work(int jobs, List<FileSourceScanExec> scans, long recordsRead) {}

  @Test
  void jobsAndInputScansDoNotGrowWithSlicesModelsBootstrapOrScores(SparkSession spark)
      throws Exception {
    Work one = measure(spark, "one", ONE_SLICE);
    Work eight = measure(spark, "eight", EIGHT_SLICES);
    Work threeModels =
        measure(spark, "three-models", ONE_SLICE, "models.candidates=[ft-v1, ft-v0]");
    // The comparison's paired counts ride on the same pass; the bootstrap is drawn from them on the
    // driver, so it adds no job (it once added a sum per replicate to the pass, in the same jobs).
    Work bootstrap = measure(spark, "bootstrap", EIGHT_SLICES, "bootstrap.replicates=20");
    // The sample maps a score column: score buckets ride on the same pass too. Scores add the
    // roll-up of their buckets (one query on the small cached counts, not on the inputs: the scan
    // check below holds for the run without scores too) and the writes of two more tables.
    Work noScores = measure(spark, "no-scores", ONE_SLICE, "input.predictions.columns.score=\"\"");
    // The examples table's and the invalid answers' sketches ride on the pass's partitions too
    // (the same step as the score sketches): without any, the executed plans show the scans.
    Work plain =
        measure(
            spark,
            "plain",
            ONE_SLICE,
            "input.predictions.columns.score=\"\"",
            "examples.per-outcome=0",
            "normalization.keep-raw-answers=false");
    assertThat(output.resolve("no-scores/examples/run_id=no-scores")).isDirectory();
    assertThat(output.resolve("no-scores/invalid_answers/run_id=no-scores")).isDirectory();
    assertThat(output.resolve("plain/examples/run_id=plain")).doesNotExist();
    assertThat(output.resolve("plain/invalid_answers/run_id=plain")).doesNotExist();
    assertThat(output.resolve("one/curves/run_id=one")).isDirectory();
    assertThat(output.resolve("no-scores/curves/run_id=no-scores")).doesNotExist();
    assertThat(one.jobs() - noScores.jobs()).isBetween(3, 4);

    assertThat(eight.jobs()).isEqualTo(one.jobs());
    assertThat(threeModels.jobs()).isEqualTo(one.jobs());
    assertThat(bootstrap.jobs()).isEqualTo(one.jobs());
    // It did run: with the default bootstrap.scope (domains), on the overall slices only.
    Dataset<Row> comparison =
        spark.read().parquet(output.resolve("bootstrap/comparison/run_id=bootstrap").toString());
    Column estimated = col("bootstrap_p_value").isNotNull();
    Column overall = col("slice").equalTo("*").and(col("slice_value").equalTo("*"));
    assertThat(comparison.where(estimated.and(overall)).count()).isPositive();
    assertThat(comparison.where(estimated.and(not(overall))).count()).isZero();
    assertThat(comparison.where(col("slice").notEqual("*")).count()).isPositive();
    ReferenceCounts counts = ReferenceCounts.of(SAMPLES, false);
    long trainingRows =
        ReferenceCounts.readCsv(SAMPLES.resolve("training-ft-v1.csv"), (h, f) -> {});
    long inputRows = counts.labelRows + counts.predictionRows + trainingRows;
    for (Work w : List.of(one, eight, threeModels, bootstrap, noScores, plain)) {
      // Every task's input records: each table's rows once, plus the few lines Spark's csv
      // reader reads to find a header (below), never a second pass over a table. With scores the
      // pass's rows go through the partitions' score sketches (an RDD step), which hides the
      // scans from the executed plans, so the tasks' input metrics are the measure.
      assertThat(w.recordsRead())
          .as("input records read by the run's tasks")
          .isBetween(inputRows, inputRows + 20);
    }
    // Without scores and examples the executed plans show the scans: three of data (labels,
    // predictions, ft-v1's training ids), each of which produced its table's rows once.
    // Read without multiLine, Spark's csv reader also finds the header line through a text
    // scan of the first line (with multiLine, the job's default, it reads the first record
    // outside Spark SQL's scans): schema discovery, not a pass over the data.
    List<Long> rows = new ArrayList<>();
    for (FileSourceScanExec scan : plain.scans()) {
      long n = scan.metrics().apply("numOutputRows").value();
      if (scan.relation().fileFormat().toString().equals("CSV")) {
        rows.add(n);
      } else {
        assertThat(scan.relation().fileFormat().toString()).isEqualTo("Text");
        assertThat(n).as("rows read to find a csv header").isLessThanOrEqualTo(2);
      }
    }
    assertThat(rows)
        .containsExactlyInAnyOrder(counts.labelRows, counts.predictionRows, trainingRows);
  }

  @Test
  void highCardinalitySliceGivesTheSameCountsInItsOwnGrouping(SparkSession spark) {
    String slices =
        "slices=[{name=language, column=language}, {name=source, column=source},"
            + " {name=id_tail, expr=\"substr(example_id, -3)\", from=labels%s},"
            + " {name=id_tail_x_language, cross=[id_tail, language]}]";
    JobRun shared = run("shared", String.format(slices, ""));
    JobRun own = run("own", String.format(slices, ", high-cardinality=true"));
    assertThat(shared.exitCode()).as(shared.err()).isZero();
    assertThat(own.exitCode()).as(own.err()).isZero();
    List<Row> a = confusion(spark, "shared");
    List<Row> b = confusion(spark, "own");
    assertThat(a).hasSizeGreaterThan(1000);
    assertThat(b).containsExactlyInAnyOrderElementsOf(a);
  }

  private List<Row> confusion(SparkSession spark, String runId) {
    return spark
        .read()
        .parquet(output.resolve(runId).resolve("confusion/run_id=" + runId).toString())
        .drop("run_id")
        .collectAsList();
  }

  private JobRun run(String runId, String slices, String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--config",
            CONF,
            "--set",
            // One output path per run: an earlier run under the same path would add the report's
            // history read (one small read of its metrics) to the jobs and scans counted here.
            "output.path=\"" + output.resolve(runId) + "\"",
            "--set",
            "run-id=" + runId,
            "--set",
            slices));
    for (String m : more) {
      args.add("--set");
      args.add(m);
    }
    return JobRun.of(args.toArray(String[]::new));
  }

  private Work measure(SparkSession spark, String runId, String slices, String... more)
      throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    AtomicLong recordsRead = new AtomicLong();
    Map<FileSourceScanExec, Boolean> scans = Collections.synchronizedMap(new IdentityHashMap<>());
    SparkListener jobCounter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }

          @Override
          public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            if (taskEnd.taskMetrics() != null) {
              recordsRead.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
            }
          }
        };
    QueryExecutionListener scanCollector =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
            collectScans(qe.executedPlan(), scans);
          }

          @Override
          public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
        };
    spark.sparkContext().addSparkListener(jobCounter);
    spark.listenerManager().register(scanCollector);
    try {
      JobRun r = run(runId, slices, more);
      assertThat(r.exitCode()).as(r.err()).isZero();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(jobCounter);
      spark.listenerManager().unregister(scanCollector);
    }
    return new Work(jobs.get(), new ArrayList<>(scans.keySet()), recordsRead.get());
  }

  /**
   * Collects the file scans of an executed plan, looking into adaptive plans, query stages and
   * cached relations. A scan node is one object however many queries reuse its cached result, so an
   * identity set counts the scans that really ran.
   */
  private static void collectScans(SparkPlan plan, Map<FileSourceScanExec, Boolean> out) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collectScans(adaptive.executedPlan(), out);
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      collectScans(stage.plan(), out);
      return;
    }
    if (plan instanceof InMemoryTableScanExec cached) {
      collectScans(cached.relation().cachedPlan(), out);
      return;
    }
    if (plan instanceof FileSourceScanExec scan) {
      out.put(scan, true);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collectScans(child, out);
    }
  }
}
