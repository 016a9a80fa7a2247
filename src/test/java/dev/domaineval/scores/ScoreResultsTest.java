package dev.domaineval.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoreResultsTest {
  private static final GroupKey MEDICAL = new GroupKey("ft", "medical", SliceKey.OVERALL);
  private static final GroupKey SPAM = new GroupKey("ft", "spam", SliceKey.OVERALL);
  private static final GroupKey POOLED = new GroupKey("ft", SliceKey.POOLED, SliceKey.OVERALL);

  /** Positives at 0.9, 0.8, 0.4; negatives at 0.7, 0.3, 0.2, 0.1. */
  private static ScoreHistogram medical() {
    return ScoreHistogram.builder(1e-2)
        .add(0.9, true)
        .add(0.8, true)
        .add(0.4, true)
        .add(0.7, false)
        .add(0.3, false)
        .add(0.2, false)
        .add(0.1, false)
        .build();
  }

  @Test
  void thePooledDomainSumsTheDomainsOfTheSameModelAndSliceValue() {
    ScoreHistogram spam = ScoreHistogram.builder(1e-2).add(0.6, true).add(0.5, false).build();
    GroupKey otherModel = new GroupKey("base", "spam", SliceKey.OVERALL);
    Map<GroupKey, ScoreHistogram> in = new LinkedHashMap<>();
    in.put(MEDICAL, medical());
    in.put(SPAM, spam);
    in.put(otherModel, spam);

    Map<GroupKey, ScoreHistogram> out = ScoreResults.withPooledDomain(in);

    assertThat(out.get(POOLED)).isEqualTo(medical().plus(spam));
    assertThat(out.get(new GroupKey("base", SliceKey.POOLED, SliceKey.OVERALL))).isEqualTo(spam);
    assertThat(out).hasSize(5);
  }

  @Test
  void everyScoreMetricIsReportedWithTheNumberOfScoredExamplesAsSupport() {
    ScoreResults r =
        ScoreResults.compute(Map.of(MEDICAL, medical()), k -> Optional.empty(), k -> null, 200, 15);

    List<MetricValue> values = r.metrics().get(MEDICAL);
    assertThat(values)
        .extracting(MetricValue::metric)
        .containsExactly(
            MetricId.ROC_AUC,
            MetricId.PR_AUC,
            MetricId.AVERAGE_PRECISION,
            MetricId.LOG_LOSS,
            MetricId.BRIER,
            MetricId.ECE);
    assertThat(values).allSatisfy(v -> assertThat(v.support()).isEqualTo(7));
    // 11 of the 3 × 4 positive-negative pairs are ordered right: 0.4 is below 0.7 only.
    assertThat(values.get(0).value()).isCloseTo(11.0 / 12, within(1e-12));
    assertThat(r.curves())
        .extracting(Curve::kind)
        .containsExactly(Curve.Kind.ROC, Curve.Kind.PR, Curve.Kind.CALIBRATION);
    assertThat(r.choices()).isEmpty();
  }

  @Test
  void aGroupOfOneClassHasNoAucsAndNoRankingCurvesButItsLossesAndCalibration() {
    ScoreHistogram negatives = ScoreHistogram.builder(1e-2).add(0.2, false).add(0.4, false).build();

    ScoreResults r =
        ScoreResults.compute(Map.of(SPAM, negatives), k -> Optional.empty(), k -> null, 200, 15);

    assertThat(r.metrics().get(SPAM))
        .extracting(MetricValue::metric)
        .containsExactly(MetricId.LOG_LOSS, MetricId.BRIER, MetricId.ECE);
    assertThat(r.curves()).extracting(Curve::kind).containsExactly(Curve.Kind.CALIBRATION);
  }

  @Test
  void theOperatingPointOfATargetIsAMetricAndAChoiceNextToTheHardPredictions() {
    OperatingPoint hard = new OperatingPoint(Double.NaN, 2, 1, 1, 3);

    ScoreResults r =
        ScoreResults.compute(
            Map.of(MEDICAL, medical()),
            k -> Optional.of(OperatingPoint.Target.recallAtLeast(1.0)),
            k -> hard,
            200,
            15);

    // Recall 1 needs the threshold 0.4: tp 3, fp 1 (0.7), precision 3/4.
    ThresholdChoice choice = r.choices().get(0);
    assertThat(choice.chosen()).isPresent();
    assertThat(choice.chosen().get().threshold()).isCloseTo(0.4, within(1e-12));
    assertThat(choice.chosen().get().precision()).isCloseTo(3.0 / 4, within(1e-12));
    assertThat(choice.hard()).isSameAs(hard);
    assertThat(choice.isOpportunity()).isTrue();
    assertThat(r.metrics().get(MEDICAL))
        .filteredOn(v -> v.metric() == MetricId.OP_PRECISION)
        .singleElement()
        .satisfies(v -> assertThat(v.value()).isCloseTo(3.0 / 4, within(1e-12)));
  }

  @Test
  void aChoiceIsNoOpportunityWhenTheHardPredictionsAlreadyMeetTheTargetOrNothingDoes() {
    OperatingPoint point = new OperatingPoint(0.4, 3, 1, 0, 3);
    OperatingPoint.Target target = OperatingPoint.Target.recallAtLeast(0.9);

    assertThat(
            new ThresholdChoice(
                    MEDICAL, target, Optional.of(point), new OperatingPoint(Double.NaN, 3, 2, 0, 2))
                .isOpportunity())
        .isFalse();
    assertThat(
            new ThresholdChoice(
                    MEDICAL, target, Optional.empty(), new OperatingPoint(Double.NaN, 1, 0, 2, 4))
                .isOpportunity())
        .isFalse();
  }
}
