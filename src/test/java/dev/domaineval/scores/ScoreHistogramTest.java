package dev.domaineval.scores;

import static dev.domaineval.scores.BruteForce.neg;
import static dev.domaineval.scores.BruteForce.pos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScoreHistogramTest {

  @Test
  void decimalScoresLandInTheBucketThatStartsAtThem() {
    for (int k = 0; k < 10_000; k++) {
      double score = k / 10_000.0;
      assertThat(ScoreHistogram.bucketOf(score, 1e-4)).as("score %s", score).isEqualTo(k);
      // Parsed decimals are not always k / 10 000 to the last bit.
      double parsed = Double.parseDouble(String.format("0.%04d", k));
      assertThat(ScoreHistogram.bucketOf(parsed, 1e-4)).as("score %s", parsed).isEqualTo(k);
    }
  }

  @Test
  void scoreOneGoesIntoTheLastBucket() {
    assertThat(ScoreHistogram.bucketOf(1.0, 1e-4)).isEqualTo(9_999);
    assertThat(ScoreHistogram.bucketOf(0.99995, 1e-4)).isEqualTo(9_999);
    assertThat(ScoreHistogram.bucketOf(0.0, 1e-4)).isEqualTo(0);
    assertThat(ScoreHistogram.bucketOf(0.00005, 1e-4)).isEqualTo(0);
  }

  @Test
  void bucketCountIsTheReciprocalOfTheResolution() {
    assertThat(ScoreHistogram.bucketCountOf(1e-4)).isEqualTo(10_000);
    assertThat(ScoreHistogram.bucketCountOf(0.1)).isEqualTo(10);
    assertThat(ScoreHistogram.bucketCountOf(1)).isEqualTo(1);
    assertThat(ScoreHistogram.builder().build().resolution()).isCloseTo(1e-4, within(1e-18));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1e-4, 1.5, 0.3, Double.NaN, 1e-9})
  void rejectsAResolutionThatIsNotOneOverAnInteger(double resolution) {
    assertThatThrownBy(() -> ScoreHistogram.builder(resolution))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid score resolution")
        .hasMessageContaining("1e-4");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.0001, 1.0001, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsAScoreOutsideZeroToOne(double score) {
    assertThatThrownBy(() -> ScoreHistogram.builder().add(score, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid score")
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void rejectsNegativeCountsABucketOutOfRangeAndAnImpossibleScoreSum() {
    ScoreHistogram.Builder builder = ScoreHistogram.builder(0.1);
    assertThatThrownBy(() -> builder.addBucket(3, -1, 2, 0.6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positives=-1");
    assertThatThrownBy(() -> builder.addBucket(10, 1, 0, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket 10")
        .hasMessageContaining("< 10");
    assertThatThrownBy(() -> builder.addBucket(3, 1, 1, 2.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("score sum 2.5");
    assertThatThrownBy(() -> builder.addLossSums(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logLossSum=-1");
  }

  @Test
  void rejectsABrierSumLargerThanTheNumberOfExamples() {
    ScoreHistogram.Builder builder =
        ScoreHistogram.builder(0.1).addBucket(3, 1, 1, 0.7).addLossSums(1.0, 2.5);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brierSum=2.5")
        .hasMessageContaining("same group");
  }

  @Test
  void addingAnExampleCountsItAndItsLosses() {
    // one positive at 0.8: log loss −ln 0.8, Brier 0.2²
    ScoreHistogram h = ScoreHistogram.builder().add(0.8, true).build();
    assertThat(h.size()).isEqualTo(1);
    assertThat(h.bucket(0)).isEqualTo(8_000);
    assertThat(h.lowerEdge(h.bucket(0))).isEqualTo(0.8);
    assertThat(h.positives(0)).isEqualTo(1);
    assertThat(h.negatives(0)).isEqualTo(0);
    assertThat(h.scoreSum(0)).isEqualTo(0.8);
    assertThat(h.logLossSum()).isCloseTo(-Math.log(0.8), within(1e-12));
    assertThat(h.brierSum()).isCloseTo(0.2 * 0.2, within(1e-12));
  }

  @Test
  void logLossClipsScoresLikeScikitLearn() {
    // A positive at 0 and a negative at 1 cost −ln(1e-15) and −ln(1 − (1 − 1e-15)) rather than
    // ∞; the second is ≈ 34.43, not 34.54, because 1 − 1e-15 is not exact in binary (as in numpy).
    ScoreHistogram h = ScoreHistogram.builder().add(0.0, true).add(1.0, false).build();
    assertThat(h.logLossSum())
        .isCloseTo(-Math.log(1e-15) - Math.log(1 - (1 - 1e-15)), within(1e-9));
    assertThat(h.brierSum()).isEqualTo(2.0);
  }

  @Test
  void bucketCountsAddUpWhenABucketIsAddedTwice() {
    ScoreHistogram h =
        ScoreHistogram.builder(0.1).addBucket(3, 1, 2, 0.9).addBucket(3, 2, 0, 0.7).build();
    assertThat(h.size()).isEqualTo(1);
    assertThat(h.positives(0)).isEqualTo(3);
    assertThat(h.negatives(0)).isEqualTo(2);
    assertThat(h.scoreSum(0)).isCloseTo(1.6, within(1e-12));
    assertThat(h.positives()).isEqualTo(3);
    assertThat(h.negatives()).isEqualTo(2);
    assertThat(h.total()).isEqualTo(5);
  }

  @Test
  void emptyBucketsAreNotStored() {
    ScoreHistogram withZero =
        ScoreHistogram.builder(0.1).addBucket(3, 0, 0, 0).addBucket(5, 1, 0, 0.5).build();
    ScoreHistogram without = ScoreHistogram.builder(0.1).addBucket(5, 1, 0, 0.5).build();
    assertThat(withZero).isEqualTo(without).hasSameHashCodeAs(without);
    assertThat(withZero.size()).isEqualTo(1);
  }

  @Test
  void mergingEqualsCountingTheUnionOfTheExamples() {
    var a = List.of(pos(0.9), neg(0.3), pos(0.3), neg(0.1234));
    var b = List.of(pos(0.3), neg(0.75), neg(0.0), pos(1.0));
    var union = new java.util.ArrayList<>(a);
    union.addAll(b);
    ScoreHistogram merged = BruteForce.histogram(a).plus(BruteForce.histogram(b));
    ScoreHistogram direct = BruteForce.histogram(union);

    assertThat(merged.size()).isEqualTo(direct.size());
    for (int i = 0; i < merged.size(); i++) {
      assertThat(merged.bucket(i)).isEqualTo(direct.bucket(i));
      assertThat(merged.positives(i)).isEqualTo(direct.positives(i));
      assertThat(merged.negatives(i)).isEqualTo(direct.negatives(i));
      assertThat(merged.scoreSum(i)).isCloseTo(direct.scoreSum(i), within(1e-12));
    }
    assertThat(merged.logLossSum()).isCloseTo(direct.logLossSum(), within(1e-9));
    assertThat(merged.brierSum()).isCloseTo(direct.brierSum(), within(1e-12));
    assertThat(ThresholdMetrics.rocAuc(merged).getAsDouble())
        .isCloseTo(BruteForce.rocAuc(union), within(1e-12));
    assertThat(ThresholdMetrics.averagePrecision(merged).getAsDouble())
        .isCloseTo(BruteForce.averagePrecision(union), within(1e-12));
    assertThat(ThresholdMetrics.prAuc(merged).getAsDouble())
        .isCloseTo(BruteForce.prAuc(union), within(1e-12));
    assertThat(ThresholdMetrics.logLoss(merged).getAsDouble())
        .isCloseTo(BruteForce.logLoss(union), within(1e-12));
  }

  @Test
  void refusesToMergeHistogramsOfDifferentResolutions() {
    ScoreHistogram coarse = ScoreHistogram.builder(0.1).build();
    ScoreHistogram fine = ScoreHistogram.builder(1e-4).build();
    assertThatThrownBy(() -> coarse.plus(fine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 vs 10000 buckets");
  }
}
