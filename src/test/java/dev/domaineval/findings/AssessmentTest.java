package dev.domaineval.findings;

import static dev.domaineval.findings.Run.BASE;
import static dev.domaineval.findings.Run.DEFAULT;
import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static dev.domaineval.metrics.ConfusionMatrix.INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Comparisons;
import dev.domaineval.compare.TargetDecision;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.SliceKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gates and pitfall rules on small hand-drawn runs. Each run is a list of examples with their
 * label and both models' predictions; it yields the confusion matrices (drawn in the comments), the
 * metrics ({@link GroupMetrics}), the paired counts and the comparison rows ({@link Comparisons}),
 * as the job computes them. Every example also counts in its domain's overall slice and in the
 * pooled domain {@code *}, as the job's grouping sets do.
 */
class AssessmentTest {
  private static final SliceKey OVERALL = SliceKey.OVERALL;

  @Test
  void whenThePositiveClassIsTheMajorityTheRareNegativeClassIsWatched() {
    // spam-heavy inbox (positive spam is the majority), 200 examples, both models alike:
    //   actual \ predicted   spam   ham
    //   spam                  186     0
    //   ham                    10     4
    // accuracy 190 / 200 = 0.95 >= 0.9; recall of ham 4 / 14 = 0.286 < 0.5.
    Assessment.Result result =
        new Run()
            .binary("spam", "spam")
            .policy("spam", NO_TARGETS)
            .examples("spam", "spam", "spam", "spam", 186)
            .examples("spam", "ham", "spam", "spam", 10)
            .examples("spam", "ham", "ham", "ham", 4)
            .assess();

    assertThat(result.findings())
        .filteredOn(f -> f.code() == FindingCode.ACCURACY_PARADOX && f.model().equals(TUNED))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains("accuracy 0.950", "recall of 'ham' (14 of 200 examples) is 0.286"));
  }

  @Test
  void aVerdictListsTenWarningsAndPointsToTheFindingsTableForTheRest() {
    // legal with priority precision, 1240 examples. In each of 11 batches of 40 examples of class
    // a, base gets all right and tuned gives no valid answer for 10: tuned never calls an example
    // a or b wrongly, so no precision drops and nothing fails, but accuracy, recall, the averages
    // and the invalid rate get worse, each a warning. A batch of 800 examples that both get right
    // keeps the domain's drop small: accuracy falls 0.089 (110 of 1240) on the domain, outside
    // each batch's interval ([-0.402, -0.111] for 10 broken of 40), so every batch reports its own
    // drops too: far more than 10 warnings.
    Run run =
        new Run().policy("legal", new Policy("precision", Map.of(), 30, Policy.Role.IN_DOMAIN));
    for (int v = 0; v < 11; v++) {
      SliceKey batch = new SliceKey("batch", "b" + v);
      run.examples("legal", batch, "a", "a", "a", 30)
          .examples("legal", batch, "a", "a", INVALID, 10);
    }
    SliceKey rest = new SliceKey("batch", "rest");
    run.examples("legal", rest, "a", "a", "a", 400).examples("legal", rest, "b", "b", "b", 400);

    Assessment.Result result = run.assess();

    assertThat(result.findings()).noneMatch(f -> f.severity() == Severity.FAIL);
    long warnings =
        result.findings().stream()
            .filter(f -> f.severity() == Severity.WARN && TUNED.equals(f.model()))
            .filter(f -> f.domain().equals("legal") && f.gates())
            .count();
    assertThat(warnings).isGreaterThan(Verdicts.MAX_WARNINGS_IN_VERDICT);
    assertThat(result.findings())
        .filteredOn(f -> f.code() == FindingCode.REGRESSION && !f.slice().isOverall())
        .extracting(Finding::slice)
        .contains(new SliceKey("batch", "b0"), new SliceKey("batch", "b10"));
    Verdict legal =
        result.verdicts().stream().filter(v -> v.domain().equals("legal")).findFirst().get();
    assertThat(legal.outcome()).isEqualTo(Verdict.Outcome.WARN);
    assertThat(legal.reasons()).hasSize(Verdicts.MAX_WARNINGS_IN_VERDICT + 1);
    assertThat(legal.reasons().get(Verdicts.MAX_WARNINGS_IN_VERDICT))
        .isEqualTo(
            "... and "
                + (warnings - Verdicts.MAX_WARNINGS_IN_VERDICT)
                + " more warnings about tuned on legal in the findings table.");
  }

  // ---- DATA_LEAKAGE ----

  // legal, NO_TARGETS (priority recall: macro recall), 100 examples, 50 a + 50 b:
  //   leaked (20: 10 a + 10 b): tuned right on all 20
  //   clean  (80: 40 a + 40 b): tuned right on 60 (30 + 30)
  // macro recall of tuned: all (10 + 30) / 50 = 0.8 per class -> 0.800; clean 30 / 40 -> 0.750.
  private static Run leaked() {
    SliceKey leaked = new SliceKey("leakage", "leaked");
    SliceKey clean = new SliceKey("leakage", "clean");
    Run run = new Run().policy("legal", NO_TARGETS).leakageSlice();
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", leaked, c, c, c, 10)
          .examples("legal", clean, c, c, c, 30)
          .examples("legal", clean, c, other, other, 10);
    }
    return run;
  }

  @Test
  void evaluationExamplesThatWereFineTuningDataFailWithTheInflationInTheMessage() {
    assertThat(leaked().assess().findings())
        .filteredOn(f -> f.code() == FindingCode.DATA_LEAKAGE)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.FAIL);
              assertThat(f.model()).isEqualTo(TUNED);
              assertThat(f.domain()).isEqualTo("legal");
              assertThat(f.slice()).isEqualTo(new SliceKey("leakage", "*"));
              assertThat(f.message())
                  .contains(
                      "20 of 100 evaluation examples (20.0 %) were also in tuned's fine-tuning data,"
                          + " above the 0.0 % allowed",
                      "macro recall is 0.800 on all examples but 0.750 on the 80 clean ones");
            });
    assertThat(leaked().assess().verdicts())
        .filteredOn(v -> v.domain().equals("legal"))
        .singleElement()
        .extracting(Verdict::outcome)
        .isEqualTo(Verdict.Outcome.FAIL);
  }

  @Test
  void noLeakedExampleMeansNoLeakageFinding() {
    Run run = new Run().policy("legal", NO_TARGETS).leakageSlice();
    run.examples("legal", new SliceKey("leakage", "clean"), "a", "a", "a", 40);

    assertThat(run.assess().findings()).noneMatch(f -> f.code() == FindingCode.DATA_LEAKAGE);
  }

  // ---- OVERFITTING ----

  // legal-like multiclass domain, policy NO_TARGETS (priority recall: macro recall), by split:
  //   split train (40 examples, 20 a + 20 b): tuned right on all 40; base right on 28 (14 + 14)
  //   split test  (80 examples, 40 a + 40 b): tuned right on 56 (28 + 28); base right on 56
  // tuned: macro recall train 1.0, held out 0.7: gap 0.3 > 0.05.
  // base: 28/40 = 0.7 on train, 0.7 held out: no gap.
  private static Run memorized() {
    SliceKey train = new SliceKey("split", "train");
    SliceKey test = new SliceKey("split", "test");
    Run run = new Run().policy("legal", NO_TARGETS);
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", train, c, c, c, 14)
          .examples("legal", train, c, other, c, 6)
          .examples("legal", test, c, c, c, 28)
          .examples("legal", test, c, other, other, 12);
    }
    return run;
  }

  @Test
  void candidateMuchBetterOnItsTrainingSplitThanOnHeldOutExamplesIsOverfitting() {
    Assessment.Result result = memorized().assess();

    assertThat(result.findings())
        .filteredOn(f -> f.code() == FindingCode.OVERFITTING)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.model()).isEqualTo(TUNED);
              assertThat(f.domain()).isEqualTo("legal");
              assertThat(f.message())
                  .contains(
                      "macro recall is 1.000 on the 40 examples of split 'train', which it was"
                          + " trained on,",
                      "but 0.700 on the 80 held-out examples (gap 0.300 > 0.05)",
                      "while base shows a gap of 0.000");
            });
  }

  @Test
  void leakedExamplesThatTheCandidateGetsRightFarMoreOftenAreOverfitting() {
    // legal, per class a and b: leaked 20 (tuned right on 20, base on 14), clean 40 (both right
    // on 28): tuned macro recall 1.0 leaked vs 0.7 clean; base 0.7 vs 0.7.
    SliceKey leaked = new SliceKey("leakage", "leaked");
    SliceKey clean = new SliceKey("leakage", "clean");
    Run run = new Run().policy("legal", NO_TARGETS).leakageSlice();
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", leaked, c, c, c, 14)
          .examples("legal", leaked, c, other, c, 6)
          .examples("legal", clean, c, c, c, 28)
          .examples("legal", clean, c, other, other, 12);
    }

    assertThat(run.assess().findings())
        .filteredOn(f -> f.code() == FindingCode.OVERFITTING)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.slice()).isEqualTo(new SliceKey("leakage", "*"));
              assertThat(f.message())
                  .contains(
                      "macro recall is 1.000 on the 40 examples that leaked (slice leakage)",
                      "but 0.700 on the 80 held-out examples");
            });
  }

  @Test
  void aGapThatTheBaselineShowsTooIsNotOverfitting() {
    // Both models do better on the training split: the split is easier, nobody memorized it.
    SliceKey train = new SliceKey("split", "train");
    SliceKey test = new SliceKey("split", "test");
    Run run = new Run().policy("legal", NO_TARGETS);
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", train, c, c, c, 20)
          .examples("legal", test, c, c, c, 28)
          .examples("legal", test, c, other, other, 12);
    }

    assertThat(run.assess().findings()).noneMatch(f -> f.code() == FindingCode.OVERFITTING);
  }

  @Test
  void aTrainingSplitSmallerThanMinSupportIsNotJudged() {
    Policy strict = new Policy("recall", Map.of(), 50, Policy.Role.IN_DOMAIN);

    assertThat(memorized().policy("legal", strict).assess().findings())
        .noneMatch(f -> f.code() == FindingCode.OVERFITTING);
  }

  // ---- 1. BELOW_TARGET ----

  // medical (positive urgent), base and tuned alike, 200 examples:
  //   actual \ predicted   urgent  routine   support
  //   urgent                 50      50        100
  //   routine                 0     100        100
  // recall of urgent = 50 / 100 = 0.5, Wilson [0.404, 0.596]: wholly below 0.80.
  // precision of urgent = 50 / 50 = 1, Wilson [0.929, 1]: wholly above 0.85.
  private static Run halfOfUrgentFound(Policy policy) {
    return new Run()
        .binary("medical", "urgent")
        .policy("medical", policy)
        .examples("medical", "urgent", "urgent", "urgent", 50)
        .examples("medical", "urgent", "routine", "routine", 50)
        .examples("medical", "routine", "routine", "routine", 100);
  }

  @Test
  void recallWhollyBelowItsTargetFailsWhenRecallIsThePriority() {
    Assessment.Result result = halfOfUrgentFound(DEFAULT).assess();

    Finding expected =
        new Finding(
            Severity.FAIL,
            FindingCode.BELOW_TARGET,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: recall of 'urgent' is 0.500 [0.404, 0.596], below the target 0.80,"
                + " the domain's priority metric (200 examples).");
    assertThat(result.findings()).containsExactly(expected);
    assertThat(result.verdicts())
        .containsExactly(
            new Verdict(
                TUNED,
                "medical",
                Verdict.Outcome.FAIL,
                List.of("BELOW_TARGET: " + expected.message())));
    assertThat(result.hasFailedGate()).isTrue();
  }

  @Test
  void recallWhollyBelowItsTargetWarnsWhenPrecisionIsThePriority() {
    Policy precisionFirst = new Policy("precision", DEFAULT.targets(), 30, Policy.Role.IN_DOMAIN);

    Assessment.Result result = halfOfUrgentFound(precisionFirst).assess();

    Finding expected =
        new Finding(
            Severity.WARN,
            FindingCode.BELOW_TARGET,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: recall of 'urgent' is 0.500 [0.404, 0.596], below the target 0.80"
                + " (200 examples).");
    assertThat(result.findings()).containsExactly(expected);
    assertThat(verdict(result, "medical"))
        .isEqualTo(
            new Verdict(
                TUNED,
                "medical",
                Verdict.Outcome.WARN,
                List.of("BELOW_TARGET: " + expected.message())));
    assertThat(result.hasFailedGate()).isFalse();
  }

  // ---- 2. INCONCLUSIVE targets ----

  // medical (positive urgent), base and tuned alike, 200 examples:
  //   actual \ predicted   urgent     routine       support
  //   urgent               found      100 - found     100
  //   routine                0          100           100
  // recall of urgent = found / 100: 0.81 has Wilson [0.722, 0.875], 0.79 has [0.700, 0.858]; both
  // contain the target 0.80. precision = found / found = 1, Wilson low >= 0.95: met.
  @ParameterizedTest
  @CsvSource({
    "81, '0.810 [0.722, 0.875]'",
    "79, '0.790 [0.700, 0.858]'",
  })
  void targetMetOrMissedOnlyInsideTheIntervalIsInconclusiveWithTheExamplesThatWouldSettleIt(
      long found, String shown) {
    Assessment.Result result =
        new Run()
            .binary("medical", "urgent")
            .examples("medical", "urgent", "urgent", "urgent", found)
            .examples("medical", "urgent", "routine", "routine", 100 - found)
            .examples("medical", "routine", "routine", "routine", 100)
            .assess();

    assertThat(result.findings()).isEmpty();
    Verdict verdict = verdict(result, "medical");
    assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
    assertThat(verdict.reasons()).hasSize(1);
    Matcher m =
        Pattern.compile(
                Pattern.quote(
                        "INCONCLUSIVE: recall of 'urgent' is "
                            + shown
                            + " against the target 0.80 is inside the 95 % interval: about ")
                    + "([0-9,]+) more labelled examples \\(([0-9,]+) in all\\) would settle it if"
                    + Pattern.quote(" recall stays at " + shown.substring(0, 5)))
            .matcher(verdict.reasons().get(0));
    assertThat(m.matches()).as(verdict.reasons().get(0)).isTrue();
    long more = Long.parseLong(m.group(1).replace(",", ""));
    long inAll = Long.parseLong(m.group(2).replace(",", ""));
    // The interval is over the 100 urgent examples, half of the labelled ones: the extra urgent
    // examples that settle it, doubled. The normal approximation says about
    // 1.96² · 0.8 · 0.2 / 0.01² ≈ 6 150 urgent examples in all, so about 12 000 more labelled ones.
    long urgentMore = TargetDecision.examplesToSettle(found, 100, 0.80, 1_000_000_000L).getAsLong();
    assertThat(more).isEqualTo(2 * urgentMore).isBetween(11_000L, 13_000L);
    assertThat(inAll).isEqualTo(200 + more);
  }

  // spam (positive spam) without any spam this night, base and tuned alike, 40 examples:
  //   actual \ predicted   spam  ham  (invalid)   support
  //   ham                    0    39      1          40
  // specificity = 39 / 40 = 0.975, Wilson [0.871, 0.996], contains the target 0.95. The positive
  // class has no row at all: it was neither a label nor a prediction.
  @Test
  void specificityTargetInADomainWithoutPositivesSaysHowManyExamplesWouldSettleIt() {
    Policy specificity =
        new Policy("recall", Map.of("specificity", 0.95), 30, Policy.Role.IN_DOMAIN);
    Assessment.Result result =
        new Run()
            .binary("spam", "spam")
            .policy("spam", specificity)
            .examples("spam", "ham", "ham", "ham", 39)
            .examples("spam", "ham", INVALID, INVALID, 1)
            .assess();

    Verdict verdict = verdict(result, "spam");
    assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INCONCLUSIVE);
    // Every labelled example is a negative, so the 244 more negatives that settle 39 of 40
    // against 0.95 are 244 more labelled examples.
    assertThat(TargetDecision.examplesToSettle(39, 40, 0.95, 1_000_000_000L)).hasValue(244);
    assertThat(verdict.reasons().get(0))
        .isEqualTo(
            "INCONCLUSIVE: specificity of 'spam' is 0.975 [0.871, 0.996] against the target 0.95"
                + " is inside the 95 % interval: about 244 more labelled examples (284 in all)"
                + " would settle it if specificity stays at 0.975");
  }

  // ---- 3. a target on a metric the domain does not have ----

  // legal (multiclass), base and tuned alike, all 60 right:
  //   actual \ predicted   contract  ip  litigation   support
  //   contract                20      0       0          20
  //   ip                       0     20       0          20
  //   litigation               0      0      20          20
  @Test
  void targetOnAMetricNotComputedForTheDomainIsAFailingFinding() {
    Policy specificity =
        new Policy(
            "recall", Map.of("recall", 0.80, "specificity", 0.90), 30, Policy.Role.IN_DOMAIN);
    Assessment.Result result =
        new Run()
            .policy("legal", specificity)
            .examples("legal", "contract", "contract", "contract", 20)
            .examples("legal", "ip", "ip", "ip", 20)
            .examples("legal", "litigation", "litigation", "litigation", 20)
            .assess();

    Finding expected =
        new Finding(
            Severity.FAIL,
            FindingCode.BELOW_TARGET,
            TUNED,
            "legal",
            OVERALL,
            "tuned on legal: the target specificity >= 0.90 cannot be checked, because"
                + " specificity is not computed for a multiclass domain. Remove the target or make"
                + " the domain binary (positive-class).");
    assertThat(result.findings()).containsExactly(expected);
    assertThat(verdict(result, "legal"))
        .isEqualTo(
            new Verdict(
                TUNED,
                "legal",
                Verdict.Outcome.FAIL,
                List.of("BELOW_TARGET: " + expected.message())));
  }

  // ---- 4. LOW_SUPPORT ----

  // medical (positive urgent), base and tuned alike, 20 examples (min-support 30):
  //   actual \ predicted   urgent  routine   support
  //   urgent                  2       8        10
  //   routine                 0      10        10
  // recall 0.2 would miss the target 0.80, but 20 examples are too few to gate.
  @Test
  void domainBelowMinSupportWarnsAndIsInconclusiveWithoutTargetFindings() {
    Assessment.Result result =
        new Run()
            .binary("medical", "urgent")
            .examples("medical", "urgent", "urgent", "urgent", 2)
            .examples("medical", "urgent", "routine", "routine", 8)
            .examples("medical", "routine", "routine", "routine", 10)
            .assess();

    assertThat(result.findings())
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.LOW_SUPPORT,
                null,
                "medical",
                OVERALL,
                "medical has only 20 labelled examples, fewer than min-support 30: its gates are"
                    + " inconclusive. Label more examples of this domain."));
    assertThat(verdict(result, "medical"))
        .isEqualTo(
            new Verdict(
                TUNED,
                "medical",
                Verdict.Outcome.INCONCLUSIVE,
                List.of(
                    "INCONCLUSIVE: medical has 20 examples, fewer than min-support 30: too few to"
                        + " gate")));
  }

  // general (multiclass, out-of-domain), 20 examples (min-support 30):
  //   base                               tuned
  //   actual \ pred   chat  news         actual \ pred   chat  news
  //   chat             10     0          chat             10     0
  //   news              0    10          news              8     2
  // The drop cannot gate on 20 examples: the verdict says so instead of PASS.
  @Test
  void outOfDomainDomainBelowMinSupportIsInconclusive() {
    Assessment.Result result =
        new Run()
            .policy("general", new Policy("recall", Map.of(), 30, Policy.Role.OUT_OF_DOMAIN))
            .examples("general", "chat", "chat", "chat", 10)
            .examples("general", "news", "news", "news", 2)
            .examples("general", "news", "news", "chat", 8)
            .assess();

    assertThat(result.findings())
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.LOW_SUPPORT,
                null,
                "general",
                OVERALL,
                "general has only 20 labelled examples, fewer than min-support 30: its gates are"
                    + " inconclusive. Label more examples of this domain."));
    assertThat(verdict(result, "general"))
        .isEqualTo(
            new Verdict(
                TUNED,
                "general",
                Verdict.Outcome.INCONCLUSIVE,
                List.of(
                    "INCONCLUSIVE: general has 20 examples, fewer than min-support 30: too few to"
                        + " gate")));
  }

  // ---- 5. ACCURACY_PARADOX ----

  // spam (positive spam), base and tuned alike, 1000 examples:
  //   actual \ predicted   spam  ham   support
  //   spam                  10    40      50
  //   ham                    0   950     950
  // accuracy = 960 / 1000 = 0.96 >= 0.9, always "ham" scores 950 / 1000 = 0.95, recall of spam
  // = 10 / 50 = 0.2 < 0.5.
  @Test
  void highAccuracyWithLowPositiveRecallIsAnAccuracyParadox() {
    Assessment.Result result =
        new Run()
            .binary("spam", "spam")
            .policy("spam", NO_TARGETS)
            .examples("spam", "spam", "spam", "spam", 10)
            .examples("spam", "spam", "ham", "ham", 40)
            .examples("spam", "ham", "ham", "ham", 950)
            .assess();

    String tail =
        " on spam: accuracy 0.960 looks good next to always predicting 'ham' (0.950), but recall"
            + " of 'spam' (50 of 1000 examples) is 0.200. Judge this domain by recall and"
            + " precision, not accuracy.";
    assertThat(result.findings())
        .containsExactly(
            new Finding(
                Severity.WARN, FindingCode.ACCURACY_PARADOX, BASE, "spam", OVERALL, BASE + tail),
            new Finding(
                Severity.WARN, FindingCode.ACCURACY_PARADOX, TUNED, "spam", OVERALL, TUNED + tail));
    assertThat(verdict(result, "spam"))
        .isEqualTo(
            new Verdict(
                TUNED, "spam", Verdict.Outcome.WARN, List.of("ACCURACY_PARADOX: " + TUNED + tail)));
  }

  // legal (multiclass), base and tuned alike, 100 examples:
  //   actual \ predicted   contract  ip  litigation   support
  //   contract                75      0       5          80
  //   ip                       7      1       0           8
  //   litigation              10      0       2          12
  // accuracy = 78 / 100 = 0.78, below 0.9 but not above always "contract" (80 / 100 = 0.8); the
  // smallest class ip has recall 1 / 8 = 0.125.
  @Test
  void accuracyNoBetterThanAlwaysPredictingTheMajorityIsAnAccuracyParadox() {
    Assessment.Result result =
        new Run()
            .policy("legal", NO_TARGETS)
            .examples("legal", "contract", "contract", "contract", 75)
            .examples("legal", "contract", "litigation", "litigation", 5)
            .examples("legal", "ip", "contract", "contract", 7)
            .examples("legal", "ip", "ip", "ip", 1)
            .examples("legal", "litigation", "contract", "contract", 10)
            .examples("legal", "litigation", "litigation", "litigation", 2)
            .assess();

    assertThat(findings(result, FindingCode.ACCURACY_PARADOX))
        .contains(
            new Finding(
                Severity.WARN,
                FindingCode.ACCURACY_PARADOX,
                TUNED,
                "legal",
                OVERALL,
                "tuned on legal: accuracy 0.780 is no better than always predicting 'contract'"
                    + " (0.800), but recall of 'ip' (8 of 100 examples) is 0.125. Judge this"
                    + " domain by recall and precision, not accuracy."));
  }

  // spam, base and tuned alike. Balanced, 200 examples:   Imbalanced, 1000 examples:
  //   actual \ predicted   spam  ham                     actual \ predicted   spam  ham
  //   spam                  95     5                     spam                  40    10
  //   ham                    5    95                     ham                    0   950
  // accuracy 0.95 with recall 0.95, and accuracy 0.99 with recall 0.8: both good models.
  @Test
  void goodModelsHaveNoAccuracyParadox() {
    Assessment.Result balanced =
        new Run()
            .binary("spam", "spam")
            .policy("spam", NO_TARGETS)
            .examples("spam", "spam", "spam", "spam", 95)
            .examples("spam", "spam", "ham", "ham", 5)
            .examples("spam", "ham", "spam", "spam", 5)
            .examples("spam", "ham", "ham", "ham", 95)
            .assess();
    Assessment.Result imbalanced =
        new Run()
            .binary("spam", "spam")
            .policy("spam", NO_TARGETS)
            .examples("spam", "spam", "spam", "spam", 40)
            .examples("spam", "spam", "ham", "ham", 10)
            .examples("spam", "ham", "ham", "ham", 950)
            .assess();

    assertThat(balanced.findings()).isEmpty();
    assertThat(verdict(balanced, "spam").outcome()).isEqualTo(Verdict.Outcome.PASS);
    assertThat(imbalanced.findings()).isEmpty();
    assertThat(verdict(imbalanced, "spam").outcome()).isEqualTo(Verdict.Outcome.PASS);
  }

  // ---- 6. ONE_SIDED_GAIN ----

  // medical (positive urgent), 200 examples:
  //   label    base     tuned     examples
  //   urgent   urgent   urgent       85
  //   urgent   urgent   routine       5      broken
  //   urgent   routine  urgent        2      fixed
  //   urgent   routine  routine       8
  //   routine  routine  routine      80
  //   routine  urgent   routine      15      fixed
  //   routine  urgent   urgent        5
  // base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            90      10             urgent            87      13
  //   routine           20      80             routine            5      95
  // precision 90 / 110 = 0.818 -> 87 / 92 = 0.946 (+0.127); recall 0.90 -> 0.87 (-0.030, beyond
  // the tolerance 0.02; McNemar on 2 fixed and 5 broken: p = 0.45, not significant).
  private static Run precisionUpRecallDown() {
    return new Run()
        .binary("medical", "urgent")
        .policy("medical", NO_TARGETS)
        .examples("medical", "urgent", "urgent", "urgent", 85)
        .examples("medical", "urgent", "urgent", "routine", 5)
        .examples("medical", "urgent", "routine", "urgent", 2)
        .examples("medical", "urgent", "routine", "routine", 8)
        .examples("medical", "routine", "routine", "routine", 80)
        .examples("medical", "routine", "urgent", "routine", 15)
        .examples("medical", "routine", "urgent", "urgent", 5);
  }

  @Test
  void precisionUpAndRecallDownBeyondTheToleranceIsAOneSidedGain() {
    Assessment.Result result = precisionUpRecallDown().assess();

    Finding expected =
        new Finding(
            Severity.WARN,
            FindingCode.ONE_SIDED_GAIN,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: precision rose +0.127 (0.818 -> 0.946) while recall fell -0.030"
                + " (0.900 -> 0.870). A gain on one side paid for on the other is not a domain"
                + " adaptation.");
    assertThat(result.findings()).containsExactly(expected);
    assertThat(verdict(result, "medical"))
        .isEqualTo(
            new Verdict(
                TUNED,
                "medical",
                Verdict.Outcome.WARN,
                List.of("ONE_SIDED_GAIN: " + expected.message())));
  }

  // The run above with the models' roles swapped: recall 0.87 -> 0.90, precision 0.946 -> 0.818.
  // Precision now has a paired test too, the delta-method z-test on the joint confusion: 87 of 92
  // -> 90 of 110 predicted urgent right, a difference of -0.127; its standard error, with half an
  // example added to each of the 8 cells of the joint table (Haldane-Anscombe), is 0.0320
  // (recomputed apart from the job's code by a numeric gradient on the smoothed proportions),
  // z = 3.98, p = 7.0e-05. The fall is significant (recall's fall in the run above, McNemar on 2
  // fixed and 5 broken, is not), so the finding says so besides both changes being beyond the
  // tolerance.
  @Test
  void recallUpAndPrecisionDownIsAOneSidedGainToo() {
    Run run = precisionUpRecallDown().swapModels();
    ComparisonRow precision = row(run.evidence(), "medical", OVERALL, null, MetricId.PRECISION);
    assertThat(precision.significant()).isTrue();
    assertThat(precision.pValue()).isCloseTo(6.956e-5, within(0.001e-5));

    assertThat(findings(run.assess(), FindingCode.ONE_SIDED_GAIN))
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.ONE_SIDED_GAIN,
                TUNED,
                "medical",
                OVERALL,
                "tuned on medical: recall rose +0.030 (0.870 -> 0.900) while precision fell -0.127"
                    + " (0.946 -> 0.818), significantly (p = 7.0e-05). A gain on one side paid"
                    + " for on the other is not a domain adaptation."));
  }

  // medical (positive urgent), 200 examples:
  //   base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            80      20             urgent            90      10
  //   routine           20      80             routine           10      90
  // precision 0.8 -> 0.9 and recall 0.8 -> 0.9: both improve.
  @Test
  void bothImprovingIsNoOneSidedGain() {
    Assessment.Result result =
        new Run()
            .binary("medical", "urgent")
            .policy("medical", NO_TARGETS)
            .examples("medical", "urgent", "urgent", "urgent", 80)
            .examples("medical", "urgent", "routine", "urgent", 10)
            .examples("medical", "urgent", "routine", "routine", 10)
            .examples("medical", "routine", "routine", "routine", 80)
            .examples("medical", "routine", "urgent", "routine", 10)
            .examples("medical", "routine", "urgent", "urgent", 10)
            .assess();

    assertThat(result.findings()).isEmpty();
    assertThat(verdict(result, "medical"))
        .isEqualTo(new Verdict(TUNED, "medical", Verdict.Outcome.PASS, List.of()));
  }

  // ---- 7. REGRESSION ----

  // medical (positive urgent), 100 examples:
  //   label    base     tuned     examples
  //   urgent   urgent   urgent       30
  //   urgent   urgent   routine      15      broken
  //   urgent   routine  routine       5
  //   routine  routine  routine      45
  //   routine  urgent   urgent        5
  // base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            45       5             urgent            30      20
  //   routine            5      45             routine            5      45
  // recall of urgent 0.9 -> 0.6 and accuracy 0.9 -> 0.75, both on 0 fixed and 15 broken:
  // McNemar p = 2 / 2^15 = 6.1e-5. Newcombe's interval of recall's change (30 both right, 15
  // broken, 5 both wrong of 50) is [-0.426, -0.171], of accuracy's (75, 15, 10 of 100)
  // [-0.226, -0.082]. Precision, f1 and the averages, with the delta-method test, fall too.
  @Test
  void significantDropOfThePriorityRecallFailsOnceAndTheAccuracyDropWarns() {
    Assessment.Result result =
        new Run()
            .binary("medical", "urgent")
            .policy("medical", NO_TARGETS)
            .examples("medical", "urgent", "urgent", "urgent", 30)
            .examples("medical", "urgent", "urgent", "routine", 15)
            .examples("medical", "urgent", "routine", "routine", 5)
            .examples("medical", "routine", "routine", "routine", 45)
            .examples("medical", "routine", "urgent", "urgent", 5)
            .assess();

    Finding recall =
        new Finding(
            Severity.FAIL,
            FindingCode.REGRESSION,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: recall of 'urgent' fell 0.300 (0.900 -> 0.600; 95 % CI -0.426 to"
                + " -0.171; exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 50 examples;"
                + " margin 0.010), significantly and more than the margin: the domain's priority"
                + " metric got worse.");
    Finding accuracy =
        new Finding(
            Severity.WARN,
            FindingCode.REGRESSION,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: accuracy fell 0.150 (0.900 -> 0.750; 95 % CI -0.226 to -0.082;"
                + " exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 100 examples; margin"
                + " 0.010), significantly and more than the margin.");
    assertThat(result.findings())
        .allSatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.REGRESSION);
              assertThat(f.slice()).isEqualTo(OVERALL);
            });
    // One finding per drop: the binary domain's aggregate recall is the recall of 'urgent'.
    assertThat(result.findings())
        .filteredOn(AssessmentTest::hasMcNemarTest)
        .containsExactly(recall, accuracy);
    // The priority metric fails once; every other drop (f1, mcc, the averages, ...) warns.
    assertThat(result.findings())
        .filteredOn(f -> f.severity() == Severity.FAIL)
        .containsExactly(recall);
    assertThat(result.findings())
        .filteredOn(f -> !f.equals(recall))
        .hasSizeGreaterThan(1)
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARN))
        .anySatisfy(
            f -> assertThat(f.message()).startsWith("tuned on medical: f1 of 'urgent' fell"));
    Verdict verdict = verdict(result, "medical");
    assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
    assertThat(verdict.reasons())
        .startsWith("REGRESSION: " + recall.message())
        .filteredOn(r -> r.contains("priority metric"))
        .hasSize(1);
  }

  // medical (positive urgent), 100 examples; this time the negative class suffers:
  //   base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            45       5             urgent            45       5
  //   routine            5      45             routine           20      30
  // recall of routine (the specificity) 0.9 -> 0.6 on 0 fixed and 15 broken: p = 6.1e-5, and
  // accuracy 0.9 -> 0.75 on the same 15; Newcombe's intervals [-0.426, -0.171] (30 both right, 15
  // broken, 5 both wrong of 50) and [-0.226, -0.082] (75, 15, 10 of 100). The recall of urgent,
  // the priority metric, does not change.
  @Test
  void significantDropOfANonPriorityMetricWarns() {
    Assessment.Result result =
        new Run()
            .binary("medical", "urgent")
            .policy("medical", NO_TARGETS)
            .examples("medical", "urgent", "urgent", "urgent", 45)
            .examples("medical", "urgent", "routine", "routine", 5)
            .examples("medical", "routine", "routine", "routine", 30)
            .examples("medical", "routine", "routine", "urgent", 15)
            .examples("medical", "routine", "urgent", "urgent", 5)
            .assess();

    Finding routine =
        new Finding(
            Severity.WARN,
            FindingCode.REGRESSION,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: recall of 'routine' fell 0.300 (0.900 -> 0.600; 95 % CI -0.426 to"
                + " -0.171; exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 50 examples;"
                + " margin 0.010), significantly and more than the margin.");
    Finding accuracy =
        new Finding(
            Severity.WARN,
            FindingCode.REGRESSION,
            TUNED,
            "medical",
            OVERALL,
            "tuned on medical: accuracy fell 0.150 (0.900 -> 0.750; 95 % CI -0.226 to -0.082;"
                + " exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 100 examples; margin"
                + " 0.010), significantly and more than the margin.");
    // One finding per drop: in a binary domain the specificity is the recall of 'routine'.
    assertThat(result.findings())
        .filteredOn(AssessmentTest::hasMcNemarTest)
        .containsExactlyInAnyOrder(routine, accuracy);
    assertThat(result.findings()).noneMatch(f -> f.message().contains("specificity"));
    // The other drops (precision, f1, the averages, ...) warn as well: none is the priority metric.
    assertThat(result.findings())
        .hasSizeGreaterThan(2)
        .allSatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.REGRESSION);
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.slice()).isEqualTo(OVERALL);
            });
    assertThat(verdict(result, "medical").outcome()).isEqualTo(Verdict.Outcome.WARN);
  }

  // medical (positive urgent), 100 examples:
  //   base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            45       5             urgent            42       8
  //   routine            5      45             routine            5      45
  // recall 0.90 -> 0.84 on 0 fixed and 3 broken: p = 2 / 2^3 = 0.25.
  @Test
  void nonSignificantDropIsNoRegression() {
    Run run =
        new Run()
            .binary("medical", "urgent")
            .policy("medical", NO_TARGETS)
            .examples("medical", "urgent", "urgent", "urgent", 42)
            .examples("medical", "urgent", "urgent", "routine", 3)
            .examples("medical", "urgent", "routine", "routine", 5)
            .examples("medical", "routine", "routine", "routine", 45)
            .examples("medical", "routine", "urgent", "urgent", 5);

    assertThat(row(run.evidence(), "medical", OVERALL, null, MetricId.RECALL).pValue())
        .isCloseTo(2.0 / (1 << 3), within(1e-12));
    Assessment.Result result = run.assess();
    assertThat(result.findings()).isEmpty();
    assertThat(verdict(result, "medical").outcome()).isEqualTo(Verdict.Outcome.PASS);
  }

  // medical (positive urgent), sliced by language, 100 examples:
  //   language  label    base     tuned     examples
  //   de        urgent   urgent   routine      10      broken
  //   de        routine  routine  routine      10
  //   en        urgent   urgent   urgent       30
  //   en        urgent   routine  urgent       10      fixed
  //   en        routine  routine  routine      40
  // de (20 examples): recall of urgent 1.0 -> 0.0 on 0 fixed and 10 broken, p = 2 / 2^10 = 0.0020,
  // Newcombe's interval [-1, -0.608]; accuracy 1.0 -> 0.5 on the same 10 broken (10 both right),
  // [-0.701, -0.243]. Overall the 10 broken and 10 fixed cancel (p = 1).
  private static Run germanRecallLost(long minSupport) {
    SliceKey de = new SliceKey("language", "de");
    SliceKey en = new SliceKey("language", "en");
    return new Run()
        .binary("medical", "urgent")
        .policy("medical", new Policy("recall", Map.of(), minSupport, Policy.Role.IN_DOMAIN))
        .examples("medical", de, "urgent", "urgent", "routine", 10)
        .examples("medical", de, "routine", "routine", "routine", 10)
        .examples("medical", en, "urgent", "urgent", "urgent", 30)
        .examples("medical", en, "urgent", "routine", "urgent", 10)
        .examples("medical", en, "routine", "routine", "routine", 40);
  }

  @Test
  void significantDropInASliceBelowMinSupportIsNoRegression() {
    Run run = germanRecallLost(30);
    assertThat(
            row(
                run.evidence(),
                "medical",
                new SliceKey("language", "de"),
                "urgent",
                MetricId.RECALL))
        .satisfies(r -> assertThat(r.significant() && r.isRegression()).isTrue());

    Assessment.Result result = run.assess();

    assertThat(result.findings())
        .containsExactly(
            new Finding(
                Severity.INFO,
                FindingCode.LOW_SUPPORT,
                null,
                "medical",
                new SliceKey("language", "*"),
                "medical: 1 of 2 values of slice 'language' have fewer than 30 examples; they are"
                    + " reported but never gate."));
    assertThat(verdict(result, "medical").outcome()).isEqualTo(Verdict.Outcome.PASS);
  }

  @Test
  void significantDropInASliceWithMinSupportIsARegressionOfThatSlice() {
    Assessment.Result result = germanRecallLost(20).assess();

    SliceKey de = new SliceKey("language", "de");
    Finding recall =
        new Finding(
            Severity.FAIL,
            FindingCode.REGRESSION,
            TUNED,
            "medical",
            de,
            "tuned on medical (language = de): recall of 'urgent' fell 1.000 (1.000 -> 0.000; 95 %"
                + " CI -1.000 to -0.608; exact McNemar test p = 0.0020, 0 fixed, 10 broken of 10"
                + " examples; margin 0.010), significantly and more than the margin: the domain's"
                + " priority metric got worse.");
    assertThat(findings(result, FindingCode.REGRESSION))
        .filteredOn(AssessmentTest::hasMcNemarTest)
        .containsExactly(
            recall,
            new Finding(
                Severity.WARN,
                FindingCode.REGRESSION,
                TUNED,
                "medical",
                de,
                "tuned on medical (language = de): accuracy fell 0.500 (1.000 -> 0.500; 95 % CI"
                    + " -0.701 to -0.243; exact McNemar test p = 0.0020, 0 fixed, 10 broken of 20"
                    + " examples; margin 0.010), significantly and more than the margin."));
    // Only in that slice; the priority metric fails once, the other drops (precision, f1, the
    // averages, ...) warn.
    assertThat(findings(result, FindingCode.REGRESSION))
        .allSatisfy(f -> assertThat(f.slice()).isEqualTo(de))
        .filteredOn(f -> !f.equals(recall))
        .hasSizeGreaterThan(1)
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    assertThat(verdict(result, "medical").outcome()).isEqualTo(Verdict.Outcome.FAIL);
    assertThat(verdict(result, "medical").reasons()).startsWith("REGRESSION: " + recall.message());
  }

  // legal (multiclass), 220 examples, of which only 20 are ip:
  //   base: all right                          tuned
  //                                            actual \ pred   contract  ip  litigation
  //                                            contract           120     0       0
  //                                            ip                  12     8       0
  //                                            litigation           0     0      80
  // recall of ip 1.0 -> 0.4 on 0 fixed and 12 broken: p = 2 / 2^12 = 0.00049. The class has 20
  // examples, but the slice (the whole domain) has 220, well above min-support 30. Newcombe's
  // intervals: recall of ip (8 both right, 12 broken) [-0.781, -0.333], accuracy (208 both right,
  // 12 broken) [-0.093, -0.026].
  @Test
  void significantDropOfASmallClassInALargeSliceIsARegression() {
    Assessment.Result result =
        new Run()
            .policy("legal", NO_TARGETS)
            .examples("legal", "contract", "contract", "contract", 120)
            .examples("legal", "ip", "ip", "ip", 8)
            .examples("legal", "ip", "ip", "contract", 12)
            .examples("legal", "litigation", "litigation", "litigation", 80)
            .assess();

    Finding recall =
        new Finding(
            Severity.FAIL,
            FindingCode.REGRESSION,
            TUNED,
            "legal",
            OVERALL,
            "tuned on legal: recall of 'ip' fell 0.600 (1.000 -> 0.400; 95 % CI -0.781 to -0.333;"
                + " exact McNemar test p = 0.00049, 0 fixed, 12 broken of 20 examples; margin"
                + " 0.010), significantly and more than the margin: the domain's priority metric"
                + " got worse.");
    assertThat(findings(result, FindingCode.REGRESSION))
        .filteredOn(AssessmentTest::hasMcNemarTest)
        .containsExactly(
            recall,
            new Finding(
                Severity.WARN,
                FindingCode.REGRESSION,
                TUNED,
                "legal",
                OVERALL,
                "tuned on legal: accuracy fell 0.055 (1.000 -> 0.945; 95 % CI -0.093 to -0.026;"
                    + " exact McNemar test p = 0.00049, 0 fixed, 12 broken of 220 examples; margin"
                    + " 0.010), significantly and more than the margin."));
    // The recall of ip fails; the other drops (f1 of ip, precision of contract, the averages, ...)
    // warn.
    assertThat(findings(result, FindingCode.REGRESSION))
        .allSatisfy(f -> assertThat(f.slice()).isEqualTo(OVERALL))
        .filteredOn(f -> !f.equals(recall))
        .hasSizeGreaterThan(1)
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    assertThat(verdict(result, "legal").outcome()).isEqualTo(Verdict.Outcome.FAIL);
    assertThat(verdict(result, "legal").reasons()).startsWith("REGRESSION: " + recall.message());
  }

  // ---- 8. FORGETTING ----

  // general (multiclass, out-of-domain, targets 0.95 that the candidate would miss), sliced by
  // source, 100 examples; base all right:
  //   source  label  base  tuned  examples
  //   forum   news   news  chat      15     broken
  //   forum   news   news  news       5
  //   forum   chat   chat  chat      20
  //   web     news   news  news      20
  //   web     chat   chat  chat      20
  //   web     code   code  code      20
  // tuned overall                                  tuned, source = forum (40 examples)
  //   actual \ pred   chat  code  news             actual \ pred   chat  news
  //   chat             40     0     0              chat             20     0
  //   code              0    20     0              news             15     5
  //   news             15     0    25
  // accuracy 1.0 -> 0.85 overall and 1.0 -> 0.625 in forum; recall of news 1.0 -> 0.625 overall
  // and 1.0 -> 0.25 in forum; all on 0 fixed and 15 broken: p = 6.1e-5. Newcombe's intervals:
  // accuracy overall (85 both right of 100) [-0.233, -0.082]; recall of news overall and accuracy
  // in forum (25 both right of 40) [-0.530, -0.216]; recall of news in forum (5 both right of 20)
  // [-0.888, -0.478]. The forum's intervals lie below the domain's changes (-0.150, -0.375): the
  // forum is worse than the domain, so its drops are reported too. The web lost nothing.
  @Test
  void significantDropOutOfDomainIsForgettingFailingOverallAndWarningInASlice() {
    SliceKey forum = new SliceKey("source", "forum");
    SliceKey web = new SliceKey("source", "web");
    Policy outOfDomain =
        new Policy(
            "recall", Map.of("precision", 0.95, "recall", 0.95), 30, Policy.Role.OUT_OF_DOMAIN);
    Assessment.Result result =
        new Run()
            .policy("general", outOfDomain)
            .examples("general", forum, "news", "news", "chat", 15)
            .examples("general", forum, "news", "news", "news", 5)
            .examples("general", forum, "chat", "chat", "chat", 20)
            .examples("general", web, "news", "news", "news", 20)
            .examples("general", web, "chat", "chat", "chat", 20)
            .examples("general", web, "code", "code", "code", 20)
            .assess();

    String forgot =
        ", significantly and more than the margin: the candidate forgot some of what the base"
            + " model knew outside its domain.";
    assertThat(findings(result, FindingCode.FORGETTING))
        .filteredOn(AssessmentTest::hasMcNemarTest)
        .containsExactlyInAnyOrder(
            new Finding(
                Severity.FAIL,
                FindingCode.FORGETTING,
                TUNED,
                "general",
                OVERALL,
                "tuned on general: accuracy fell 0.150 (1.000 -> 0.850; 95 % CI -0.233 to -0.082;"
                    + " exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 100 examples; margin"
                    + " 0.010)"
                    + forgot),
            new Finding(
                Severity.FAIL,
                FindingCode.FORGETTING,
                TUNED,
                "general",
                OVERALL,
                "tuned on general: recall of 'news' fell 0.375 (1.000 -> 0.625; 95 % CI -0.530 to"
                    + " -0.216; exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 40 examples;"
                    + " margin 0.010)"
                    + forgot),
            new Finding(
                Severity.WARN,
                FindingCode.FORGETTING,
                TUNED,
                "general",
                forum,
                "tuned on general (source = forum): accuracy fell 0.375 (1.000 -> 0.625; 95 % CI"
                    + " -0.530 to -0.216; exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 40"
                    + " examples; margin 0.010)"
                    + forgot),
            new Finding(
                Severity.WARN,
                FindingCode.FORGETTING,
                TUNED,
                "general",
                forum,
                "tuned on general (source = forum): recall of 'news' fell 0.750 (1.000 -> 0.250;"
                    + " 95 % CI -0.888 to -0.478; exact McNemar test p = 6.1e-05, 0 fixed, 15"
                    + " broken of 20 examples; margin 0.010)"
                    + forgot));
    // The delta-method drops (precision of chat, f1, the averages, mcc, ...) likewise fail on the
    // domain and warn in the forum; nothing about the web.
    assertThat(findings(result, FindingCode.FORGETTING))
        .allSatisfy(f -> assertThat(f.message()).endsWith(forgot))
        .allSatisfy(
            f ->
                assertThat(f.severity())
                    .isEqualTo(f.slice().isOverall() ? Severity.FAIL : Severity.WARN))
        .allSatisfy(f -> assertThat(f.slice()).isIn(OVERALL, forum))
        .anySatisfy(f -> assertThat(f.message()).startsWith("tuned on general: macro_recall fell"))
        .anySatisfy(
            f ->
                assertThat(f.message())
                    .startsWith("tuned on general (source = forum): macro_recall fell"));
    // Macro precision 0.909 would miss 0.95, but an out-of-domain set has no targets.
    assertThat(result.findings()).extracting(Finding::code).containsOnly(FindingCode.FORGETTING);
    Verdict verdict = verdict(result, "general");
    assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAIL);
    assertThat(verdict.reasons()).noneMatch(r -> r.startsWith("INCONCLUSIVE"));
  }

  // ---- 9. INVALID_PREDICTIONS ----

  // legal (multiclass), 100 examples; base all right:
  //   tuned: actual \ pred   contract       ip  (invalid)   support
  //          contract         50 - invalid    0   invalid       50
  //          ip                  0           50     0           50
  // invalid = 5 is 5 %, above the 2 % allowed; invalid = 2 is exactly the allowed rate.
  private static Run invalidPredictions(long invalid) {
    return new Run()
        .policy("legal", NO_TARGETS)
        .examples("legal", "contract", "contract", "contract", 50 - invalid)
        .examples("legal", "contract", "contract", INVALID, invalid)
        .examples("legal", "ip", "ip", "ip", 50);
  }

  @Test
  void invalidPredictionsAboveTheRateWarnWithTheRate() {
    Assessment.Result result = invalidPredictions(5).assess();

    Finding expected =
        new Finding(
            Severity.WARN,
            FindingCode.INVALID_PREDICTIONS,
            TUNED,
            "legal",
            OVERALL,
            "tuned on legal: 5.0 % of the predictions (5 of 100) are invalid or missing, above the"
                + " 2.0 % allowed; they count as wrong. Check the model's output parsing.");
    assertThat(result.findings()).containsExactly(expected);
    assertThat(verdict(result, "legal"))
        .isEqualTo(
            new Verdict(
                TUNED,
                "legal",
                Verdict.Outcome.WARN,
                List.of("INVALID_PREDICTIONS: " + expected.message())));
  }

  @Test
  void invalidPredictionsAtTheRateAreAllowed() {
    Assessment.Result result = invalidPredictions(2).assess();

    assertThat(findings(result, FindingCode.INVALID_PREDICTIONS)).isEmpty();
  }

  // ---- 10. UNMATCHED_ROWS ----

  @Test
  void unmatchedInputRowsAreReportedWithCountsAndPercentages() {
    Assessment.Result result =
        allRight()
            .input("labels", null, "predicted_by_all_models", 950)
            .input("labels", null, "missing_prediction:tuned", 40)
            .input("labels", null, "missing_prediction:base,tuned", 10)
            .input("labels", null, "null_label", 3)
            .input("labels", null, "duplicate_key", 2)
            .input("predictions", BASE, "matched", 990)
            .input("predictions", TUNED, "matched", 950)
            .input("predictions", TUNED, "no_label", 7)
            .input("predictions", null, "model_not_selected", 12)
            .assess();

    assertThat(result.findings())
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.UNMATCHED_ROWS,
                BASE,
                "*",
                OVERALL,
                "base has no prediction for 10 of 1000 labelled examples (1.00 %); they count as"
                    + " (invalid). Check that the model's predictions are complete."),
            new Finding(
                Severity.WARN,
                FindingCode.UNMATCHED_ROWS,
                TUNED,
                "*",
                OVERALL,
                "tuned has no prediction for 50 of 1000 labelled examples (5.00 %); they count as"
                    + " (invalid). Check that the model's predictions are complete."),
            new Finding(
                Severity.INFO,
                FindingCode.UNMATCHED_ROWS,
                null,
                "*",
                OVERALL,
                "3 label rows have a null or blank label; they are excluded (reason"
                    + " null_label)."),
            new Finding(
                Severity.INFO,
                FindingCode.UNMATCHED_ROWS,
                TUNED,
                "*",
                OVERALL,
                "7 predictions of tuned have no label row; they are excluded (reconciliation"
                    + " reason no_label)."));
    // Findings about the inputs of all domains do not decide a domain's verdict.
    assertThat(verdict(result, "legal").outcome()).isEqualTo(Verdict.Outcome.PASS);
  }

  @Test
  void completeInputsAreNotReported() {
    Assessment.Result result =
        allRight()
            .input("labels", null, "predicted_by_all_models", 60)
            .input("predictions", BASE, "matched", 60)
            .input("predictions", TUNED, "matched", 60)
            .assess();

    assertThat(result.findings()).isEmpty();
  }

  // ---- 11. verdicts ----

  // Four binary domains (positive urgent), base and tuned alike, 200 examples each:
  //   a-fail                    urgent  routine  (invalid)
  //     urgent                    50      45        5       recall 0.5: FAIL
  //     routine                    5      90        5       precision 50/55 = 0.909 [0.804, 0.961]
  //   b-inconclusive                                        recall 0.9 [0.826, 0.945]: met
  //     urgent                    90       5        5       precision 90/100 = 0.9 [0.826, 0.945]
  //     routine                   10      85        5
  //   c-warn                                                recall 0.95, precision 1: met
  //     urgent                    95       0        5
  //     routine                    0      95        5
  //   d-pass                                                recall 0.95, precision 1: met
  //     urgent                    95       5        0
  //     routine                    0     100        0
  // a, b and c have 10 of 200 (5 %) invalid predictions: a warning.
  @Test
  void verdictRanksFailOverInconclusiveOverWarnOverPass() {
    Run run =
        new Run().input("predictions", TUNED, "no_label", 4).input("labels", null, "null_label", 1);
    for (String d : List.of("a-fail", "b-inconclusive", "c-warn", "d-pass")) {
      run.binary(d, "urgent");
    }
    run.examples("a-fail", "urgent", "urgent", "urgent", 50)
        .examples("a-fail", "urgent", "routine", "routine", 45)
        .examples("a-fail", "urgent", INVALID, INVALID, 5)
        .examples("a-fail", "routine", "urgent", "urgent", 5)
        .examples("a-fail", "routine", "routine", "routine", 90)
        .examples("a-fail", "routine", INVALID, INVALID, 5)
        .examples("b-inconclusive", "urgent", "urgent", "urgent", 90)
        .examples("b-inconclusive", "urgent", "routine", "routine", 5)
        .examples("b-inconclusive", "urgent", INVALID, INVALID, 5)
        .examples("b-inconclusive", "routine", "urgent", "urgent", 10)
        .examples("b-inconclusive", "routine", "routine", "routine", 85)
        .examples("b-inconclusive", "routine", INVALID, INVALID, 5)
        .examples("c-warn", "urgent", "urgent", "urgent", 95)
        .examples("c-warn", "urgent", INVALID, INVALID, 5)
        .examples("c-warn", "routine", "routine", "routine", 95)
        .examples("c-warn", "routine", INVALID, INVALID, 5)
        .examples("d-pass", "urgent", "urgent", "urgent", 95)
        .examples("d-pass", "urgent", "routine", "routine", 5)
        .examples("d-pass", "routine", "routine", "routine", 100);

    Assessment.Result result = run.assess();

    String invalid =
        "INVALID_PREDICTIONS: tuned on %s: 5.0 %% of the predictions (10 of 200) are invalid or"
            + " missing, above the 2.0 %% allowed; they count as wrong. Check the model's output"
            + " parsing.";
    assertThat(result.verdicts())
        .containsExactly(
            new Verdict(
                TUNED,
                "a-fail",
                Verdict.Outcome.FAIL,
                List.of(
                    "BELOW_TARGET: tuned on a-fail: recall of 'urgent' is 0.500 [0.404, 0.596],"
                        + " below the target 0.80, the domain's priority metric (200 examples).",
                    "INCONCLUSIVE: precision of 'urgent' is 0.909 [0.804, 0.961] against the"
                        + " target 0.85 is inside the 95 % interval: about 291 more labelled"
                        + " examples (491 in all) would settle it if precision stays at 0.909",
                    String.format(invalid, "a-fail"))),
            new Verdict(
                TUNED,
                "b-inconclusive",
                Verdict.Outcome.INCONCLUSIVE,
                List.of(
                    "INCONCLUSIVE: precision of 'urgent' is 0.900 [0.826, 0.945] against the"
                        + " target 0.85 is inside the 95 % interval: about 184 more labelled"
                        + " examples (384 in all) would settle it if precision stays at 0.900",
                    String.format(invalid, "b-inconclusive"))),
            new Verdict(
                TUNED, "c-warn", Verdict.Outcome.WARN, List.of(String.format(invalid, "c-warn"))),
            new Verdict(TUNED, "d-pass", Verdict.Outcome.PASS, List.of()));
    // 291 = ceil(80 · 200 / 55): 80 more predicted positives at 55 of 200 examples.
    assertThat(TargetDecision.examplesToSettle(50, 55, 0.85, 1_000_000_000L)).hasValue(80);
    assertThat(TargetDecision.examplesToSettle(90, 100, 0.85, 1_000_000_000L)).hasValue(92);

    assertThat(result.findings())
        .extracting(Finding::severity)
        .isSortedAccordingTo(Comparator.reverseOrder())
        .startsWith(Severity.FAIL)
        .endsWith(Severity.INFO)
        .contains(Severity.WARN);
    assertThat(result.count(Severity.FAIL)).isEqualTo(1);
    // Both models' invalid predictions in a, b and c.
    assertThat(result.count(Severity.WARN)).isEqualTo(6);
    assertThat(result.count(Severity.INFO)).isEqualTo(2);
    assertThat(result.hasFailedGate()).isTrue();
  }

  // spam (positive spam), 1000 examples:
  //   label  base  tuned  examples
  //   spam   spam  spam      10
  //   spam   ham   spam      38     fixed
  //   spam   ham   ham        2
  //   ham    ham   ham      950
  // base                                     tuned
  //   actual \ pred   spam  ham                actual \ pred   spam  ham
  //   spam             10    40                spam             48     2
  //   ham               0   950                ham               0   950
  // The base's accuracy 0.96 hides a recall of 0.2; the tuned model finds 48 of 50 (recall 0.96,
  // Wilson [0.865, 0.989]) with precision 48 / 48 (Wilson [0.926, 1]): every target met.
  @Test
  void cleanCandidatePassesWithoutReasonsWhateverTheBaselineFindings() {
    Assessment.Result result =
        new Run()
            .binary("spam", "spam")
            .examples("spam", "spam", "spam", "spam", 10)
            .examples("spam", "spam", "ham", "spam", 38)
            .examples("spam", "spam", "ham", "ham", 2)
            .examples("spam", "ham", "ham", "ham", 950)
            .assess();

    assertThat(result.findings())
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.ACCURACY_PARADOX,
                BASE,
                "spam",
                OVERALL,
                "base on spam: accuracy 0.960 looks good next to always predicting 'ham' (0.950),"
                    + " but recall of 'spam' (50 of 1000 examples) is 0.200. Judge this domain by"
                    + " recall and precision, not accuracy."));
    assertThat(result.verdicts())
        .containsExactly(new Verdict(TUNED, "spam", Verdict.Outcome.PASS, List.of()));
    assertThat(result.hasFailedGate()).isFalse();
  }

  // ---- 12. the pooled domain ----

  // Two in-domain multiclass domains of 25 examples each (min-support 30); base all right:
  //   tuned: legal   contract  ip  (invalid)      tax      income  vat  (invalid)
  //          contract    5      0     10          income     10     0      0
  //          ip          0     10      0          vat         0     5     10
  // Pooled, the 20 broken of 50 examples are a significant drop (p = 2 / 2^20 = 1.9e-6) on more
  // than min-support examples; per domain they are too few to gate.
  @Test
  void pooledDomainNeverGatesAndGetsNoVerdict() {
    Run run =
        new Run()
            .examples("legal", "contract", "contract", "contract", 5)
            .examples("legal", "contract", "contract", INVALID, 10)
            .examples("legal", "ip", "ip", "ip", 10)
            .examples("tax", "income", "income", "income", 10)
            .examples("tax", "vat", "vat", "vat", 5)
            .examples("tax", "vat", "vat", INVALID, 10);
    ComparisonRow pooled = row(run.evidence(), "*", OVERALL, null, MetricId.ACCURACY);
    assertThat(pooled.significant() && pooled.isRegression()).isTrue();
    assertThat(pooled.support()).isEqualTo(50);

    Assessment.Result result = run.assess();

    assertThat(result.findings()).isNotEmpty().extracting(Finding::domain).doesNotContain("*");
    assertThat(result.verdicts())
        .extracting(Verdict::domain, Verdict::outcome)
        .containsExactly(
            tuple("legal", Verdict.Outcome.INCONCLUSIVE),
            tuple("tax", Verdict.Outcome.INCONCLUSIVE));
  }

  // ---- edge cases ----

  // legal (multiclass), 50 examples, plus a slice value without examples and a domain (tax, binary)
  // whose groups are empty; base all right:
  //   tuned: actual \ pred   contract  employment  ip
  //          contract           28          2       0
  //          ip                  0          0      20
  // employment is a class only the tuned model predicts.
  @Test
  void emptyGroupsAndAClassOnlyOneModelPredictsDoNotBreakTheAssessment() {
    SliceKey en = new SliceKey("language", "en");
    SliceKey xx = new SliceKey("language", "xx");
    Assessment.Result result =
        new Run()
            .binary("tax", "vat")
            .policy("legal", NO_TARGETS)
            .examples("legal", en, "contract", "contract", "contract", 28)
            .examples("legal", en, "contract", "contract", "employment", 2)
            .examples("legal", en, "ip", "ip", "ip", 20)
            .emptyGroups("legal", xx)
            .emptyGroups("tax", OVERALL)
            .assess();

    assertThat(result.findings())
        .containsExactlyInAnyOrder(
            new Finding(
                Severity.WARN,
                FindingCode.LOW_SUPPORT,
                null,
                "tax",
                OVERALL,
                "tax has only 0 labelled examples, fewer than min-support 30: its gates are"
                    + " inconclusive. Label more examples of this domain."),
            new Finding(
                Severity.INFO,
                FindingCode.LOW_SUPPORT,
                null,
                "legal",
                new SliceKey("language", "*"),
                "legal: 1 of 2 values of slice 'language' have fewer than 30 examples; they are"
                    + " reported but never gate."));
    assertThat(result.verdicts())
        .containsExactly(
            new Verdict(TUNED, "legal", Verdict.Outcome.PASS, List.of()),
            new Verdict(
                TUNED,
                "tax",
                Verdict.Outcome.INCONCLUSIVE,
                List.of(
                    "INCONCLUSIVE: tax has 0 examples, fewer than min-support 30: too few to"
                        + " gate")));
  }

  // ---- helpers ----

  // legal (multiclass), base and tuned alike, all 60 right; no targets.
  private static Run allRight() {
    return new Run()
        .policy("legal", NO_TARGETS)
        .examples("legal", "contract", "contract", "contract", 30)
        .examples("legal", "ip", "ip", "ip", 30);
  }

  private static Verdict verdict(Assessment.Result result, String domain) {
    return result.verdicts().stream()
        .filter(v -> v.candidate().equals(TUNED) && v.domain().equals(domain))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no verdict on " + domain));
  }

  private static List<Finding> findings(Assessment.Result result, FindingCode code) {
    return result.findings().stream().filter(f -> f.code() == code).toList();
  }

  /** A finding about a change judged by the exact McNemar test (accuracy, a class's recall). */
  private static boolean hasMcNemarTest(Finding f) {
    return f.message().contains("; exact McNemar test p = ");
  }

  private static ComparisonRow row(
      Evidence evidence, String domain, SliceKey slice, String cls, MetricId metric) {
    return evidence.comparison().stream()
        .filter(r -> r.domain().equals(domain) && r.slice().equals(slice))
        .filter(r -> java.util.Objects.equals(r.cls(), cls) && r.metric() == metric)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no comparison row " + metric + " on " + domain));
  }
}
