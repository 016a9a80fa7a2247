package dev.domaineval.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's generated data has the promised shape on a small size, its job config runs, and
 * the floor and direct plans count what the job counts.
 */
@ExtendWith(SharedSpark.class)
class BenchDataGeneratorIT {
  private static final int EXAMPLES = 3_000;
  private static final BenchShape SHAPE = new BenchShape(EXAMPLES, 3, 7);

  @TempDir static Path dir;
  private static Dataset<Row> labels;
  private static Dataset<Row> predictions;
  private static Properties manifest;

  @BeforeAll
  static void generate() throws Exception {
    SparkSession spark = SharedSpark.session();
    manifest = new BenchDataGenerator(SHAPE).write(spark, dir);
    labels = spark.read().parquet(dir.resolve(BenchDataGenerator.LABELS).toString());
    predictions = spark.read().parquet(dir.resolve(BenchDataGenerator.PREDICTIONS).toString());
  }

  @Test
  void labelsHaveOneRowPerExampleInSixSkewedDomainsAndEverySliceColumn() {
    assertThat(labels.count()).isEqualTo(EXAMPLES);
    assertThat(labels.select("example_id").distinct().count()).isEqualTo(EXAMPLES);
    assertThat(manifest.getProperty("label-rows")).isEqualTo(Integer.toString(EXAMPLES));
    assertThat(
            dir.resolve(BenchDataGenerator.LABELS).toFile().list((d, n) -> n.endsWith(".parquet")))
        .hasSizeGreaterThan(1);

    Map<String, Long> byDomain = counts(labels, "domain");
    assertThat(byDomain)
        .containsOnlyKeys("support", "spam", "legal", "medical", "fraud", "general");
    assertThat(byDomain.get("support")).isGreaterThan(byDomain.get("spam"));
    assertThat(byDomain.get("spam")).isGreaterThan(byDomain.get("legal"));
    assertThat(byDomain.get("medical")).isGreaterThan(byDomain.get("fraud"));
    assertThat(byDomain.get("general")).isGreaterThan(byDomain.get("fraud"));
    assertThat(counts(labels, "split")).containsOnlyKeys("test", "validation", "train");

    for (BenchShape.SliceColumn s : BenchShape.SLICE_COLUMNS) {
      long distinct = labels.where(col(s.name()).isNotNull()).select(s.name()).distinct().count();
      assertThat(distinct).as(s.name()).isBetween(2L, (long) s.cardinality());
    }
    // The high-cardinality column really has hundreds of values at this size.
    assertThat(labels.select("site").distinct().count()).isGreaterThan(300);
    // The rare positive class is rare, and present.
    long fraud = labels.where("label = 'fraud'").count();
    assertThat(fraud).isBetween(1L, byDomain.get("fraud") / 20);
  }

  @Test
  void predictionsHaveInvalidMissingAndOrphanRowsAndScoresOnlyInBinaryDomains() {
    Dataset<Row> joined =
        predictions.join(labels.select("example_id", "domain", "label"), "example_id");
    long orphans = predictions.count() - joined.count();
    assertThat(orphans).isEqualTo(EXAMPLES * BenchShape.ORPHANS_PER_THOUSAND / 1000);
    assertThat(counts(predictions, "model")).containsOnlyKeys("base", "ft-1", "ft-2");

    long missing = EXAMPLES * 3L - joined.count();
    assertThat(missing).isBetween(1L, EXAMPLES * 3L / 100);

    Dataset<Row> withClasses = joined.withColumn("valid", validPrediction());
    long invalid = withClasses.where("NOT valid").count();
    assertThat((double) invalid / joined.count()).isBetween(0.001, 0.015);

    // Scores: only binary domains' valid predictions, at least 0.5 exactly for the positive class.
    assertThat(
            joined.where("score IS NOT NULL AND domain IN ('support', 'legal', 'general')").count())
        .isZero();
    Dataset<Row> scored = withClasses.where("valid AND domain IN ('spam', 'medical', 'fraud')");
    assertThat(scored.where("score IS NULL").count()).isZero();
    assertThat(
            scored
                .where(
                    "(prediction IN ('spam', 'urgent', 'fraud')) <> (score >= 0.5)"
                        + " OR score < 0 OR score > 1")
                .count())
        .isZero();

    // A fine-tuned model is more often right than the baseline, except out of domain.
    Map<String, Long> right =
        counts(joined.where("prediction = label AND domain <> 'general'"), "model");
    assertThat(right.get("ft-2")).isGreaterThan(right.get("base"));
    Map<String, Long> rightOutOfDomain =
        counts(joined.where("prediction = label AND domain = 'general'"), "model");
    assertThat(rightOutOfDomain.get("ft-2")).isLessThan(rightOutOfDomain.get("base"));
  }

  @Test
  void theSameSeedGivesTheSameRowsHoweverSparkSplitsTheWork(SparkSession spark) {
    BenchDataGenerator g = new BenchDataGenerator(SHAPE);
    List<Row> two = g.labels(spark, 2).orderBy("example_id").collectAsList();
    List<Row> five = g.labels(spark, 5).orderBy("example_id").collectAsList();
    assertThat(five).isEqualTo(two);
    assertThat(g.predictions(spark, 7).except(g.predictions(spark, 2)).count()).isZero();
    assertThat(
            new BenchDataGenerator(new BenchShape(EXAMPLES, 3, 8))
                .labels(spark, 2)
                .except(g.labels(spark, 2))
                .count())
        .as("another seed gives other rows")
        .isGreaterThan(EXAMPLES / 2);
  }

  @Test
  void floorAndDirectPlanCountWhatTheJobCountsOnItsGeneratedConfig(SparkSession spark)
      throws Exception {
    Path output = dir.resolve("job-out");
    JobRun run =
        JobRun.of(
            "--config",
            dir.resolve(BenchDataGenerator.JOB_CONF).toString(),
            "--set",
            "output.path=\"" + output + "\"",
            "--set",
            "input.predictions.columns.score=score");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.exists(output.resolve("_runs/run_id=bench/_SUCCESS"))).isTrue();

    List<String> slices =
        BenchShape.sliceColumns(4).stream().map(BenchShape.SliceColumn::name).toList();
    Dataset<Row> joined = FloorPlan.join(spark, dir, slices);
    Map<List<String>, Long> floor =
        cells(
            FloorPlan.count(joined, slices)
                .withColumn("valid", validPrediction())
                .where("valid AND label IS NOT NULL")
                .groupBy("model", "domain", "label", "prediction")
                .agg(sum("count").as("n")));
    Map<List<String>, Long> direct =
        cells(
            DirectPlan.count(joined, slices)
                // The unsliced group of each domain: of the grouping columns (model, domain, the
                // four slice columns, label, prediction) only the slice columns are aggregated
                // away, bits 5 to 2 of the grouping id: 0b00111100.
                .where("gid = 60")
                .withColumn("valid", validPrediction())
                .where("valid AND label IS NOT NULL")
                .groupBy("model", "domain", "label", "prediction")
                .agg(sum("n").as("n")));
    Map<List<String>, Long> job =
        cells(
            spark
                .read()
                .parquet(output.resolve("confusion/run_id=bench").toString())
                .where("slice = '*' AND domain <> '*' AND predicted <> '(invalid)'")
                .select(
                    col("model"),
                    col("domain"),
                    col("actual").as("label"),
                    col("predicted").as("prediction"),
                    col("count").as("n")));

    assertThat(floor).hasSizeGreaterThan(50).isEqualTo(job);
    assertThat(direct).isEqualTo(job);
  }

  @Test
  void duckDbCountsWhatTheDirectPlanCounts(SparkSession spark) throws Exception {
    List<String> slices =
        BenchShape.sliceColumns(4).stream().map(BenchShape.SliceColumn::name).toList();
    Path result = dir.resolve("duckdb-counts.parquet");
    long rows = DuckDbPlan.run(dir, slices, result, 2);

    List<String> keys = new java.util.ArrayList<>(List.of("gid", "model", "domain"));
    keys.addAll(slices);
    keys.addAll(List.of("label", "prediction", "n"));
    org.apache.spark.sql.Column[] cols =
        keys.stream().map(k -> col(k).cast("string")).toArray(org.apache.spark.sql.Column[]::new);
    List<String> direct =
        DirectPlan.count(FloorPlan.join(spark, dir, slices), slices)
            .select(cols)
            .collectAsList()
            .stream()
            .map(Row::toString)
            .sorted()
            .toList();
    List<String> duck =
        spark.read().parquet(result.toString()).select(cols).collectAsList().stream()
            .map(Row::toString)
            .sorted()
            .toList();
    assertThat(rows).isEqualTo(direct.size()).isGreaterThan(1000);
    assertThat(duck).isEqualTo(direct);
  }

  /** Whether the prediction is one of its domain's classes. */
  private static org.apache.spark.sql.Column validPrediction() {
    StringBuilder s = new StringBuilder("CASE domain");
    for (BenchShape.Domain d : BenchShape.DOMAINS) {
      s.append(" WHEN '").append(d.name()).append("' THEN coalesce(prediction IN (");
      s.append(String.join(", ", d.classes().stream().map(c -> "'" + c + "'").toList()));
      s.append("), false)");
    }
    return org.apache.spark.sql.functions.expr(s.append(" END").toString());
  }

  private static Map<String, Long> counts(Dataset<Row> rows, String column) {
    Map<String, Long> m = new HashMap<>();
    for (Row r : rows.groupBy(column).agg(count("*")).collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  private static Map<List<String>, Long> cells(Dataset<Row> rows) {
    Map<List<String>, Long> m = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      m.put(
          List.of(
              r.<String>getAs("model"),
              r.<String>getAs("domain"),
              r.<String>getAs("label"),
              r.<String>getAs("prediction")),
          ((Number) r.getAs("n")).longValue());
    }
    return m;
  }
}
