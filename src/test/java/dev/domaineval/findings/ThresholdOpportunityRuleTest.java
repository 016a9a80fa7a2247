package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ThresholdOpportunityRule} on its own. */
class ThresholdOpportunityRuleTest {

  @Test
  void aThresholdThatMeetsAPrecisionFloorTheHardPredictionsMissInforms() {
    // Target precision >= 0.9: the threshold 0.8 keeps 9 of 10 predicted positives right, where
    // the hard predictions have precision 6 / 10.
    OperatingPoint.Target target = OperatingPoint.Target.precisionAtLeast(0.9);
    OperatingPoint chosen = new OperatingPoint(0.8, 9, 1, 3, 87);
    OperatingPoint hard = new OperatingPoint(Double.NaN, 6, 4, 6, 84);
    ThresholdChoice choice =
        new ThresholdChoice(
            new GroupKey("ft", "medical", SliceKey.OVERALL), target, Optional.of(chosen), hard);

    assertThat(ThresholdOpportunityRule.findings(List.of(choice)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.THRESHOLD_OPPORTUNITY);
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.gates()).isFalse();
              assertThat(f.model()).isEqualTo("ft");
              assertThat(f.message())
                  .startsWith(
                      "Predicting positive for score >= 0.8000 would reach precision 0.900"
                          + " (target 0.90) with recall 0.750, where the hard predictions have"
                          + " precision 0.600 and recall 0.500 (on 100 examples");
            });
  }

  @Test
  void noChoiceNoFinding() {
    assertThat(ThresholdOpportunityRule.findings(List.of())).isEmpty();
  }
}
