package dev.domaineval.findings;

import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.Policy;
import dev.domaineval.slice.SliceKey;
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
    assertThat(rule.findings(recallLost(Policy.Role.IN_DOMAIN).evidence()))
        .containsExactly(
            new Finding(
                Severity.FAIL,
                FindingCode.REGRESSION,
                TUNED,
                "medical",
                SliceKey.OVERALL,
                "tuned on medical: recall of 'urgent' fell -0.300 (0.900 -> 0.600) against base,"
                    + " significantly (p = 6.1e-05; 0 fixed, 15 broken, 50 examples), the domain's"
                    + " priority metric."),
            new Finding(
                Severity.WARN,
                FindingCode.REGRESSION,
                TUNED,
                "medical",
                SliceKey.OVERALL,
                "tuned on medical: accuracy fell -0.150 (0.900 -> 0.750) against base,"
                    + " significantly (p = 6.1e-05; 0 fixed, 15 broken, 100 examples)."));
  }

  @Test
  void aDropOutOfDomainIsNotARegression() {
    assertThat(rule.findings(recallLost(Policy.Role.OUT_OF_DOMAIN).evidence())).isEmpty();
  }
}
