package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** The decision of a comparison row against its margin, and the examples that would settle it. */
class ComparisonRowTest {
  private static final double MARGIN = 0.01;

  /** A delta-method row of {@code metric}: baseline 0.5, the given delta and interval. */
  private static ComparisonRow row(
      MetricId metric, double delta, double low, double high, boolean significant) {
    return new ComparisonRow(
        "base",
        "cand",
        "general",
        SliceKey.OVERALL,
        null,
        metric,
        0.5,
        0.5 + delta,
        new PairedTestResult(PairedTestMethod.DELTA_METHOD, 0.5, low, high, null),
        significant,
        null,
        null,
        Double.NaN,
        1000,
        MARGIN,
        1000,
        null);
  }

  @Test
  void decisionsFollowSignificanceTheMarginAndTheInterval() {
    MetricId f1 = MetricId.MACRO_F1;
    assertThat(row(f1, -0.05, -0.07, -0.03, true).decision()).isEqualTo(Decision.WORSE);
    assertThat(row(f1, -0.005, -0.007, -0.003, true).decision())
        .isEqualTo(Decision.WORSE_WITHIN_MARGIN);
    assertThat(row(f1, 0.05, 0.03, 0.07, true).decision()).isEqualTo(Decision.BETTER);
    assertThat(row(f1, -0.002, -0.008, 0.004, false).decision()).isEqualTo(Decision.NOT_WORSE);
    assertThat(row(f1, -0.002, -0.01, 0.006, false).decision()).isEqualTo(Decision.NOT_WORSE);
    assertThat(row(f1, -0.002, -0.03, 0.026, false).decision()).isEqualTo(Decision.INCONCLUSIVE);
  }

  @Test
  void aMetricWhereLowerIsBetterGetsWorseWhenItRises() {
    MetricId invalid = MetricId.INVALID_RATE;
    assertThat(row(invalid, 0.05, 0.03, 0.07, true).decision()).isEqualTo(Decision.WORSE);
    assertThat(row(invalid, 0.002, -0.004, 0.008, false).decision()).isEqualTo(Decision.NOT_WORSE);
    assertThat(row(invalid, 0.002, -0.026, 0.03, false).decision())
        .isEqualTo(Decision.INCONCLUSIVE);
    assertThat(row(invalid, -0.05, -0.07, -0.03, true).decision()).isEqualTo(Decision.BETTER);
  }

  @Test
  void aWaldIntervalNeedsTheSquareOfItsWidthOverTheRoomInExamples() {
    // Change -0.002, lower bound -0.03: the half-width 0.028 must shrink to the 0.008 between
    // the change and -0.01, so 1000 * (0.028 / 0.008)^2 = 12,250 examples.
    ComparisonRow r = row(MetricId.MACRO_F1, -0.002, -0.03, 0.026, false);

    assertThat(r.examplesToDecide()).isBetween(12_250L, 12_251L); // ceil of a double
    // A change beyond the margin that is not significant: the interval must shrink until it
    // excludes 0, a half-width of 0.03 for a room of 0.02: 1000 * 1.5^2 = 2,250 examples.
    ComparisonRow beyond = row(MetricId.MACRO_F1, -0.02, -0.05, 0.01, false);
    assertThat(beyond.decision()).isEqualTo(Decision.INCONCLUSIVE);
    assertThat(beyond.examplesToDecide()).isBetween(2_250L, 2_251L);
    assertThat(row(MetricId.MACRO_F1, -0.002, -0.008, 0.004, false).examplesToDecide()).isNull();
  }
}
