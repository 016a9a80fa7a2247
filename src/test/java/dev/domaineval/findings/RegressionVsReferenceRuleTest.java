package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.config.Policy;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class RegressionVsReferenceRuleTest {
  private static final Policy RECALL = new Policy("recall", Map.of(), 30, Policy.Role.IN_DOMAIN);
  private static final Map<String, String> BINARY = Map.of("medical", "urgent");
  private static final GroupKey FT = new GroupKey("ft", "medical", SliceKey.OVERALL);

  /**
   * 100 urgent and 100 routine examples; {@code found} urgent ones predicted urgent, the rest
   * routine, and every routine one right.
   *
   * <pre>
   *            urgent  routine
   * urgent     found   100-found
   * routine    0       100
   * </pre>
   */
  private static Map<GroupKey, List<MetricValue>> medical(long found) {
    ConfusionMatrix m =
        ConfusionMatrix.of(
            Map.of(
                "urgent", Map.of("urgent", found, "routine", 100 - found),
                "routine", Map.of("routine", 100L)));
    return Map.of(FT, GroupMetrics.compute(m, "urgent"));
  }

  private static RunHistory history(Map<GroupKey, List<MetricValue>> reference, boolean pinned) {
    PastRun run = new PastRun("night-1", Instant.parse("2026-11-26T03:00:00Z"), reference);
    return new RunHistory(List.of(run), Optional.of(run), pinned);
  }

  @Test
  void aSignificantDropOfThePriorityMetricWarnsWithTheUnpairedTestsPValue() {
    RegressionVsReferenceRule.Result r =
        RegressionVsReferenceRule.evaluate(
            medical(70), List.of("ft"), history(medical(90), false), d -> RECALL, BINARY, 0.05);

    // Two-proportion z-test, unpooled: recall 0.9 of 100 against 0.7 of 100.
    double z = (0.9 - 0.7) / Math.sqrt(0.9 * 0.1 / 100 + 0.7 * 0.3 / 100);
    double p = 2 * (1 - new NormalDistribution().cumulativeProbability(z));
    assertThat(r.changes()).hasSize(1);
    RegressionVsReferenceRule.Change c = r.changes().get(0);
    assertThat(c.metric()).isEqualTo("recall");
    assertThat(c.referenceValue()).isCloseTo(0.9, within(1e-12));
    assertThat(c.currentValue()).isCloseTo(0.7, within(1e-12));
    assertThat(c.pValue()).isCloseTo(p, within(1e-12));
    assertThat(c.regression()).isTrue();
    assertThat(r.findings()).hasSize(1);
    Finding f = r.findings().get(0);
    assertThat(f.code()).isEqualTo(FindingCode.REGRESSION_VS_LAST_RUN);
    assertThat(f.severity()).isEqualTo(Severity.WARN);
    assertThat(f.model()).isEqualTo("ft");
    assertThat(f.domain()).isEqualTo("medical");
    assertThat(f.message())
        .contains("recall fell from 0.900 in the last run night-1 to 0.700 (-0.200");
  }

  @Test
  void aDropWithinNoiseOrAGainRaisesNothing() {
    RegressionVsReferenceRule.Result small =
        RegressionVsReferenceRule.evaluate(
            medical(88), List.of("ft"), history(medical(90), false), d -> RECALL, BINARY, 0.05);
    RegressionVsReferenceRule.Result gain =
        RegressionVsReferenceRule.evaluate(
            medical(99), List.of("ft"), history(medical(70), false), d -> RECALL, BINARY, 0.05);

    assertThat(small.findings()).isEmpty();
    assertThat(small.changes().get(0).pValue()).isGreaterThan(0.05);
    assertThat(gain.findings()).isEmpty();
    assertThat(gain.changes().get(0).regression()).isFalse();
  }

  @Test
  void aPinnedReferenceIsNamedAsSuch() {
    RegressionVsReferenceRule.Result r =
        RegressionVsReferenceRule.evaluate(
            medical(60), List.of("ft"), history(medical(95), true), d -> RECALL, BINARY, 0.05);

    assertThat(r.findings().get(0).message()).contains("in the pinned reference run night-1");
  }

  @Test
  void withoutAReferenceRunThereIsNothingToCompare() {
    RegressionVsReferenceRule.Result r =
        RegressionVsReferenceRule.evaluate(
            medical(10), List.of("ft"), RunHistory.none(), d -> RECALL, BINARY, 0.05);

    assertThat(r.changes()).isEmpty();
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void multiclassVarianceIsTheMeanOfThePerClassVariances() {
    // a: 40 of 50 right, b: 30 of 50 right (the misses go to the other class).
    ConfusionMatrix m =
        ConfusionMatrix.of(
            Map.of("a", Map.of("a", 40L, "b", 10L), "b", Map.of("b", 30L, "a", 20L)));
    List<MetricValue> values = GroupMetrics.compute(m, null);

    RegressionVsReferenceRule.Estimate e =
        RegressionVsReferenceRule.estimate(values, "recall", null).orElseThrow();

    assertThat(e.value()).isCloseTo((0.8 + 0.6) / 2, within(1e-12));
    assertThat(e.variance())
        .isCloseTo((0.8 * 0.2 / 50 + 0.6 * 0.4 / 50) / (2.0 * 2), within(1e-12));
  }

  @Test
  void precisionUsesThePredictedPositivesAsItsDenominator() {
    // 90 urgent found, 30 routine called urgent: precision 90 / 120 on 120 predicted positives.
    ConfusionMatrix m =
        ConfusionMatrix.of(
            Map.of(
                "urgent", Map.of("urgent", 90L, "routine", 10L),
                "routine", Map.of("urgent", 30L, "routine", 70L)));

    RegressionVsReferenceRule.Estimate e =
        RegressionVsReferenceRule.estimate(GroupMetrics.compute(m, "urgent"), "precision", "urgent")
            .orElseThrow();

    assertThat(e.value()).isCloseTo(0.75, within(1e-12));
    assertThat(e.variance()).isCloseTo(0.75 * 0.25 / 120, within(1e-12));
  }

  @Test
  void aWarningTurnsAPassingVerdictIntoWarnAndLeavesAFailAFail() {
    Finding warn =
        new Finding(
            Severity.WARN,
            FindingCode.REGRESSION_VS_LAST_RUN,
            "ft",
            "medical",
            SliceKey.OVERALL,
            "recall fell");
    Assessment.Result before =
        new Assessment.Result(
            List.of(),
            List.of(
                new Verdict("ft", "medical", Verdict.Outcome.PASS, List.of()),
                new Verdict("ft", "legal", Verdict.Outcome.PASS, List.of()),
                new Verdict("ft2", "medical", Verdict.Outcome.FAIL, List.of("REGRESSION: x"))));
    Finding warn2 =
        new Finding(
            Severity.WARN,
            FindingCode.REGRESSION_VS_LAST_RUN,
            "ft2",
            "medical",
            SliceKey.OVERALL,
            "precision fell");

    Assessment.Result after = before.withFindings(List.of(warn, warn2));

    assertThat(after.findings()).containsExactly(warn, warn2);
    assertThat(after.verdicts())
        .containsExactly(
            new Verdict(
                "ft",
                "medical",
                Verdict.Outcome.WARN,
                List.of("REGRESSION_VS_LAST_RUN: recall fell")),
            new Verdict("ft", "legal", Verdict.Outcome.PASS, List.of()),
            new Verdict(
                "ft2",
                "medical",
                Verdict.Outcome.FAIL,
                List.of("REGRESSION: x", "REGRESSION_VS_LAST_RUN: precision fell")));
  }
}
