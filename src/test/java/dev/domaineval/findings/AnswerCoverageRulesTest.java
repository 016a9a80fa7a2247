package dev.domaineval.findings;

import static dev.domaineval.findings.Run.BASE;
import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static dev.domaineval.metrics.ConfusionMatrix.ABSTAINED;
import static dev.domaineval.metrics.ConfusionMatrix.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.AnswerRules;
import dev.domaineval.config.Normalization;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RefusalIncreaseRule} and {@link LowCoverageRule}, and the answer metrics they read. */
class AnswerCoverageRulesTest {
  private static Normalization refusals(double minCoverage, boolean increaseFails) {
    AnswerRules rules =
        new AnswerRules(
            true,
            true,
            true,
            true,
            "",
            Map.of(),
            true,
            List.of(),
            List.of("unsure"),
            minCoverage,
            increaseFails,
            true);
    return new Normalization(rules, Map.of());
  }

  /**
   * medical, 400 examples (200 urgent, 200 routine), the baseline right on all; the candidate
   * refuses {@code refused} urgent ones and abstains on {@code abstained} routine ones.
   */
  private static Run run(Normalization n, long refused, long abstained) {
    Run run = new Run().policy("medical", NO_TARGETS);
    run.normalization = n;
    return run.examples("medical", "urgent", "urgent", "urgent", 200 - refused)
        .examples("medical", "urgent", "urgent", REFUSED, refused)
        .examples("medical", "routine", "routine", "routine", 200 - abstained)
        .examples("medical", "routine", "routine", ABSTAINED, abstained);
  }

  @Test
  void theAnswerMetricsAreComputedFromTheNonAnswerColumns() {
    Evidence e = run(refusals(0.9, false), 30, 10).evidence();
    GroupKey tuned = new GroupKey(TUNED, "medical", SliceKey.OVERALL);

    // 400 examples: 30 refused, 10 abstained, 360 answered, all of them right.
    assertThat(value(e, tuned, MetricId.REFUSAL_RATE)).isEqualTo(30.0 / 400);
    assertThat(value(e, tuned, MetricId.ABSTAIN_RATE)).isEqualTo(10.0 / 400);
    assertThat(value(e, tuned, MetricId.COVERAGE)).isEqualTo(360.0 / 400);
    assertThat(value(e, tuned, MetricId.SELECTIVE_ACCURACY)).isEqualTo(1.0);
    assertThat(value(e, tuned, MetricId.ACCURACY)).isEqualTo(360.0 / 400);
    // Without refusals or abstentions in the configuration, no group has them.
    assertThat(
            run(Normalization.defaultsOnly(), 0, 0)
                .evidence()
                .metric(tuned, null, MetricId.COVERAGE))
        .isEmpty();
  }

  @Test
  void aSignificantIncreaseOfRefusalsBeyondTheMarginWarnsOrFailsAsTheDomainSays() {
    List<Finding> warn =
        new RefusalIncreaseRule().findings(run(refusals(0.5, false), 30, 0).evidence());
    assertThat(warn)
        .extracting(Finding::severity, Finding::code, Finding::model, Finding::domain)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Severity.WARN, FindingCode.REFUSAL_INCREASE, TUNED, "medical"));
    assertThat(warn.get(0).message())
        .startsWith(
            "tuned refuses 7.5 % of medical's examples against 0.0 % for base (+7.5 points");
    assertThat(new RefusalIncreaseRule().findings(run(refusals(0.5, true), 30, 0).evidence()))
        .extracting(Finding::severity)
        .containsExactly(Severity.FAIL);
    // One refusal in 400 is within the one-point margin.
    assertThat(new RefusalIncreaseRule().findings(run(refusals(0.5, true), 1, 0).evidence()))
        .isEmpty();
    // REGRESSION does not say it again: the answer metrics have their own rules.
    assertThat(new RegressionRule().findings(run(refusals(0.5, false), 30, 0).evidence()))
        .noneMatch(f -> f.message().contains("refusal_rate"));
  }

  @Test
  void aModelThatAnswersLessThanMinCoverageWarns() {
    List<Finding> low =
        new LowCoverageRule().findings(run(refusals(0.95, false), 30, 10).evidence());
    assertThat(low)
        .extracting(Finding::severity, Finding::code, Finding::model)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Severity.WARN, FindingCode.LOW_COVERAGE, TUNED));
    assertThat(low.get(0).message())
        .isEqualTo(
            "tuned answers 90.0 % of medical's examples (400), below the 95.0 % of"
                + " normalization.min-coverage: the rest it refused or abstained on, and they"
                + " count as wrong. On the examples it answered, its accuracy is 1.000.");
    assertThat(new LowCoverageRule().findings(run(refusals(0.9, false), 30, 10).evidence()))
        .isEmpty();
    assertThat(new LowCoverageRule().findings(run(Normalization.defaultsOnly(), 30, 10).evidence()))
        .isEmpty();
    assertThat(BASE).isEqualTo("base");
  }

  private static double value(Evidence e, GroupKey g, MetricId id) {
    return e.metric(g, null, id).orElseThrow().value();
  }
}
