package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slices read from the predictions table take each model's own value: the pass counts one row per
 * example with every model's prediction and slice values side by side, and each model's confusion
 * and paired counts must still come out under its own value. Three models whose {@code prompt}
 * differs per example, a label-side slice, a high-cardinality prediction-side slice (counted in a
 * base set of its own), a missing and a blank prediction; every count is checked against the test's
 * own count of the CSV rows.
 */
@ExtendWith(SharedSpark.class)
class PredictionSliceIT {
  private static final int EXAMPLES = 60;
  private static final List<String> MODELS = List.of("base", "ft-a", "ft-b");

  @TempDir Path dir;

  /** One prediction: its model's key (null when missing) and slice value (null when missing). */
  private record Prediction(String key, String prompt) {}

  private static String label(int i) {
    return i % 3 == 0 ? "b" : "a";
  }

  private static String language(int i) {
    return i % 2 == 0 ? "de" : "en";
  }

  /** Model m's prediction of example i (null: no row). */
  private static Prediction prediction(int m, int i) {
    String label = label(i);
    String flip = label.equals("a") ? "b" : "a";
    return switch (m) {
      case 0 -> new Prediction(i % 4 == 0 ? flip : label, "p" + (i % 3));
      case 1 -> new Prediction(i % 5 == 0 ? flip : label, "p" + ((i + 1) % 3));
      default ->
          i == 60 ? null : new Prediction(i == 59 ? "" : i % 7 == 0 ? flip : label, "q" + (i % 2));
    };
  }

  @Test
  void eachModelIsCountedUnderItsOwnSliceValue(SparkSession spark) throws IOException {
    List<String> labels = new ArrayList<>(List.of("example_id,label,domain,language"));
    List<String> predictions = new ArrayList<>(List.of("example_id,model,prediction,prompt"));
    for (int i = 1; i <= EXAMPLES; i++) {
      String id = String.format("e%02d", i);
      labels.add(id + "," + label(i) + ",d," + language(i));
      for (int m = 0; m < MODELS.size(); m++) {
        Prediction p = prediction(m, i);
        if (p != null) {
          predictions.add(id + "," + MODELS.get(m) + "," + p.key() + "," + p.prompt());
        }
      }
    }
    Files.write(dir.resolve("labels.csv"), labels, StandardCharsets.UTF_8);
    Files.write(dir.resolve("predictions.csv"), predictions, StandardCharsets.UTF_8);
    Path conf = dir.resolve("job.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "run-id = pslice",
            "input.predictions { path = \""
                + dir.resolve("predictions.csv")
                + "\", format = csv, options { header = \"true\" } }",
            "input.labels { path = \""
                + dir.resolve("labels.csv")
                + "\", format = csv, options { header = \"true\" } }",
            "models { baseline = base, candidates = [ft-a, ft-b] }",
            "slices = [",
            "  { name = language, column = language },",
            "  { name = prompt, column = prompt, from = predictions },",
            "  { name = prompt_hc, expr = \"upper(prompt)\", from = predictions,"
                + " high-cardinality = true }",
            "]",
            "findings.fail-on-gate = false",
            "output.path = \"" + dir.resolve("out") + "\"",
            ""),
        StandardCharsets.UTF_8);

    JobRun run = JobRun.of("--config", conf.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    // The test's own counts: model|slice|value|actual|predicted -> examples.
    Map<String, Long> expected = new TreeMap<>();
    Map<String, Long> fixedBroken = new TreeMap<>();
    for (int i = 1; i <= EXAMPLES; i++) {
      String label = label(i);
      Prediction base = prediction(0, i);
      boolean baseRight = label.equals(base.key());
      for (int m = 0; m < MODELS.size(); m++) {
        Prediction p = prediction(m, i);
        String predicted = p == null || p.key().isEmpty() ? "(invalid)" : p.key();
        String prompt = p == null ? "(null)" : p.prompt();
        String model = MODELS.get(m);
        expected.merge(String.join("|", model, "*", "*", label, predicted), 1L, Long::sum);
        expected.merge(
            String.join("|", model, "language", language(i), label, predicted), 1L, Long::sum);
        expected.merge(String.join("|", model, "prompt", prompt, label, predicted), 1L, Long::sum);
        expected.merge(
            String.join(
                "|",
                model,
                "prompt_hc",
                p == null ? "(null)" : prompt.toUpperCase(),
                label,
                predicted),
            1L,
            Long::sum);
        // ft-a's prompt values are the baseline's (p0..p2), so each has a comparison row.
        if (m == 1) {
          boolean right = label.equals(predicted);
          if (right != baseRight) {
            fixedBroken.merge(
                String.join("|", model, "prompt", prompt, right ? "fixed" : "broken"),
                1L,
                Long::sum);
          }
        }
      }
    }

    Map<String, Long> confusion = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve("out/confusion").toString())
            .where("domain = 'd' AND count > 0")
            .collectAsList()) {
      confusion.put(
          String.join(
              "|",
              r.<String>getAs("model"),
              r.<String>getAs("slice"),
              r.<String>getAs("slice_value"),
              r.<String>getAs("actual"),
              r.<String>getAs("predicted")),
          r.<Long>getAs("count"));
    }
    assertThat(confusion).isEqualTo(expected);

    Map<String, Long> paired = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve("out/comparison").toString())
            .where(
                "domain = 'd' AND slice = 'prompt' AND metric = 'accuracy' AND candidate ="
                    + " 'ft-a'")
            .collectAsList()) {
      for (String outcome : List.of("fixed", "broken")) {
        Long n = r.getAs(outcome);
        if (n != null && n > 0) {
          paired.put(
              String.join(
                  "|",
                  r.<String>getAs("candidate"),
                  "prompt",
                  r.<String>getAs("slice_value"),
                  outcome),
              n);
        }
      }
    }
    assertThat(paired).isEqualTo(fixedBroken);

    // The models' rows share a reason in the table: 60 + 60 + 59 matched predictions.
    Map<String, Long> reconciliation = new TreeMap<>();
    for (Row r :
        spark.read().parquet(dir.resolve("out/reconciliation").toString()).collectAsList()) {
      reconciliation.put(r.getAs("table") + "/" + r.getAs("reason"), r.getAs("rows"));
    }
    assertThat(reconciliation)
        .containsEntry("labels/predicted_by_all_models", 59L)
        .containsEntry("labels/missing_prediction:ft-b", 1L)
        .containsEntry("predictions/matched", 179L);
  }
}
