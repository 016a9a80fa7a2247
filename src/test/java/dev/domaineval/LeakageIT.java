package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation examples that were also fine-tuning data: found by id and by normalised text, put in
 * the {@code leakage} slice, counted in the reconciliation and reported as DATA_LEAKAGE.
 */
@ExtendWith(SharedSpark.class)
class LeakageIT {
  /** 40 examples of domain d: e01..e40, label a for odd ids and b for even ones. */
  private static final int EXAMPLES = 40;

  @TempDir Path dir;
  private Path conf;

  @BeforeEach
  void writeJob() throws IOException {
    List<String> labels = new ArrayList<>(List.of("example_id,label,domain,text"));
    List<String> predictions = new ArrayList<>(List.of("example_id,model,prediction"));
    for (int i = 1; i <= EXAMPLES; i++) {
      String id = String.format("e%02d", i);
      String label = i % 2 == 1 ? "a" : "b";
      String other = label.equals("a") ? "b" : "a";
      labels.add(id + "," + label + ",d,Text number " + i);
      predictions.add(id + ",base," + (i % 4 < 2 ? label : other));
      predictions.add(id + ",ft-v1," + label);
    }
    Files.write(dir.resolve("labels.csv"), labels, StandardCharsets.UTF_8);
    Files.write(dir.resolve("predictions.csv"), predictions, StandardCharsets.UTF_8);
    conf = dir.resolve("job.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "run-id = leak",
            "input.predictions { path = \""
                + dir.resolve("predictions.csv")
                + "\", format = csv,"
                + " options { header = \"true\" } }",
            "input.labels { path = \""
                + dir.resolve("labels.csv")
                + "\", format = csv,"
                + " options { header = \"true\" }, columns { text = text } }",
            "models { baseline = base, candidates = [ft-v1] }",
            "output.path = \"" + dir.resolve("out") + "\"",
            ""),
        StandardCharsets.UTF_8);
  }

  @Test
  void trainingIdsMarkLeakedExamplesAndEveryTrainingRowIsAccounted(SparkSession spark)
      throws IOException {
    // e01..e05 were fine-tuning data, and one training example is not in the evaluation set.
    Files.write(
        dir.resolve("train.csv"),
        List.of("id", "e01", "e02", "e03", "e04", "e05", "x99"),
        StandardCharsets.UTF_8);

    JobRun run =
        JobRun.of(
            "--config",
            conf.toString(),
            "--set",
            "input.training.ft-v1 = { path = \""
                + dir.resolve("train.csv")
                + "\", format = csv, options { header = \"true\" }, columns { example-id = id } }",
            "--set",
            "findings.fail-on-gate = false");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(leakageCounts(spark)).containsEntry("leaked", 5L).containsEntry("clean", 35L);
    assertThat(reconciliation(spark))
        .containsEntry("training.ft-v1/in_eval", 5L)
        .containsEntry("training.ft-v1/not_in_eval", 1L);
    assertThat(leakageFinding(spark))
        .contains("ft-v1 on d: 5 of 40 evaluation examples (12.5 %) were also in ft-v1's");
  }

  @Test
  void trainingTextsMatchAfterTrimmingLowerCasingAndCollapsingWhiteSpace(SparkSession spark)
      throws IOException {
    // The texts of e01..e10, written differently, and two texts of no evaluation example.
    List<String> train = new ArrayList<>(List.of("prompt"));
    for (int i = 1; i <= 10; i++) {
      train.add("\"  TEXT   number " + i + " \"");
    }
    train.add("Text number 400");
    train.add("something else");
    Files.write(dir.resolve("train.csv"), train, StandardCharsets.UTF_8);

    JobRun run =
        JobRun.of(
            "--config",
            conf.toString(),
            "--set",
            "input.training.ft-v1 = { path = \""
                + dir.resolve("train.csv")
                + "\", format = csv, options { header = \"true\" }, columns { text = prompt } }");

    // Leaked examples fail the gate (max-rate 0).
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(leakageCounts(spark)).containsEntry("leaked", 10L).containsEntry("clean", 30L);
    assertThat(reconciliation(spark)).containsEntry("training.ft-v1/compared_by_text", 12L);
    assertThat(leakageFinding(spark))
        .contains("10 of 40 evaluation examples (25.0 %)", "above the 0.0 % allowed");
  }

  /** Labelled examples of ft-v1 on domain d per value of the leakage slice. */
  private Map<String, Long> leakageCounts(SparkSession spark) {
    Map<String, Long> out = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve("out/confusion").toString())
            .where("model = 'ft-v1' AND domain = 'd' AND slice = 'leakage'")
            .collectAsList()) {
      out.merge(r.getAs("slice_value"), r.<Long>getAs("count"), Long::sum);
    }
    return out;
  }

  private Map<String, Long> reconciliation(SparkSession spark) {
    Map<String, Long> out = new HashMap<>();
    for (Row r :
        spark.read().parquet(dir.resolve("out/reconciliation").toString()).collectAsList()) {
      out.put(r.getAs("table") + "/" + r.getAs("reason"), r.getAs("rows"));
    }
    return out;
  }

  private String leakageFinding(SparkSession spark) {
    List<Row> rows =
        spark
            .read()
            .parquet(dir.resolve("out/findings").toString())
            .where("code = 'DATA_LEAKAGE'")
            .collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).<String>getAs("severity")).isEqualTo("fail");
    return rows.get(0).getAs("message");
  }
}
