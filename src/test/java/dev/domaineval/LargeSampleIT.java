package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.sample.SampleGenerator;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.ReferenceCounts;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a generated data set of a million examples (the sample generator with a size argument;
 * {@code -Dlarge.examples=N} changes the size) equals the test's own counting, and passes its
 * run-time check against MLlib.
 */
@ExtendWith(SharedSpark.class)
class LargeSampleIT {
  private static final int EXAMPLES = Integer.getInteger("large.examples", 1_000_000);

  @TempDir Path dir;

  @Test
  void confusionOfAMillionExamplesEqualsTheTestsOwnCounting(SparkSession spark) throws Exception {
    Path data = dir.resolve("data");
    SampleGenerator.generate(data, EXAMPLES, 20261127L);
    Path output = dir.resolve("out");

    long start = System.nanoTime();
    JobRun run =
        JobRun.of(
            "--config",
            Path.of(System.getProperty("user.dir"), "conf/sample.conf").toString(),
            "--set",
            "input.labels.path=\"" + data.resolve("labels.csv") + "\"",
            "--set",
            "input.predictions.path=\"" + data.resolve("predictions.csv") + "\"",
            "--set",
            "input.training.ft-v1.path=\"" + data.resolve("training-ft-v1.csv") + "\"",
            "--set",
            "output.path=\"" + output + "\"",
            "--set",
            "run-id=large",
            "--set",
            "verify-with-mllib=2");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "LargeSampleIT: %d examples, job run (with 2 groups verified) %.1f s%n", EXAMPLES, seconds);
    assertThat(run.exitCode()).as(run.err()).isZero();

    ReferenceCounts reference = ReferenceCounts.of(data, false);
    Map<ReferenceCounts.Cell, Long> actual =
        ReferenceCounts.readConfusion(spark, output.resolve("confusion"));
    assertThat(actual).isEqualTo(reference.cells);
    long labelled =
        actual.entrySet().stream()
            .filter(e -> e.getKey().model().equals("base") && e.getKey().domain().equals("*"))
            .filter(e -> e.getKey().slice().equals("*"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(labelled).isGreaterThan(EXAMPLES * 99L / 100);
    Map<String, Long> byTable = new HashMap<>();
    for (Row r :
        spark.read().parquet(output.resolve("reconciliation").toString()).collectAsList()) {
      byTable.merge(r.getAs("table"), r.<Long>getAs("rows"), Long::sum);
    }
    assertThat(byTable)
        .containsEntry("labels", reference.labelRows)
        .containsEntry("predictions", reference.predictionRows);
  }
}
