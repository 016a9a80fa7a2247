package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Score metrics of a run against MLlib's {@code BinaryClassificationMetrics} and {@code
 * BinaryClassificationEvaluator} and against values computed here from the raw rows, in the default
 * configuration and at every level (domain, pooled domain, slice values): roc_auc and pr_auc to
 * 1e-9 for scores with 4 decimals (and within the documented bound for scores with more), average
 * precision, log loss and Brier score independently; bad scores counted, a model without scores
 * reported, and the operating point where the hard predictions miss the recall target.
 */
@ExtendWith(SharedSpark.class)
class ScoreIT {
  private static final int EXAMPLES = 1500;
  private static final String[] LANGS = {"en", "de", "fr"};

  /** One labelled example of a binary domain with each model's score (null: none or bad). */
  record Example(String id, String domain, String lang, boolean positive, Map<String, Double> s) {}

  @TempDir static Path dir;
  private static final List<Example> examples = new ArrayList<>();
  private static final Map<String, Long> badScores = new TreeMap<>();
  private static Path out;
  private static JobRun run;

  @BeforeAll
  static void runTheJob() throws IOException {
    Random random = new Random(20261127);
    List<String> labels = new ArrayList<>(List.of("example_id,label,domain,lang"));
    List<String> predictions = new ArrayList<>(List.of("example_id,model,prediction,score"));
    for (int i = 0; i < EXAMPLES; i++) {
      String id = "x" + i;
      String lang = LANGS[i % 3];
      int kind = i % 5;
      if (kind == 4) {
        // A multiclass domain: its scores are not read.
        String label = List.of("contract", "ip", "tax").get(random.nextInt(3));
        labels.add(id + "," + label + ",legal," + lang);
        for (String m : List.of("base", "ft-v1", "ft-raw", "ft-noscore")) {
          predictions.add(id + "," + m + "," + label + ",0.5");
        }
        continue;
      }
      String domain = kind < 2 ? "medical" : "spam";
      boolean positive = random.nextDouble() < (domain.equals("medical") ? 0.3 : 0.4);
      String pos = domain.equals("medical") ? "urgent" : "spam";
      String neg = domain.equals("medical") ? "routine" : "ham";
      labels.add(id + "," + (positive ? pos : neg) + "," + domain + "," + lang);
      Map<String, Double> scores = new HashMap<>();
      for (String m : List.of("base", "ft-v1", "ft-raw")) {
        double u = random.nextDouble();
        double strength = m.equals("base") ? 0.35 : 0.7;
        double raw = positive ? 1 - strength * u : (1 - strength) + strength * u * 0.9 - 0.25;
        raw = Math.min(1, Math.max(0, raw * 0.8 + 0.2 * random.nextDouble()));
        double score = m.equals("ft-raw") ? raw : Math.round(raw * 10_000) / 10_000.0;
        String text = m.equals("ft-raw") ? Double.toString(score) : fourDecimals(score);
        // Bad scores on the baseline: every 37th example gets one of five kinds.
        if (m.equals("base") && i % 37 == 0) {
          String[] bad = {"", "NaN", "1.5", "-0.1", "abc"};
          String[] reason = {
            "null_score",
            "nan_score",
            "out_of_range_score",
            "out_of_range_score",
            "unparseable_score"
          };
          int b = (i / 37) % 5;
          text = bad[b];
          badScores.merge(reason[b], 1L, Long::sum);
          score = Double.NaN;
        }
        if (!Double.isNaN(score)) {
          scores.put(m, score);
        }
        // Hard predictions at a high cut-off for medical: recall misses its 0.9 target.
        double cut = domain.equals("medical") ? 0.8 : 0.5;
        String predicted = !Double.isNaN(score) && score >= cut ? pos : neg;
        predictions.add(id + "," + m + "," + predicted + "," + text);
      }
      predictions.add(id + ",ft-noscore," + (positive ? pos : neg) + ",");
      examples.add(new Example(id, domain, lang, positive, scores));
    }
    Files.write(dir.resolve("labels.csv"), labels, StandardCharsets.UTF_8);
    Files.write(dir.resolve("predictions.csv"), predictions, StandardCharsets.UTF_8);
    out = dir.resolve("out");
    Path conf = dir.resolve("job.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "run-id = scores",
            "input.predictions { path = \""
                + dir.resolve("predictions.csv")
                + "\", format = csv, options { header = \"true\" },"
                + " columns { score = score } }",
            "input.labels { path = \""
                + dir.resolve("labels.csv")
                + "\", format = csv, options { header = \"true\" } }",
            "models { baseline = base, candidates = [ft-v1, ft-raw, ft-noscore] }",
            "slices = [ { name = lang, column = lang } ]",
            "domains {",
            "  medical { positive-class = urgent, labels = [urgent, routine], priority = recall,"
                + " targets { recall = 0.9 } }",
            "  spam { positive-class = spam, labels = [spam, ham], priority = precision,"
                + " targets { precision = 0.9 } }",
            "}",
            "findings.fail-on-gate = false",
            "output.path = \"" + out + "\""));
    run = JobRun.of("--config", conf.toString());
  }

  private static String fourDecimals(double score) {
    return String.format(Locale.ROOT, "%.4f", score);
  }

  @Test
  void rocAndPrAucEqualMllibOnTheRawRowsForScoresWithFourDecimals(SparkSession spark) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<List<String>, Double> metrics = metrics(spark);
    int checked = 0;
    for (String model : List.of("base", "ft-v1")) {
      for (String domain : List.of("medical", "spam", "*")) {
        for (String lang : new String[] {null, "en", "de", "fr"}) {
          Predicate<Example> in =
              e -> (domain.equals("*") || e.domain().equals(domain)) && matches(e, lang);
          BinaryClassificationMetrics mllib = mllib(spark, model, in);
          String slice = lang == null ? "*" : "lang";
          String value = lang == null ? "*" : lang;
          assertThat(metrics.get(List.of(model, domain, slice, value, "roc_auc")))
              .as("roc_auc of %s %s %s", model, domain, value)
              .isCloseTo(mllib.areaUnderROC(), within(1e-9));
          assertThat(metrics.get(List.of(model, domain, slice, value, "pr_auc")))
              .as("pr_auc of %s %s %s", model, domain, value)
              .isCloseTo(mllib.areaUnderPR(), within(1e-9));
          mllib.unpersist();
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(24);

    // The DataFrame evaluator gives the same numbers as the RDD metrics.
    Dataset<Row> medical = frame(spark, "ft-v1", e -> e.domain().equals("medical"));
    BinaryClassificationEvaluator evaluator =
        new BinaryClassificationEvaluator().setRawPredictionCol("score").setLabelCol("label");
    assertThat(metrics.get(List.of("ft-v1", "medical", "*", "*", "roc_auc")))
        .isCloseTo(evaluator.setMetricName("areaUnderROC").evaluate(medical), within(1e-9));
    assertThat(metrics.get(List.of("ft-v1", "medical", "*", "*", "pr_auc")))
        .isCloseTo(evaluator.setMetricName("areaUnderPR").evaluate(medical), within(1e-9));
  }

  @Test
  void scoresWithMoreDecimalsStayWithinTheDocumentedBound(SparkSession spark) {
    Map<List<String>, Double> metrics = metrics(spark);
    for (String domain : List.of("medical", "spam")) {
      Predicate<Example> in = e -> e.domain().equals(domain);
      BinaryClassificationMetrics mllib = mllib(spark, "ft-raw", in);
      // Half the share of positive-negative pairs whose scores share a bucket of width 1e-4.
      Map<Long, long[]> buckets = new HashMap<>();
      long p = 0;
      long n = 0;
      for (Example e : examples) {
        Double s = e.s().get("ft-raw");
        if (in.test(e) && s != null) {
          long b = Math.min((long) Math.floor(s * 10_000 + 1e-7), 9_999);
          buckets.computeIfAbsent(b, k -> new long[2])[e.positive() ? 0 : 1]++;
          p += e.positive() ? 1 : 0;
          n += e.positive() ? 0 : 1;
        }
      }
      double tiedPairs = buckets.values().stream().mapToDouble(c -> (double) c[0] * c[1]).sum();
      double bound = 0.5 * tiedPairs / ((double) p * n) + 1e-12;
      assertThat(metrics.get(List.of("ft-raw", domain, "*", "*", "roc_auc")))
          .isCloseTo(mllib.areaUnderROC(), within(bound));
      mllib.unpersist();
    }
  }

  @Test
  void averagePrecisionLogLossAndBrierEqualValuesComputedFromTheRawRows(SparkSession spark) {
    Map<List<String>, Double> metrics = metrics(spark);
    int checked = 0;
    for (String model : List.of("base", "ft-v1", "ft-raw")) {
      for (String domain : List.of("medical", "spam", "*")) {
        for (String lang : new String[] {null, "en", "de", "fr"}) {
          List<double[]> rows = new ArrayList<>();
          for (Example e : examples) {
            Double s = e.s().get(model);
            if ((domain.equals("*") || e.domain().equals(domain))
                && matches(e, lang)
                && s != null) {
              rows.add(new double[] {s, e.positive() ? 1 : 0});
            }
          }
          double logLoss = 0;
          double brier = 0;
          for (double[] r : rows) {
            double p = Math.min(Math.max(r[0], 1e-15), 1 - 1e-15);
            logLoss -= r[1] == 1 ? Math.log(p) : Math.log(1 - p);
            brier += (r[0] - r[1]) * (r[0] - r[1]);
          }
          String slice = lang == null ? "*" : "lang";
          String value = lang == null ? "*" : lang;
          String what = model + " " + domain + " " + value;
          assertThat(metrics.get(List.of(model, domain, slice, value, "log_loss")))
              .as("log_loss of %s", what)
              .isCloseTo(logLoss / rows.size(), within(1e-12));
          assertThat(metrics.get(List.of(model, domain, slice, value, "brier")))
              .as("brier of %s", what)
              .isCloseTo(brier / rows.size(), within(1e-12));
          if (!model.equals("ft-raw")) {
            assertThat(metrics.get(List.of(model, domain, slice, value, "average_precision")))
                .as("average_precision of %s", what)
                .isCloseTo(averagePrecision(rows), within(1e-12));
          }
          checked++;
        }
      }
    }
    // Every model x domain (and the pooled one) x overall and each language value.
    assertThat(checked).isEqualTo(36);
  }

  /**
   * scikit-learn's average_precision_score: Σ (R_k − R_{k−1}) P_k over the distinct thresholds,
   * highest first.
   */
  private static double averagePrecision(List<double[]> rows) {
    TreeMap<Double, long[]> byScore = new TreeMap<>();
    long positives = 0;
    for (double[] r : rows) {
      byScore.computeIfAbsent(r[0], k -> new long[2])[r[1] == 1 ? 0 : 1]++;
      positives += r[1] == 1 ? 1 : 0;
    }
    double ap = 0;
    double previousRecall = 0;
    long tp = 0;
    long fp = 0;
    for (long[] c : byScore.descendingMap().values()) {
      tp += c[0];
      fp += c[1];
      double recall = (double) tp / positives;
      ap += (recall - previousRecall) * tp / (tp + fp);
      previousRecall = recall;
    }
    return ap;
  }

  @Test
  void badScoresAreCountedPerReasonAndLeftOutOfTheScoreMetricsOnly(SparkSession spark) {
    Map<String, Long> recon = new TreeMap<>();
    for (Row r : read(spark, "reconciliation").where("`table` = 'scores'").collectAsList()) {
      recon.put(r.getString(r.fieldIndex("reason")), r.getLong(r.fieldIndex("rows")));
    }
    long binary = examples.size();
    long badTotal = badScores.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> expected = new TreeMap<>();
    badScores.forEach((reason, n) -> expected.put(reason + ":base", n));
    expected.put("valid:base", binary - badTotal);
    expected.put("valid:ft-v1", binary);
    expected.put("valid:ft-raw", binary);
    expected.put("null_score:ft-noscore", binary);
    assertThat(recon).isEqualTo(expected);

    // The hard predictions of those rows still count: base has a confusion row per example.
    assertThat(metrics(spark).get(List.of("base", "*", "*", "*", "count")))
        .isEqualTo((double) EXAMPLES);

    List<Row> findings =
        read(spark, "findings").where("code = 'INVALID_SCORES'").orderBy("model").collectAsList();
    assertThat(findings).hasSize(2);
    assertThat(findings.get(0).<String>getAs("model")).isEqualTo("base");
    assertThat(findings.get(0).<String>getAs("message"))
        .contains(String.format(Locale.ROOT, "%.2f %%", 100.0 * badTotal / binary));
    assertThat(findings.get(1).<String>getAs("model")).isEqualTo("ft-noscore");
    assertThat(findings.get(1).<String>getAs("severity")).isEqualTo("warn");
    assertThat(findings.get(1).<String>getAs("message")).contains("has no valid score");
    assertThat(metrics(spark).keySet())
        .noneMatch(k -> k.get(0).equals("ft-noscore") && k.get(4).equals("roc_auc"))
        .noneMatch(k -> k.get(1).equals("legal") && k.get(4).equals("roc_auc"));
  }

  @Test
  void anOperatingPointMeetsTheRecallTargetThatTheHardPredictionsMiss(SparkSession spark) {
    Row op =
        read(spark, "operating_points")
            .where("model = 'ft-v1' AND domain = 'medical' AND slice = '*'")
            .first();
    assertThat(op.<String>getAs("constraint")).isEqualTo("recall_at_least");
    assertThat(op.<Boolean>getAs("reached")).isTrue();
    double threshold = op.getAs("threshold");
    // The counts at that threshold, from the raw rows.
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    long hardTp = 0;
    long hardFn = 0;
    for (Example e : examples) {
      Double s = e.s().get("ft-v1");
      if (!e.domain().equals("medical") || s == null) {
        continue;
      }
      boolean predicted = s >= threshold;
      tp += e.positive() && predicted ? 1 : 0;
      fp += !e.positive() && predicted ? 1 : 0;
      fn += e.positive() && !predicted ? 1 : 0;
      tn += !e.positive() && !predicted ? 1 : 0;
      hardTp += e.positive() && s >= 0.8 ? 1 : 0;
      hardFn += e.positive() && s < 0.8 ? 1 : 0;
    }
    assertThat(List.of(op.getAs("tp"), op.getAs("fp"), op.getAs("fn"), op.getAs("tn")))
        .containsExactly(tp, fp, fn, tn);
    double recall = (double) tp / (tp + fn);
    assertThat(recall).isGreaterThanOrEqualTo(0.9);
    assertThat(op.<Double>getAs("recall")).isCloseTo(recall, within(1e-12));
    assertThat(op.<Double>getAs("hard_recall"))
        .isCloseTo((double) hardTp / (hardTp + hardFn), within(1e-12))
        .isLessThan(0.9);
    // The best precision among the thresholds that reach the target: no other cut-off does better.
    double best = bestPrecisionAtRecall(examples, "ft-v1", 0.9);
    assertThat(op.<Double>getAs("precision")).isCloseTo(best, within(1e-12));

    List<Row> findings =
        read(spark, "findings")
            .where("code = 'THRESHOLD_OPPORTUNITY' AND model = 'ft-v1' AND domain = 'medical'")
            .collectAsList();
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).<String>getAs("severity")).isEqualTo("info");
    assertThat(findings.get(0).<String>getAs("message"))
        .contains(String.format(Locale.ROOT, "score >= %.4f", threshold));
  }

  @Test
  void curvesAreDownSampledAndNamed(SparkSession spark) {
    Dataset<Row> curves = read(spark, "curves");
    List<Row> kinds =
        curves
            .where("model = 'ft-v1' AND domain = 'medical' AND slice = '*'")
            .groupBy("curve")
            .count()
            .orderBy("curve")
            .collectAsList();
    assertThat(kinds).extracting(r -> r.getString(0)).containsExactly("calibration", "pr", "roc");
    assertThat(kinds).allSatisfy(r -> assertThat(r.getLong(1)).isBetween(2L, 200L));
    Row last =
        curves
            .where("model = 'ft-v1' AND domain = 'medical' AND slice = '*' AND curve = 'roc'")
            .orderBy(org.apache.spark.sql.functions.col("point").desc())
            .first();
    assertThat(List.of(last.<Double>getAs("x"), last.<Double>getAs("y"))).containsExactly(1.0, 1.0);
  }

  private static double bestPrecisionAtRecall(List<Example> all, String model, double target) {
    TreeMap<Double, long[]> byScore = new TreeMap<>();
    long positives = 0;
    for (Example e : all) {
      Double s = e.s().get(model);
      if (e.domain().equals("medical") && s != null) {
        byScore.computeIfAbsent(s, k -> new long[2])[e.positive() ? 0 : 1]++;
        positives += e.positive() ? 1 : 0;
      }
    }
    double best = -1;
    long tp = 0;
    long fp = 0;
    for (long[] c : byScore.descendingMap().values()) {
      tp += c[0];
      fp += c[1];
      if ((double) tp / positives >= target) {
        best = Math.max(best, (double) tp / (tp + fp));
      }
    }
    return best;
  }

  private static boolean matches(Example e, String lang) {
    return lang == null || e.lang().equals(lang);
  }

  private static Dataset<Row> frame(SparkSession spark, String model, Predicate<Example> in) {
    List<Row> rows = new ArrayList<>();
    for (Example e : examples) {
      Double s = e.s().get(model);
      if (in.test(e) && s != null) {
        rows.add(RowFactory.create(s, e.positive() ? 1.0 : 0.0));
      }
    }
    return spark.createDataFrame(
        rows,
        new StructType()
            .add("score", DataTypes.DoubleType, false)
            .add("label", DataTypes.DoubleType, false));
  }

  private static BinaryClassificationMetrics mllib(
      SparkSession spark, String model, Predicate<Example> in) {
    return new BinaryClassificationMetrics(
        frame(spark, model, in)
            .javaRDD()
            .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1)))
            .rdd());
  }

  private static Dataset<Row> read(SparkSession spark, String table) {
    return spark.read().parquet(out.resolve(table).resolve("run_id=scores").toString());
  }

  /** Aggregate metric values by (model, domain, slice, slice_value, metric). */
  private static Map<List<String>, Double> metrics(SparkSession spark) {
    Map<List<String>, Double> out = new HashMap<>();
    for (Row r : read(spark, "metrics").where("class IS NULL").collectAsList()) {
      out.put(
          List.of(
              r.getString(r.fieldIndex("model")),
              r.getString(r.fieldIndex("domain")),
              r.getString(r.fieldIndex("slice")),
              r.getString(r.fieldIndex("slice_value")),
              r.getString(r.fieldIndex("metric"))),
          r.getDouble(r.fieldIndex("value")));
    }
    return out;
  }
}
