package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.ReferenceCounts;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slice with more values than max-slice-values keeps its most supported values and counts the
 * rest as (other): nothing is lost, the outputs stay bounded, and a finding says so.
 */
@ExtendWith(SharedSpark.class)
class SliceValuesCapIT {
  private static final Path SAMPLES = Path.of(System.getProperty("user.dir"), "data-samples");
  private static final int MAX = 25;

  @TempDir Path output;

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Test
  void theMostSupportedValuesAreKeptAndTheRestCountAsOther(SparkSession spark) {
    JobRun run =
        JobRun.of(
            "--config",
            Path.of(System.getProperty("user.dir"), "conf/sample.conf").toString(),
            "--set",
            "output.path=\"" + output + "\"",
            "--set",
            "run-id=cap",
            "--set",
            "slices=[{name=language, column=language}, {name=tokens, column=input_tokens}]",
            "--set",
            "max-slice-values=" + MAX);
    assertThat(run.exitCode()).as(run.err()).isZero();

    // Labelled examples per input_tokens value, counted here from the csv.
    Map<String, Long> support = new HashMap<>();
    ReferenceCounts.readCsv(
        SAMPLES.resolve("labels.csv"),
        (header, f) -> {
          if (!blank(f[0]) && !blank(f[1])) {
            support.merge(blank(f[6]) ? "(null)" : f[6].trim(), 1L, Long::sum);
          }
        });
    assertThat(support.size()).isGreaterThan(MAX);
    Set<String> expected = new LinkedHashSet<>();
    support.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .limit(MAX)
        .forEach(e -> expected.add(e.getKey()));
    long total = support.values().stream().mapToLong(Long::longValue).sum();
    long kept = expected.stream().mapToLong(support::get).sum();

    Map<String, Double> counts =
        countBySliceValue(spark, output.resolve("metrics/run_id=cap"), "base", "*", "tokens");
    Set<String> values = new LinkedHashSet<>(expected);
    values.add("(other)");
    assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(values);
    assertThat(counts.get("(other)")).isEqualTo((double) (total - kept));
    expected.forEach(v -> assertThat(counts.get(v)).as(v).isEqualTo((double) support.get(v)));

    List<Row> findings =
        spark
            .read()
            .parquet(output.resolve("findings/run_id=cap").toString())
            .where("code = 'TOO_MANY_SLICE_VALUES'")
            .collectAsList();
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.<String>getAs("severity")).isEqualTo("warn");
              assertThat(f.<String>getAs("message"))
                  .contains(
                      "Slice 'tokens' has " + support.size() + " distinct values",
                      "the " + MAX + " with the most examples",
                      (total - kept) * 2 + " example-model rows");
            });
    // The language slice has fewer values than the cap and is untouched.
    assertThat(
            spark
                .read()
                .parquet(output.resolve("metrics/run_id=cap").toString())
                .where("slice = 'language' AND slice_value = '(other)'")
                .count())
        .isZero();
  }

  /**
   * A slice with a million distinct values (every example its own): the outputs keep the default
   * 1,000 values and (other), nothing is lost, and the run does not collect a million values to the
   * driver (metrics stay bounded: per model, 1,001 values).
   */
  @Test
  void aMillionDistinctValuesKeepTheDefaultThousand(SparkSession spark) {
    long examples = 1_000_000;
    Path in = output.resolve("in");
    spark
        .range(examples)
        .selectExpr(
            "format_string('e%07d', id) AS example_id",
            "IF(id % 3 = 0, 'b', 'a') AS label",
            "'d' AS domain",
            "format_string('u%07d', id) AS uid")
        .write()
        .parquet(in.resolve("labels").toString());
    spark
        .range(examples)
        .selectExpr(
            "format_string('e%07d', id) AS example_id",
            "explode(array(named_struct('m', 'base', 'p', IF(id % 4 = 0, 'b', 'a')),"
                + " named_struct('m', 'ft', 'p', IF(id % 3 = 0, 'b', 'a')))) AS x")
        .selectExpr("example_id", "x.m AS model", "x.p AS prediction")
        .write()
        .parquet(in.resolve("predictions").toString());

    JobRun run =
        JobRun.of(
            "--set",
            "input.labels = { path = \"" + in.resolve("labels") + "\", format = parquet }",
            "--set",
            "input.predictions = { path = \""
                + in.resolve("predictions")
                + "\", format = parquet }",
            "--set",
            "models = { baseline = base, candidates = [ft] }",
            "--set",
            "slices=[{name=uid, column=uid, high-cardinality=true}]",
            "--set",
            "findings.fail-on-gate = false",
            "--set",
            "output.path=\"" + output.resolve("out") + "\"",
            "--set",
            "run-id=million");
    assertThat(run.exitCode()).as(run.err()).isZero();

    // Every value has one example: ties go by value, so u0000000 .. u0000999 are kept.
    Map<String, Double> counts =
        countBySliceValue(spark, output.resolve("out/metrics/run_id=million"), "ft", "d", "uid");
    assertThat(counts).hasSize(1001).containsEntry("(other)", (double) (examples - 1000));
    assertThat(counts).containsEntry("u0000000", 1.0).containsEntry("u0000999", 1.0);
    assertThat(
            spark
                .read()
                .parquet(output.resolve("out/findings/run_id=million").toString())
                .where("code = 'TOO_MANY_SLICE_VALUES'")
                .collectAsList())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.<String>getAs("message"))
                    .contains("Slice 'uid' has 1000000 distinct values"));
    // Nothing lost: both models' rows are in the reconciliation.
    long matched =
        spark
            .read()
            .parquet(output.resolve("out/reconciliation/run_id=million").toString())
            .where("table = 'predictions' AND reason = 'matched'")
            .collectAsList()
            .get(0)
            .getAs("rows");
    assertThat(matched).isEqualTo(2 * examples);
  }

  /** The {@code count} metric of every value of a slice, from a run's metrics partition. */
  private static Map<String, Double> countBySliceValue(
      SparkSession spark, Path metrics, String model, String domain, String slice) {
    Map<String, Double> counts = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(metrics.toString())
            .where(
                String.format(
                    "model = '%s' AND domain = '%s' AND slice = '%s' AND metric = 'count' AND"
                        + " class IS NULL",
                    model, domain, slice))
            .collectAsList()) {
      counts.put(r.getAs("slice_value"), r.getAs("value"));
    }
    return counts;
  }
}
