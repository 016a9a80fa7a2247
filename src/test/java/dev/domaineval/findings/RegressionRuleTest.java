package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.Policy;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RegressionRule} on its own. */
class RegressionRuleTest {
  private final RegressionRule rule = new RegressionRule();

  // medical (positive urgent), 100 examples:
  //   base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            45       5             urgent            30      20
  //   routine            5      45             routine            5      45
  // recall of urgent 0.9 -> 0.6 and accuracy 0.9 -> 0.75, both on 0 fixed and 15 broken:
  // McNemar p = 2 / 2^15 = 6.1e-5.
  private static Run recallLost(Policy.Role role) {
    return new Run()
        .binary("medical", "urgent")
        .policy("medical", new Policy("recall", Map.of(), 30, role))
        .examples("medical", "urgent", "urgent", "urgent", 30)
        .examples("medical", "urgent", "urgent", "routine", 15)
        .examples("medical", "urgent", "routine", "routine", 5)
        .examples("medical", "routine", "routine", "routine", 45)
        .examples("medical", "routine", "urgent", "urgent", 5);
  }

  @Test
  void aDropOfThePriorityMetricFailsAndAnotherDropWarns() {
    List<Finding> findings = rule.findings(recallLost(Policy.Role.IN_DOMAIN).evidence());

    assertThat(findings)
        .allSatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.REGRESSION);
              assertThat(f.slice()).isEqualTo(SliceKey.OVERALL);
              assertThat(f.message()).contains("significantly and more than the margin");
            });
    assertThat(findings)
        .filteredOn(f -> f.severity() == Severity.FAIL)
        .extracting(Finding::message)
        .containsExactly(
            "tuned on medical: recall of 'urgent' fell 0.300 (0.900 -> 0.600; 95 % CI -0.426 to"
                + " -0.171; exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 50 examples;"
                + " margin 0.010), significantly and more than the margin: the domain's priority"
                + " metric got worse.");
    assertThat(findings)
        .filteredOn(f -> f.severity() == Severity.WARN)
        .extracting(Finding::message)
        .contains(
            "tuned on medical: accuracy fell 0.150 (0.900 -> 0.750; 95 % CI -0.226 to -0.082;"
                + " exact McNemar test p = 6.1e-05, 0 fixed, 15 broken of 100 examples; margin"
                + " 0.010), significantly and more than the margin.")
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("tuned on medical: f1 of 'urgent' fell")
                    .contains("delta-method"));
  }

  @Test
  void aSignificantDropWithinTheMarginInformsAndNeverGates() {
    // The same drop of recall (0.300), with a margin of 0.35 for recall and 0.2 for the rest.
    Run run =
        recallLost(Policy.Role.IN_DOMAIN)
            .policy(
                "medical",
                new Policy(
                    "recall", Map.of(), 30, Policy.Role.IN_DOMAIN, 0.2, Map.of("recall", 0.35)));

    List<Finding> findings = rule.findings(run.evidence());

    assertThat(findings)
        .filteredOn(f -> f.message().contains("recall of 'urgent'"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.gates()).isFalse();
              assertThat(f.message())
                  .contains("margin 0.350")
                  .endsWith("significantly but within the margin: too small to matter.");
            });
    assertThat(findings).noneMatch(f -> f.severity() == Severity.FAIL);
  }

  @Test
  void aDropOutOfDomainIsNotARegression() {
    assertThat(rule.findings(recallLost(Policy.Role.OUT_OF_DOMAIN).evidence())).isEmpty();
  }
}
