package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One domain holding 95 % of the rows: the pass shuffles by example id, not by domain, so no task
 * of it gets the big domain alone, and nothing is lost.
 */
@ExtendWith(SharedSpark.class)
class SkewIT {
  private static final int EXAMPLES = 40_000;
  private static final int PARTITIONS = 8;

  @TempDir Path dir;

  @Test
  void aDomainWithMostOfTheRowsMakesNoStragglerTask(SparkSession spark) throws Exception {
    List<String> labels = new ArrayList<>(List.of("example_id,label,domain,lang"));
    List<String> predictions = new ArrayList<>(List.of("example_id,model,prediction"));
    for (int i = 0; i < EXAMPLES; i++) {
      String domain = i % 20 == 0 ? "small" : "big";
      String label = i % 3 == 0 ? "a" : "b";
      labels.add("x" + i + "," + label + "," + domain + "," + (i % 7 == 0 ? "de" : "en"));
      predictions.add("x" + i + ",base," + (i % 5 == 0 ? "a" : "b"));
      predictions.add("x" + i + ",ft," + label);
    }
    Files.write(dir.resolve("labels.csv"), labels, StandardCharsets.UTF_8);
    Files.write(dir.resolve("predictions.csv"), predictions, StandardCharsets.UTF_8);
    Path conf = dir.resolve("job.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "run-id = skew",
            "input.predictions { path = \""
                + dir.resolve("predictions.csv")
                + "\", format = csv, options { header = \"true\" } }",
            "input.labels { path = \""
                + dir.resolve("labels.csv")
                + "\", format = csv, options { header = \"true\" } }",
            "models { baseline = base, candidates = [ft] }",
            "slices = [ { name = lang, column = lang } ]",
            "findings.fail-on-gate = false",
            "output.path = \"" + dir.resolve("out") + "\""));

    // Shuffle records read per task, by stage.
    Map<Integer, List<Long>> readByStage = new ConcurrentHashMap<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              readByStage
                  .computeIfAbsent(
                      end.stageId(), s -> Collections.synchronizedList(new ArrayList<>()))
                  .add(end.taskMetrics().shuffleReadMetrics().recordsRead());
            }
          }
        };
    // AQE stays on; only its coalescing is off, so that the test sees how the rows spread over
    // the partitions (coalescing would fold this small input into one partition).
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(PARTITIONS));
    spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
    spark.sparkContext().addSparkListener(listener);
    JobRun run;
    try {
      run = JobRun.of("--config", conf.toString());
    } finally {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(listener);
      spark.conf().set("spark.sql.shuffle.partitions", partitions);
      spark.conf().unset("spark.sql.adaptive.coalescePartitions.enabled");
    }
    assertThat(run.exitCode()).as(run.err()).isZero();

    // The shuffle of the join (by example id) reads at least one record per example: the stage
    // that reads the most. Its busiest task reads little more than an even share.
    List<Long> join =
        readByStage.values().stream().max((a, b) -> Long.compare(sum(a), sum(b))).orElseThrow();
    long total = sum(join);
    assertThat(total).isGreaterThanOrEqualTo(EXAMPLES);
    assertThat(join).hasSize(PARTITIONS);
    assertThat(Collections.max(join)).isLessThan((long) (1.3 * total / PARTITIONS));

    // Nothing lost: every input row is in the reconciliation, and the big domain has its share.
    Map<String, Long> rows = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve("out/reconciliation/run_id=skew").toString())
            .collectAsList()) {
      rows.merge(r.getString(r.fieldIndex("table")), r.getLong(r.fieldIndex("rows")), Long::sum);
    }
    assertThat(rows).containsEntry("labels", (long) EXAMPLES);
    assertThat(rows).containsEntry("predictions", 2L * EXAMPLES);
    Row big =
        spark
            .read()
            .parquet(dir.resolve("out/metrics/run_id=skew").toString())
            .where("model = 'ft' AND domain = 'big' AND slice = '*' AND metric = 'count'")
            .first();
    assertThat(big.<Double>getAs("value")).isEqualTo((double) (EXAMPLES - EXAMPLES / 20));
  }

  private static long sum(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }
}
