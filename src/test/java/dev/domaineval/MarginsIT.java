package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.compare.PairedDifferenceInterval;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts at every scale, through the real entry point on generated data: three out-of-domain sets
 * where the candidate is a little worse on a very large set, one example worse on a small set, and
 * clearly worse on a mid-sized set, beside a multiclass in-domain domain. The margin is the default
 * 0.01; every count below is written by this test, so the expected values are computed here from
 * them.
 */
@ExtendWith(SharedSpark.class)
class MarginsIT {
  /**
   * Per domain, groups of examples: label, whether the baseline is right, whether the candidate is
   * right, how many. A wrong binary prediction is the other label; a wrong multiclass one the next
   * label.
   */
  private record Group(String label, boolean baseRight, boolean candRight, int count) {}

  // large: 300,000 examples (90,000 yes); the candidate breaks 900 and fixes 300, in proportion
  // in each class: accuracy and recall of yes fall 0.002, significantly, well within 0.01.
  private static final List<Group> LARGE =
      List.of(
          new Group("yes", true, true, 85_000),
          new Group("yes", true, false, 270),
          new Group("yes", false, true, 90),
          new Group("yes", false, false, 4_640),
          new Group("no", true, true, 199_000),
          new Group("no", true, false, 630),
          new Group("no", false, true, 210),
          new Group("no", false, false, 10_160));

  // small: 150 examples; the candidate gets one more "no" wrong: nothing significant, but the
  // data cannot rule out a drop of several points.
  private static final List<Group> SMALL =
      List.of(
          new Group("yes", true, true, 45),
          new Group("yes", false, false, 5),
          new Group("no", true, true, 91),
          new Group("no", true, false, 1),
          new Group("no", false, false, 8));

  // clear: 2,000 examples (600 yes); the candidate breaks 120 and fixes 20: accuracy -0.05.
  private static final List<Group> CLEAR =
      List.of(
          new Group("yes", true, true, 500),
          new Group("yes", true, false, 60),
          new Group("yes", false, true, 10),
          new Group("yes", false, false, 30),
          new Group("no", true, true, 1_300),
          new Group("no", true, false, 60),
          new Group("no", false, true, 10),
          new Group("no", false, false, 30));

  // topics: multiclass, in-domain, 900 examples; the candidate fixes 60 and breaks 15.
  private static final List<Group> TOPICS =
      List.of(
          new Group("a", true, true, 250),
          new Group("a", false, true, 30),
          new Group("a", true, false, 5),
          new Group("a", false, false, 15),
          new Group("b", true, true, 260),
          new Group("b", false, true, 20),
          new Group("b", true, false, 5),
          new Group("b", false, false, 15),
          new Group("c", true, true, 270),
          new Group("c", false, true, 10),
          new Group("c", true, false, 5),
          new Group("c", false, false, 15));

  private static final List<String> TOPIC_LABELS = List.of("a", "b", "c");

  @TempDir static Path dir;
  private static JobRun run;

  @BeforeAll
  static void runTheJob() throws IOException {
    Path labels = dir.resolve("labels.csv");
    Path predictions = dir.resolve("predictions.csv");
    try (BufferedWriter l = Files.newBufferedWriter(labels, StandardCharsets.UTF_8);
        BufferedWriter p = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
      l.write("example_id,label,domain\n");
      p.write("example_id,model,prediction\n");
      Map<String, List<Group>> domains =
          Map.of("large", LARGE, "small", SMALL, "clear", CLEAR, "topics", TOPICS);
      for (Map.Entry<String, List<Group>> d : domains.entrySet()) {
        int id = 0;
        for (Group g : d.getValue()) {
          for (int i = 0; i < g.count(); i++) {
            String example = d.getKey() + "-" + id++;
            l.write(example + "," + g.label() + "," + d.getKey() + "\n");
            p.write(example + ",base," + predicted(g.label(), g.baseRight()) + "\n");
            p.write(example + ",ft-v1," + predicted(g.label(), g.candRight()) + "\n");
          }
        }
      }
    }
    Path conf = dir.resolve("job.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "run-id = margins",
            "input.predictions { path = \""
                + predictions
                + "\", format = csv,"
                + " options { header = \"true\" } }",
            "input.labels { path = \""
                + labels
                + "\", format = csv,"
                + " options { header = \"true\" } }",
            "models { baseline = base, candidates = [ft-v1] }",
            "output.path = \"" + dir.resolve("out") + "\"",
            "policy.targets { precision = 0, recall = 0 }",
            "domains {",
            "  large { positive-class = yes, labels = [yes, no], role = out-of-domain }",
            "  small { positive-class = yes, labels = [yes, no], role = out-of-domain }",
            "  clear { positive-class = yes, labels = [yes, no], role = out-of-domain }",
            "}",
            ""),
        StandardCharsets.UTF_8);
    run = JobRun.of("--config", conf.toString());
  }

  private static String predicted(String label, boolean right) {
    if (right) {
      return label;
    }
    if (label.equals("yes") || label.equals("no")) {
      return label.equals("yes") ? "no" : "yes";
    }
    return TOPIC_LABELS.get((TOPIC_LABELS.indexOf(label) + 1) % TOPIC_LABELS.size());
  }

  @Test
  void eachScaleGetsTheVerdictItsDataSupport(SparkSession spark) {
    // clear fails the gate: exit code 3.
    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    Map<String, String> verdicts = new HashMap<>();
    for (Row r : table(spark, "verdicts").collectAsList()) {
      verdicts.put(r.getAs("domain"), r.getAs("verdict"));
    }
    assertThat(verdicts)
        .containsEntry("large", "PASS")
        .containsEntry("small", "INCONCLUSIVE")
        .containsEntry("clear", "FAIL");
  }

  @Test
  void aSignificantDropWellWithinTheMarginOnAVeryLargeSetIsNotForgetting(SparkSession spark) {
    Row accuracy = comparison(spark, "large", null, "accuracy");
    assertThat(accuracy.<Long>getAs("fixed")).isEqualTo(300L);
    assertThat(accuracy.<Long>getAs("broken")).isEqualTo(900L);
    assertThat(accuracy.<Double>getAs("delta")).isCloseTo(-600.0 / 300_000, within());
    assertThat(accuracy.<Boolean>getAs("significant")).isTrue();
    assertThat(accuracy.<Double>getAs("delta_ci_high")).isNegative();
    assertThat(accuracy.<Double>getAs("delta_ci_low")).isGreaterThan(-0.01);
    assertThat(accuracy.<String>getAs("decision")).isEqualTo("worse_within_margin");

    List<Row> findings = findings(spark, "large");
    assertThat(findings)
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.<String>getAs("severity")).isEqualTo("info"));
    assertThat(findings)
        .extracting(f -> f.<String>getAs("message"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("ft-v1 on large: accuracy fell 0.002 (")
                    .contains("exact McNemar test", "300 fixed, 900 broken of 300000 examples")
                    .endsWith("within the margin: not forgetting."));
  }

  @Test
  void aSetTooSmallToRuleOutADropBeyondTheMarginIsInconclusiveWithASampleSize(SparkSession spark) {
    Row accuracy = comparison(spark, "small", null, "accuracy");
    assertThat(accuracy.<Long>getAs("broken")).isEqualTo(1L);
    assertThat(accuracy.<Boolean>getAs("significant")).isFalse();
    assertThat(accuracy.<String>getAs("decision")).isEqualTo("inconclusive");
    long needed = accuracy.<Long>getAs("examples_to_decide");

    // The estimate: at half as many examples in the same proportions the interval still reaches
    // below -0.01, at twice as many it no longer does.
    assertThat(lowerBoundAt(needed / 2.0 / 150)).isLessThan(-0.01);
    assertThat(lowerBoundAt(needed * 2.0 / 150)).isGreaterThan(-0.01);

    assertThat(findings(spark, "small"))
        .extracting(f -> f.<String>getAs("code") + ": " + f.getAs("message"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("FORGETTING_INCONCLUSIVE: ft-v1 on small: accuracy fell 0.007")
                    .contains("about " + needed + " examples (now 150) would settle it"));
    Row verdict =
        table(spark, "verdicts").where("domain = 'small'").collectAsList().stream()
            .findFirst()
            .orElseThrow();
    assertThat(verdict.<scala.collection.Seq<String>>getAs("reasons").mkString("|"))
        .contains("INCONCLUSIVE: accuracy fell 0.007");
  }

  /** The lower bound of the small set's accuracy delta with every count scaled by {@code k}. */
  private static double lowerBoundAt(double k) {
    // both right 136, fixed 0, broken 1, both wrong 13
    return PairedDifferenceInterval.of(
            Math.round(136 * k), 0, Math.round(1 * k), Math.round(13 * k))
        .low();
  }

  @Test
  void aClearDropBeyondTheMarginFails(SparkSession spark) {
    Row accuracy = comparison(spark, "clear", null, "accuracy");
    assertThat(accuracy.<Long>getAs("fixed")).isEqualTo(20L);
    assertThat(accuracy.<Long>getAs("broken")).isEqualTo(120L);
    assertThat(accuracy.<Double>getAs("delta")).isCloseTo(-100.0 / 2_000, within());
    assertThat(accuracy.<String>getAs("decision")).isEqualTo("worse");

    assertThat(findings(spark, "clear"))
        .filteredOn(f -> f.<String>getAs("severity").equals("fail"))
        .extracting(f -> f.<String>getAs("message"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("ft-v1 on clear: accuracy fell 0.050 (0.960 -> 0.910; 95 % CI")
                    .contains("20 fixed, 120 broken of 2000 examples; margin 0.010")
                    .endsWith(
                        "the candidate forgot some of what the base model knew outside"
                            + " its domain."));
  }

  @Test
  void everyPriorityRowAtDomainLevelHasAPValueAndAnIntervalWithoutTheBootstrap(SparkSession spark) {
    // Priority recall: the positive class's recall in the binary domains, macro recall in topics.
    for (String domain : List.of("large", "small", "clear")) {
      Row recall = comparison(spark, domain, "yes", "recall");
      assertThat(recall.<Double>getAs("p_value")).as(domain).isNotNull();
      assertThat(recall.<Double>getAs("delta_ci_low")).as(domain).isNotNull();
      assertThat(recall.<String>getAs("test")).isEqualTo("mcnemar_exact");
    }
    Row macro = comparison(spark, "topics", null, "macro_recall");
    assertThat(macro.<String>getAs("test")).isEqualTo("delta_method_z");
    assertThat(macro.<Double>getAs("p_value")).isNotNull();
    assertThat(macro.<Double>getAs("delta_ci_low")).isNotNull();
    // Recall of each class rises by (fixed - broken) / 300: 25, 15, 5 examples.
    assertThat(macro.<Double>getAs("delta")).isCloseTo((25 + 15 + 5) / 300.0 / 3, within());
    assertThat(macro.<Double>getAs("delta_ci_low")).isLessThan(macro.<Double>getAs("delta"));
    Row precision = comparison(spark, "clear", "yes", "precision");
    assertThat(precision.<String>getAs("test")).isEqualTo("delta_method_z");
    assertThat(precision.<Double>getAs("p_value")).isNotNull();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  private org.apache.spark.sql.Dataset<Row> table(SparkSession spark, String name) {
    return spark.read().parquet(dir.resolve("out").resolve(name).toString());
  }

  private Row comparison(SparkSession spark, String domain, String cls, String metric) {
    String classFilter = cls == null ? "class IS NULL" : "class = '" + cls + "'";
    List<Row> rows =
        table(spark, "comparison")
            .where(
                "domain = '"
                    + domain
                    + "' AND slice = '*' AND metric = '"
                    + metric
                    + "' AND "
                    + classFilter)
            .collectAsList();
    assertThat(rows).as("%s %s %s", domain, cls, metric).hasSize(1);
    return rows.get(0);
  }

  private List<Row> findings(SparkSession spark, String domain) {
    return table(spark, "findings").where("domain = '" + domain + "'").collectAsList();
  }
}
