package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoreRulesTest {
  private static Evidence.InputCount scores(String model, String state, long rows) {
    return new Evidence.InputCount("scores", model, state + ":" + model, rows);
  }

  @Test
  void badScoresWarnAboveTheMaximumRateAndInformBelowIt() {
    List<Finding> findings =
        ScoreRules.evaluate(
            List.of(
                scores("base", "valid", 90),
                scores("base", "nan_score", 6),
                scores("base", "null_score", 4),
                scores("ft", "valid", 99),
                scores("ft", "out_of_range_score", 1),
                new Evidence.InputCount("predictions", "base", "matched", 100)),
            List.of(),
            0.02);

    assertThat(findings).hasSize(2);
    assertThat(findings.get(0).severity()).isEqualTo(Severity.WARN);
    assertThat(findings.get(0).message()).contains("10.00 %", "base", "nan_score 6, null_score 4");
    assertThat(findings.get(1).severity()).isEqualTo(Severity.INFO);
    assertThat(findings.get(1).message()).contains("1.00 %", "out_of_range_score 1");
    assertThat(findings)
        .allSatisfy(f -> assertThat(f.code()).isEqualTo(FindingCode.INVALID_SCORES));
  }

  @Test
  void aModelWithoutAnyValidScoreIsToldSoAndOneWithAllValidScoresIsNotReported() {
    List<Finding> findings =
        ScoreRules.evaluate(
            List.of(scores("base", "null_score", 50), scores("ft", "valid", 50)), List.of(), 0.02);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.model()).isEqualTo("base");
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.message()).contains("no valid score", "50 predictions");
            });
  }

  @Test
  void aThresholdOpportunityIsReportedOnADomainsOverallSliceOnly() {
    OperatingPoint.Target target = OperatingPoint.Target.recallAtLeast(0.9);
    OperatingPoint chosen = new OperatingPoint(0.35, 9, 6, 1, 84);
    OperatingPoint hard = new OperatingPoint(Double.NaN, 6, 1, 4, 89);
    ThresholdChoice overall =
        new ThresholdChoice(
            new GroupKey("ft", "medical", SliceKey.OVERALL), target, Optional.of(chosen), hard);
    ThresholdChoice slice =
        new ThresholdChoice(
            new GroupKey("ft", "medical", new SliceKey("lang", "en")),
            target,
            Optional.of(chosen),
            hard);

    List<Finding> findings = ScoreRules.evaluate(List.of(), List.of(overall, slice), 0.02);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.THRESHOLD_OPPORTUNITY);
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.domain()).isEqualTo("medical");
              assertThat(f.message())
                  .contains("score >= 0.3500", "recall 0.900 (target 0.90)", "precision 0.600")
                  .contains("hard predictions have recall 0.600");
            });
  }
}
