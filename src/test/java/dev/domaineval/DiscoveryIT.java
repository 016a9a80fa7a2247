package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.report.OutputTables;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slice discovery end to end, through the job's entry point on generated Parquet files: a
 * regression planted on an intersection nobody configured ({@code source = partner_api AND
 * length_bucket = long}, neither slice crossed, each diluted on its own) is ranked first for its
 * candidate and domain and significant on the held-out half, with the counts the test computes
 * itself from the inputs; on the same data without the plant, nothing is significant.
 */
@ExtendWith(SharedSpark.class)
class DiscoveryIT {
  private static final int EXAMPLES = 24_000;
  private static final String PLANTED = "source = partner_api AND length_bucket = long";

  @TempDir Path dir;

  /**
   * Writes labels and predictions: domain legal, labels a/b, slices language (3 values), source (4)
   * and length_bucket (3); the baseline right 85 % of the time, the candidate 88 % independently,
   * except (when {@code planted}) on partner_api × long, where it breaks 35 % of what the baseline
   * gets right.
   */
  private Path write(SparkSession spark, String name, boolean planted, long seed) {
    Path in = dir.resolve(name);
    String u = "(pmod(xxhash64(id, " + seed + "L, '%s'), 1000000) / 1000000.0D)";
    spark
        .range(EXAMPLES)
        .selectExpr(
            "id",
            "format_string('x%06d', id) AS example_id",
            "IF(id % 2 = 0, 'a', 'b') AS label",
            "'legal' AS domain",
            "element_at(array('en', 'fr', 'de'), CAST(pmod(id, 3) AS INT) + 1) AS language",
            "element_at(array('web', 'email', 'partner_api', 'app'),"
                + " CAST(pmod(floor(id / 3), 4) AS INT) + 1) AS source",
            "element_at(array('short', 'medium', 'long'), CAST(pmod(floor(id / 12), 3) AS INT) + 1)"
                + " AS length_bucket",
            String.format(u, "base") + " AS u_base",
            String.format(u, "cand") + " AS u_cand")
        .selectExpr(
            "*",
            "u_base < 0.85 AS base_right",
            "CASE WHEN "
                + planted
                + " AND source = 'partner_api' AND length_bucket = 'long' THEN (u_base < 0.85 AND"
                + " u_cand >= 0.35) OR (u_base >= 0.85 AND u_cand < 0.5) ELSE u_cand < 0.88 END AS"
                + " cand_right")
        .createOrReplaceTempView("gen_" + name);
    spark
        .sql("SELECT example_id, label, domain, language, source, length_bucket FROM gen_" + name)
        .write()
        .parquet(in.resolve("labels").toString());
    spark
        .sql(
            "SELECT example_id, 'base' AS model, IF(base_right, label, IF(label = 'a', 'b', 'a')) AS"
                + " prediction FROM gen_"
                + name
                + " UNION ALL SELECT example_id, 'ft' AS model, IF(cand_right, label, IF(label ="
                + " 'a', 'b', 'a')) AS prediction FROM gen_"
                + name)
        .write()
        .parquet(in.resolve("predictions").toString());
    return in;
  }

  private JobRun run(Path in, String runId, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--set",
                "input.labels = { path = \"" + in.resolve("labels") + "\", format = parquet }",
                "--set",
                "input.predictions = { path = \""
                    + in.resolve("predictions")
                    + "\", format = parquet }",
                "--set",
                "models = { baseline = base, candidates = [ft] }",
                "--set",
                "slices = [{name = language, column = language}, {name = source, column = source},"
                    + " {name = length_bucket, column = length_bucket}]",
                "--set",
                "findings.fail-on-gate = false",
                "--set",
                "output.path=\"" + dir.resolve("out") + "\"",
                "--set",
                "run-id=" + runId));
    args.addAll(List.of(more));
    return JobRun.of(args.toArray(String[]::new));
  }

  private List<Row> discovered(SparkSession spark, String runId) {
    return spark
        .read()
        .parquet(dir.resolve("out/discovered_slices/run_id=" + runId).toString())
        .orderBy("candidate", "domain", "error", "rank")
        .collectAsList();
  }

  @Test
  void aPlantedIntersectionRanksFirstAndIsConfirmedOnTheHeldOutHalf(SparkSession spark) {
    Path in = write(spark, "planted", true, 42);
    JobRun run = run(in, "planted");
    assertThat(run.exitCode()).as(run.err()).isZero();

    List<Row> rows = discovered(spark, "planted");
    assertThat(
            spark
                .read()
                .parquet(dir.resolve("out/discovered_slices/run_id=planted").toString())
                .schema())
        .as("columns and types (Parquet reads every column as nullable)")
        .isEqualTo(OutputTables.DISCOVERED_SLICES_SCHEMA.asNullable());
    Row first =
        rows.stream()
            .filter(r -> r.<String>getAs("error").equals("broken"))
            .filter(r -> r.<Integer>getAs("rank") == 1)
            .findFirst()
            .orElseThrow();
    assertThat(first.<String>getAs("predicates")).isEqualTo(PLANTED);
    assertThat(first.<Integer>getAs("level")).isEqualTo(2);
    assertThat(first.<Boolean>getAs("significant")).isTrue();
    assertThat(first.<Double>getAs("p_value")).isLessThan(1e-6);

    // The counts, from the inputs: the half is the lowest bit of Spark's xxhash64 of the id.
    Row counts =
        spark
            .sql(
                "SELECT"
                    + " sum(IF(h = 0, 1, 0)) AS examples,"
                    + " sum(IF(h = 0 AND base_right AND NOT cand_right, 1, 0)) AS errors,"
                    + " sum(IF(h = 1, 1, 0)) AS confirmation_examples,"
                    + " sum(IF(h = 1 AND base_right AND NOT cand_right, 1, 0)) AS broken,"
                    + " sum(IF(h = 1 AND NOT base_right AND cand_right, 1, 0)) AS fixed"
                    + " FROM (SELECT *, xxhash64(example_id) & 1 AS h FROM gen_planted)"
                    + " WHERE source = 'partner_api' AND length_bucket = 'long'")
            .collectAsList()
            .get(0);
    assertThat(first.<Long>getAs("examples")).isEqualTo(counts.<Long>getAs("examples"));
    assertThat(first.<Long>getAs("errors")).isEqualTo(counts.<Long>getAs("errors"));
    assertThat(first.<Long>getAs("confirmation_examples"))
        .isEqualTo(counts.<Long>getAs("confirmation_examples"));
    assertThat(first.<Long>getAs("broken")).isEqualTo(counts.<Long>getAs("broken"));
    assertThat(first.<Long>getAs("fixed")).isEqualTo(counts.<Long>getAs("fixed"));
    assertThat(first.<Long>getAs("confirmation_errors")).isEqualTo(counts.<Long>getAs("broken"));

    // A finding names it, warns and does not change the verdict.
    List<Row> findings =
        spark
            .read()
            .parquet(dir.resolve("out/findings/run_id=planted").toString())
            .where("code = 'DISCOVERED_SLICE'")
            .collectAsList();
    assertThat(findings)
        .anySatisfy(
            f -> {
              assertThat(f.<String>getAs("severity")).isEqualTo("warn");
              assertThat(f.<String>getAs("slice")).isEqualTo("source & length_bucket");
              assertThat(f.<String>getAs("slice_value")).isEqualTo("partner_api|long");
              assertThat(f.<String>getAs("message")).contains(PLANTED, "rank 1, error broken");
            });
  }

  /**
   * Without a plant, the slices found (by noise: {@code alpha = 1} keeps every slice above the
   * domain's error rate) are tested on the other half, where their p-values are uniform; after
   * Benjamini–Hochberg at 0.05, none is significant (a seed has about a 5 % chance of one).
   */
  @Test
  void withoutAnEffectNothingIsSignificant(SparkSession spark) {
    for (long seed : new long[] {1, 2}) {
      Path in = write(spark, "null" + seed, false, seed);
      // alpha = 1 scores by the error rate alone, so noise alone gets slices found and tested.
      JobRun run = run(in, "null" + seed, "--set", "discovery.alpha = 1");
      assertThat(run.exitCode()).as(run.err()).isZero();

      List<Row> rows = discovered(spark, "null" + seed);
      assertThat(rows).as("slices found, seed %d", seed).isNotEmpty();
      assertThat(rows)
          .as("significant slices without an effect, seed %d", seed)
          .noneMatch(r -> r.<Boolean>getAs("significant"));
    }
  }
}
