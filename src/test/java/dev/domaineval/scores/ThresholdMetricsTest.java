package dev.domaineval.scores;

import static dev.domaineval.scores.BruteForce.neg;
import static dev.domaineval.scores.BruteForce.pos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.scores.BruteForce.Example;
import dev.domaineval.scores.OperatingPoint.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ThresholdMetricsTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void matchesTheScikitLearnDocumentationExample() {
    // y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] (roc_auc_score and
    // average_precision_score docs)
    //
    //   score  0.8  0.4  0.35  0.1
    //   label   1    0    1     0
    //   R      1/2  1/2   1     1
    //   P       1   1/2  2/3   1/2
    ScoreHistogram h = BruteForce.histogram(List.of(neg(0.1), neg(0.4), pos(0.35), pos(0.8)));

    assertThat(ThresholdMetrics.rocAuc(h).getAsDouble()).isCloseTo(0.75, within(TOLERANCE));
    assertThat(ThresholdMetrics.averagePrecision(h).getAsDouble())
        .isCloseTo(0.8333333333333333, within(TOLERANCE));
    // MLlib: points (0, 1), (1/2, 1), (1/2, 1/2), (1, 2/3), (1, 1/2)
    assertThat(ThresholdMetrics.prAuc(h).getAsDouble())
        .isCloseTo(0.5 * 1 + 0.5 * (0.5 + 2.0 / 3) / 2, within(TOLERANCE));
  }

  @Test
  void aTieBetweenAPositiveAndANegativeCountsHalf() {
    //   score  0.9  0.5  0.5  0.5  0.1
    //   label   1    1    1    0    0
    // pairs ranked right: 0.9 > both negatives (2); each 0.5 positive > 0.1 (2); ties 0.5 × 2 (1)
    List<Example> examples = List.of(pos(0.9), pos(0.5), pos(0.5), neg(0.5), neg(0.1));
    ScoreHistogram h = BruteForce.histogram(examples);

    assertThat(ThresholdMetrics.rocAuc(h).getAsDouble()).isCloseTo(5.0 / 6, within(TOLERANCE));
    // thresholds 0.9: R 1/3, P 1; 0.5: R 1, P 3/4; 0.1: R 1, P 3/5
    assertThat(ThresholdMetrics.averagePrecision(h).getAsDouble())
        .isCloseTo(1.0 / 3 * 1 + 2.0 / 3 * 3 / 4, within(TOLERANCE));
    assertThat(ThresholdMetrics.prAuc(h).getAsDouble())
        .isCloseTo(1.0 / 3 * 1 + 2.0 / 3 * (1 + 0.75) / 2, within(TOLERANCE));
  }

  @Test
  void perfectRankingHasAreaOneAndInvertedRankingAreaZero() {
    ScoreHistogram perfect = BruteForce.histogram(List.of(pos(0.9), pos(0.7), neg(0.3), neg(0.2)));
    assertThat(ThresholdMetrics.rocAuc(perfect).getAsDouble()).isEqualTo(1.0);
    assertThat(ThresholdMetrics.averagePrecision(perfect).getAsDouble()).isEqualTo(1.0);
    assertThat(ThresholdMetrics.prAuc(perfect).getAsDouble()).isEqualTo(1.0);

    ScoreHistogram inverted = BruteForce.histogram(List.of(neg(0.9), neg(0.7), pos(0.3), pos(0.2)));
    assertThat(ThresholdMetrics.rocAuc(inverted).getAsDouble()).isEqualTo(0.0);
    // thresholds 0.3: R 1/2, P 1/3; 0.2: R 1, P 2/4
    assertThat(ThresholdMetrics.averagePrecision(inverted).getAsDouble())
        .isCloseTo(0.5 / 3 + 0.5 * 0.5, within(TOLERANCE));
  }

  @Test
  void rankingMetricsAreUndefinedWithoutPositives() {
    ScoreHistogram negativesOnly = BruteForce.histogram(List.of(neg(0.9), neg(0.2)));
    assertThat(ThresholdMetrics.rocAuc(negativesOnly)).isEmpty();
    assertThat(ThresholdMetrics.averagePrecision(negativesOnly)).isEmpty();
    assertThat(ThresholdMetrics.prAuc(negativesOnly)).isEmpty();
    assertThat(ThresholdMetrics.roc(negativesOnly, 200)).isEmpty();
    assertThat(ThresholdMetrics.pr(negativesOnly, 200)).isEmpty();
    assertThat(ThresholdMetrics.logLoss(negativesOnly)).isPresent();
  }

  @Test
  void rocAucIsUndefinedWithoutNegativesButPrecisionIsOne() {
    // scikit-learn gives average_precision 1.0 and MLlib areaUnderPR 1.0 for positives only.
    ScoreHistogram positivesOnly = BruteForce.histogram(List.of(pos(0.9), pos(0.2)));
    assertThat(ThresholdMetrics.rocAuc(positivesOnly)).isEmpty();
    assertThat(ThresholdMetrics.averagePrecision(positivesOnly).getAsDouble()).isEqualTo(1.0);
    assertThat(ThresholdMetrics.prAuc(positivesOnly).getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void everyMetricIsUndefinedWithoutExamples() {
    ScoreHistogram empty = ScoreHistogram.builder().build();
    assertThat(ThresholdMetrics.rocAuc(empty)).isEmpty();
    assertThat(ThresholdMetrics.averagePrecision(empty)).isEmpty();
    assertThat(ThresholdMetrics.prAuc(empty)).isEmpty();
    assertThat(ThresholdMetrics.logLoss(empty)).isEmpty();
    assertThat(ThresholdMetrics.brier(empty)).isEmpty();
    assertThat(ThresholdMetrics.ece(empty)).isEmpty();
    assertThat(ThresholdMetrics.calibration(empty, 15)).isEmpty();
  }

  @Test
  void aSingleExampleHasLossesAndPrecisionButNoRocAuc() {
    ScoreHistogram h = BruteForce.histogram(List.of(pos(0.25)));
    assertThat(ThresholdMetrics.rocAuc(h)).isEmpty();
    assertThat(ThresholdMetrics.averagePrecision(h).getAsDouble()).isEqualTo(1.0);
    assertThat(ThresholdMetrics.logLoss(h).getAsDouble())
        .isCloseTo(-Math.log(0.25), within(TOLERANCE));
    assertThat(ThresholdMetrics.brier(h).getAsDouble()).isCloseTo(0.75 * 0.75, within(TOLERANCE));
    // one bin: |1 − 0.25|
    assertThat(ThresholdMetrics.ece(h).getAsDouble()).isCloseTo(0.75, within(TOLERANCE));
  }

  static Stream<Arguments> smallCases() {
    return Stream.of(
        Arguments.of("all tied", List.of(pos(0.5), neg(0.5), pos(0.5), neg(0.5))),
        Arguments.of(
            "scores on 1.0 and 0.0", List.of(pos(1.0), neg(1.0), pos(0.0), neg(0.0), pos(0.9998))),
        Arguments.of(
            "adjacent buckets",
            List.of(pos(0.1234), neg(0.1233), pos(0.1235), neg(0.1234), neg(0.0001))),
        Arguments.of(
            "bin edges of 10 and 15 bins",
            List.of(pos(0.2), neg(0.2), pos(0.0667), neg(0.0666), pos(0.4), neg(0.9333))),
        Arguments.of(
            "mixed",
            List.of(
                pos(0.9), neg(0.8), pos(0.7), pos(0.7), neg(0.7), neg(0.3), pos(0.3), neg(0.05))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallCases")
  void agreesWithTheBruteForceDefinitions(String name, List<Example> examples) {
    assertAgreesWithBruteForce(examples);
  }

  @Test
  void agreesWithTheBruteForceDefinitionsOnTenThousandRandomExamples() {
    Random random = new Random(20240611L);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      boolean positive = random.nextDouble() < 0.3;
      // Informative but noisy scores with 4 decimals, many ties, and some at 0 and 1.
      double raw = Math.min(1, Math.max(0, (positive ? 0.6 : 0.4) + 0.25 * random.nextGaussian()));
      int k = (int) Math.round(raw * 10_000);
      // 0.9999 would tie with 1.0 in the last bucket (see scoreOneTiesWithTheScoresOfTheLastBucket)
      examples.add(new Example(k == 9_999 ? 9_998 : k, positive));
    }
    assertAgreesWithBruteForce(examples);
  }

  private static void assertAgreesWithBruteForce(List<Example> examples) {
    ScoreHistogram h = BruteForce.histogram(examples);
    assertThat(ThresholdMetrics.rocAuc(h).getAsDouble())
        .isCloseTo(BruteForce.rocAuc(examples), within(TOLERANCE));
    assertThat(ThresholdMetrics.averagePrecision(h).getAsDouble())
        .isCloseTo(BruteForce.averagePrecision(examples), within(TOLERANCE));
    assertThat(ThresholdMetrics.prAuc(h).getAsDouble())
        .isCloseTo(BruteForce.prAuc(examples), within(TOLERANCE));
    assertThat(ThresholdMetrics.logLoss(h).getAsDouble())
        .isCloseTo(BruteForce.logLoss(examples), within(TOLERANCE));
    assertThat(ThresholdMetrics.brier(h).getAsDouble())
        .isCloseTo(BruteForce.brier(examples), within(TOLERANCE));
    for (int bins : new int[] {1, 10, 15}) {
      assertThat(ThresholdMetrics.ece(h, bins).getAsDouble())
          .as("ECE with %d bins", bins)
          .isCloseTo(BruteForce.ece(examples, bins), within(TOLERANCE));
    }
  }

  @Test
  void scoreOneTiesWithTheScoresOfTheLastBucket() {
    // 1.0 shares bucket 9999 with 0.9999, so these two rank as a tie (AUC 0.5), not 1.0.
    ScoreHistogram h = BruteForce.histogram(List.of(pos(1.0), neg(0.9999)));
    assertThat(ThresholdMetrics.rocAuc(h).getAsDouble()).isEqualTo(0.5);
    assertThat(BruteForce.rocAuc(List.of(pos(1.0), neg(0.9999)))).isEqualTo(1.0);
  }

  @Test
  void eceWeighsEachBinByItsShareOfExamples() {
    // 2 bins: [0, 0.5) holds 0.1 (neg), 0.3 (pos): |1/2 − 0.2| = 0.3, weight 2/3
    //         [0.5, 1] holds 0.8 (pos):          |1 − 0.8|   = 0.2, weight 1/3
    ScoreHistogram h = BruteForce.histogram(List.of(neg(0.1), pos(0.3), pos(0.8)));
    assertThat(ThresholdMetrics.ece(h, 2).getAsDouble())
        .isCloseTo(2.0 / 3 * 0.3 + 1.0 / 3 * 0.2, within(TOLERANCE));
    List<CurvePoint> points = ThresholdMetrics.calibration(h, 2);
    assertThat(points.get(0).x()).isCloseTo(0.2, within(TOLERANCE));
    assertThat(points.get(0).y()).isEqualTo(0.5);
    assertThat(points.get(1).x()).isCloseTo(0.8, within(TOLERANCE));
    assertThat(points).extracting(CurvePoint::threshold).containsExactly(0.0, 0.5);
    assertThat(points.get(1).y()).isEqualTo(1.0);
    assertThat(points).extracting(CurvePoint::examples).containsExactly(2L, 1L);
  }

  @Test
  void rocCurveStartsAtTheOriginAndHasOnePointPerBucket() {
    // score 0.8 (1), 0.4 (0), 0.35 (1), 0.1 (0)
    ScoreHistogram h = BruteForce.histogram(List.of(neg(0.1), neg(0.4), pos(0.35), pos(0.8)));
    assertThat(ThresholdMetrics.roc(h, 200))
        .containsExactly(
            new CurvePoint(0, 0, Double.POSITIVE_INFINITY, 0),
            new CurvePoint(0, 0.5, 0.8, 1),
            new CurvePoint(0.5, 0.5, 0.4, 2),
            new CurvePoint(0.5, 1, 0.35, 3),
            new CurvePoint(1, 1, 0.1, 4));
    assertThat(ThresholdMetrics.pr(h, 200))
        .containsExactly(
            new CurvePoint(0, 1, Double.POSITIVE_INFINITY, 0),
            new CurvePoint(0.5, 1, 0.8, 1),
            new CurvePoint(0.5, 0.5, 0.4, 2),
            new CurvePoint(1, 2.0 / 3, 0.35, 3),
            new CurvePoint(1, 0.5, 0.1, 4));
  }

  @Test
  void downSamplingKeepsTheFirstAndLastPointsAndSpreadsTheRestEvenly() {
    List<CurvePoint> points = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      points.add(new CurvePoint(i, i, i, i));
    }
    // indices round(j · 10 / 3) for j = 0..3: 0, 3, 7, 10
    assertThat(ThresholdMetrics.downSample(points, 4))
        .extracting(CurvePoint::x)
        .containsExactly(0.0, 3.0, 7.0, 10.0);
    assertThat(ThresholdMetrics.downSample(points, 11)).isEqualTo(points);
    assertThatThrownBy(() -> ThresholdMetrics.downSample(points, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 points");
  }

  @Test
  void aLongCurveIsDownSampledToMaxPoints() {
    List<Example> examples = new ArrayList<>();
    for (int k = 0; k < 1_000; k++) {
      examples.add(new Example(k * 10, k % 3 == 0));
    }
    List<CurvePoint> roc = ThresholdMetrics.roc(BruteForce.histogram(examples), 200);
    assertThat(roc).hasSize(200);
    assertThat(roc.get(0)).isEqualTo(new CurvePoint(0, 0, Double.POSITIVE_INFINITY, 0));
    assertThat(roc.get(199)).isEqualTo(new CurvePoint(1, 1, 0.0, 1_000));
  }

  // Operating points on
  //   score  0.9  0.8  0.6  0.4  0.35  0.3  0.2  0.1
  //   label   1    0    1    1    0     1    0    0
  // threshold  tp fp   recall  precision
  //   0.6       2  1    2/4      2/3      (also what hard predictions at 0.5 give)
  //   0.4       3  1    3/4      3/4
  //   0.35      3  2    3/4      3/5
  //   0.3       4  2     1       4/6
  //   0.2       4  3     1       4/7
  private static final List<Example> OPERATING =
      List.of(pos(0.9), neg(0.8), pos(0.6), pos(0.4), neg(0.35), pos(0.3), neg(0.2), neg(0.1));

  @Test
  void aRecallTargetThatHardPredictionsAtOneHalfMissIsMetAtALowerThreshold() {
    ScoreHistogram h = BruteForce.histogram(OPERATING);
    OperatingPoint point =
        ThresholdMetrics.operatingPoint(h, Target.recallAtLeast(0.9)).orElseThrow();
    assertThat(point).isEqualTo(new OperatingPoint(0.3, 4, 2, 0, 2));
    assertThat(point.recall()).isEqualTo(1.0);
    assertThat(point.precision()).isCloseTo(4.0 / 6, within(TOLERANCE));
    assertThat(point.f1()).isCloseTo(8.0 / (8 + 2), within(TOLERANCE));
  }

  @Test
  void aRecallTargetPicksTheThresholdWithTheBestPrecision() {
    ScoreHistogram h = BruteForce.histogram(OPERATING);
    // recall >= 0.7: 0.4 (P 3/4), 0.35 (3/5), 0.3 (4/6), ... → 0.4
    assertThat(ThresholdMetrics.operatingPoint(h, Target.recallAtLeast(0.7)).orElseThrow())
        .isEqualTo(new OperatingPoint(0.4, 3, 1, 1, 3));
  }

  @Test
  void aPrecisionTargetPicksTheThresholdWithTheBestRecallAndTiesGoToTheHigherThreshold() {
    ScoreHistogram h = BruteForce.histogram(OPERATING);
    // precision >= 0.6: 0.9 (R 1/4), 0.6 (2/4), 0.4 (3/4), 0.35 (3/4), 0.3 (1, P 2/3) → 0.3
    assertThat(ThresholdMetrics.operatingPoint(h, Target.precisionAtLeast(0.6)).orElseThrow())
        .isEqualTo(new OperatingPoint(0.3, 4, 2, 0, 2));
    // precision >= 0.7: 0.9 (R 1/4), 0.4 (R 3/4, P 3/4) → 0.4
    assertThat(
            ThresholdMetrics.operatingPoint(h, Target.precisionAtLeast(0.7))
                .orElseThrow()
                .threshold())
        .isEqualTo(0.4);
    // A tie on the maximized metric keeps the higher threshold:
    ScoreHistogram flat = BruteForce.histogram(List.of(pos(0.9), neg(0.5), neg(0.4)));
    // recall is 1 at every threshold; precision >= 0.3 holds at 0.9 (1), 0.5 (1/2), 0.4 (1/3)
    assertThat(
            ThresholdMetrics.operatingPoint(flat, Target.precisionAtLeast(0.3))
                .orElseThrow()
                .threshold())
        .isEqualTo(0.9);
  }

  @Test
  void noOperatingPointWhenNoThresholdReachesTheTarget() {
    ScoreHistogram h = BruteForce.histogram(OPERATING);
    assertThat(ThresholdMetrics.operatingPoint(h, Target.precisionAtLeast(1.0)))
        .get()
        .extracting(OperatingPoint::threshold)
        .isEqualTo(0.9);
    ScoreHistogram worse = BruteForce.histogram(List.of(neg(0.9), pos(0.1)));
    assertThat(ThresholdMetrics.operatingPoint(worse, Target.precisionAtLeast(0.75))).isEmpty();
    assertThat(
            ThresholdMetrics.operatingPoint(
                BruteForce.histogram(List.of(neg(0.5))), Target.recallAtLeast(0)))
        .isEmpty();
  }

  @Test
  void rejectsATargetOutsideZeroToOne() {
    assertThatThrownBy(() -> Target.recallAtLeast(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECALL_AT_LEAST >= 1.5");
  }
}
