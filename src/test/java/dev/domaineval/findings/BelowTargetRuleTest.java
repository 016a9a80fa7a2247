package dev.domaineval.findings;

import static dev.domaineval.findings.Run.DEFAULT;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.Policy;
import dev.domaineval.slice.SliceKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BelowTargetRule} on its own. */
class BelowTargetRuleTest {
  private final BelowTargetRule rule = new BelowTargetRule();

  // medical (positive urgent), base and tuned alike, 200 examples:
  //   actual \ predicted   urgent     routine       support
  //   urgent               found      100 - found     100
  //   routine                0          100           100
  // found = 50: recall 0.5, Wilson [0.404, 0.596], wholly below 0.80; found = 81: recall 0.81,
  // Wilson [0.722, 0.875], around 0.80. Precision found / found = 1 meets 0.85 either way.
  private static Run urgentFound(long found, Policy policy) {
    return new Run()
        .binary("medical", "urgent")
        .policy("medical", policy)
        .examples("medical", "urgent", "urgent", "urgent", found)
        .examples("medical", "urgent", "routine", "routine", 100 - found)
        .examples("medical", "routine", "routine", "routine", 100);
  }

  @Test
  void aPriorityTargetWhollyMissedFailsAndTargetsMetSayNothing() {
    Evidence evidence = urgentFound(50, DEFAULT).evidence();

    assertThat(rule.findings(evidence))
        .containsExactly(
            new Finding(
                Severity.FAIL,
                FindingCode.BELOW_TARGET,
                TUNED,
                "medical",
                SliceKey.OVERALL,
                "tuned on medical: recall of 'urgent' is 0.500 [0.404, 0.596], below the target"
                    + " 0.80, the domain's priority metric (200 examples)."));
    assertThat(rule.openGates(evidence)).isEmpty();
  }

  @Test
  void aTargetInsideTheIntervalIsAnOpenGateNotAFinding() {
    Evidence evidence = urgentFound(81, DEFAULT).evidence();

    assertThat(rule.findings(evidence)).isEmpty();
    assertThat(rule.openGates(evidence))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.candidate()).isEqualTo(TUNED);
              assertThat(g.domain()).isEqualTo("medical");
              assertThat(g.reason())
                  .startsWith(
                      "recall of 'urgent' is 0.810 [0.722, 0.875] against the target 0.80 is"
                          + " inside the 95 % interval: about ")
                  .endsWith("would settle it if recall stays at 0.810");
            });
  }

  @Test
  void domainsTooSmallToGateAndOutOfDomainSetsAreNotJudged() {
    Policy strict = new Policy("recall", DEFAULT.targets(), 500, Policy.Role.IN_DOMAIN);
    Policy outOfDomain =
        new Policy("recall", Map.of("recall", 0.80), 30, Policy.Role.OUT_OF_DOMAIN);

    for (Run run : new Run[] {urgentFound(50, strict), urgentFound(50, outOfDomain)}) {
      assertThat(rule.findings(run.evidence())).isEmpty();
      assertThat(rule.openGates(run.evidence())).isEmpty();
    }
  }
}
