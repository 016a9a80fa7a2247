package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.compare.TargetDecision.Outcome;
import dev.domaineval.metrics.WilsonInterval;
import dev.domaineval.metrics.WilsonInterval.Interval;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TargetDecisionTest {

  @Test
  void metWhenTheWholeIntervalIsAtOrAboveTheTarget() {
    assertThat(TargetDecision.decide(0.82, 0.9, 0.8)).isEqualTo(Outcome.MET);
    // The lower bound is inclusive: touching the target meets it.
    assertThat(TargetDecision.decide(0.8, 0.9, 0.8)).isEqualTo(Outcome.MET);
  }

  @Test
  void missedWhenTheWholeIntervalIsBelowTheTarget() {
    assertThat(TargetDecision.decide(0.6, 0.79, 0.8)).isEqualTo(Outcome.MISSED);
  }

  @Test
  void inconclusiveWhenTheIntervalContainsTheTarget() {
    assertThat(TargetDecision.decide(0.75, 0.85, 0.8)).isEqualTo(Outcome.INCONCLUSIVE);
    // An upper bound on the target could still reach it.
    assertThat(TargetDecision.decide(0.7, 0.8, 0.8)).isEqualTo(Outcome.INCONCLUSIVE);
  }

  @Test
  void rejectsNaNAndReversedBounds() {
    assertThatThrownBy(() -> TargetDecision.decide(0.9, 0.8, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot decide target 0.5 on interval [0.9, 0.8]")
        .hasMessageContaining("low <= high");
    assertThatThrownBy(() -> TargetDecision.decide(0.1, 0.8, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot decide target NaN");
  }

  @Test
  void recallOfEightyOnePercentOnAHundredExamplesNeedsMoreExamplesToBeatEightyPercent() {
    Interval now = WilsonInterval.of(81, 100).orElseThrow();
    assertThat(TargetDecision.decide(now.low(), now.high(), 0.8)).isEqualTo(Outcome.INCONCLUSIVE);

    OptionalLong extra = TargetDecision.examplesToSettle(81, 100, 0.8, 1_000_000);

    assertThat(extra).isPresent();
    long total = 100 + extra.getAsLong();
    assertThat(outcomeAt(0.81, total, 0.8)).isEqualTo(Outcome.MET);
    assertThat(outcomeAt(0.81, total - 1, 0.8)).isEqualTo(Outcome.INCONCLUSIVE);
    // Roughly z²·p·(1 − p) / (p − target)² = 3.84·0.81·0.19 / 0.01² ≈ 5 900 examples.
    assertThat(total).isBetween(5_000L, 7_000L);
  }

  @Test
  void aProportionBelowTheTargetNeedsExamplesToMissIt() {
    OptionalLong extra = TargetDecision.examplesToSettle(78, 100, 0.8, 1_000_000);

    assertThat(extra).isPresent();
    long total = 100 + extra.getAsLong();
    assertThat(outcomeAt(0.78, total, 0.8)).isEqualTo(Outcome.MISSED);
    assertThat(outcomeAt(0.78, total - 1, 0.8)).isEqualTo(Outcome.INCONCLUSIVE);
  }

  @Test
  void settledTargetsNeedNoMoreExamples() {
    // 95 of 100: the Wilson interval [0.888, 0.978] is above 0.8; 50 of 100 is far below.
    assertThat(TargetDecision.examplesToSettle(95, 100, 0.8, 1_000)).hasValue(0);
    assertThat(TargetDecision.examplesToSettle(50, 100, 0.8, 1_000)).hasValue(0);
  }

  @Test
  void aProportionEqualToTheTargetIsNeverSettled() {
    assertThat(TargetDecision.examplesToSettle(80, 100, 0.8, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void isEmptyWhenNotSettledByTheLargestSampleSize() {
    long needed = TargetDecision.examplesToSettle(81, 100, 0.8, 1_000_000).getAsLong();

    assertThat(TargetDecision.examplesToSettle(81, 100, 0.8, 100 + needed)).hasValue(needed);
    assertThat(TargetDecision.examplesToSettle(81, 100, 0.8, 100 + needed - 1)).isEmpty();
    assertThat(TargetDecision.examplesToSettle(81, 100, 0.8, 50)).isEmpty();
  }

  @Test
  void answerDoesNotDependOnTheLargestSampleSize() {
    // Rounding round(0.81·n') makes "settled" flicker between n' = 6 050 and 6 229; the search
    // must land on the same point of that band whatever maxN is.
    OptionalLong reference = TargetDecision.examplesToSettle(81, 100, 0.8, Long.MAX_VALUE);

    for (long maxN : new long[] {6_300, 10_000, 123_457, 1_000_000}) {
      assertThat(TargetDecision.examplesToSettle(81, 100, 0.8, maxN))
          .as("maxN %d", maxN)
          .isEqualTo(reference);
    }
  }

  @Test
  void isEmptyWithoutExamples() {
    assertThat(TargetDecision.examplesToSettle(0, 0, 0.8, 1_000)).isEmpty();
  }

  @Test
  void handlesLargeSamplesAndSmallMargins() {
    // 0.8001 against 0.8 needs about 3.84·0.16 / 0.0001² ≈ 61 million examples.
    OptionalLong extra =
        TargetDecision.examplesToSettle(8_001_000, 10_000_000, 0.8, Long.MAX_VALUE);

    assertThat(extra).isPresent();
    long total = 10_000_000 + extra.getAsLong();
    assertThat(outcomeAt(0.8001, total, 0.8)).isEqualTo(Outcome.MET);
    assertThat(outcomeAt(0.8001, total - 1, 0.8)).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(total).isBetween(55_000_000L, 67_000_000L);
  }

  @Test
  void rejectsInvalidCountsAndTargets() {
    assertThatThrownBy(() -> TargetDecision.examplesToSettle(11, 10, 0.8, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=11, n=10")
        .hasMessageContaining("expected 0 <= successes <= n");
    assertThatThrownBy(() -> TargetDecision.examplesToSettle(8, 10, 80, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid target 80.0")
        .hasMessageContaining("expected a number in [0, 1], such as 0.8");
  }

  /** The decision at total examples with the proportion p kept, successes rounded. */
  private static Outcome outcomeAt(double p, long total, double target) {
    Interval interval = WilsonInterval.of(Math.round(p * total), total).orElseThrow();
    return TargetDecision.decide(interval.low(), interval.high(), target);
  }
}
