package dev.domaineval.findings;

import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** {@link OneSidedGainRule} on its own. */
class OneSidedGainRuleTest {
  private final OneSidedGainRule rule = new OneSidedGainRule();

  // medical (positive urgent), 200 examples:
  //   base                                     tuned
  //   actual \ pred   urgent  routine          actual \ pred   urgent  routine
  //   urgent            90      10             urgent            87      13
  //   routine           20      80             routine            5      95
  // precision 0.818 -> 0.946 (+0.127); recall 0.90 -> 0.87 (-0.030, beyond the tolerance 0.02).
  @Test
  void precisionUpAndRecallDownBeyondTheToleranceWarns() {
    Evidence evidence =
        new Run()
            .binary("medical", "urgent")
            .policy("medical", NO_TARGETS)
            .examples("medical", "urgent", "urgent", "urgent", 85)
            .examples("medical", "urgent", "urgent", "routine", 5)
            .examples("medical", "urgent", "routine", "urgent", 2)
            .examples("medical", "urgent", "routine", "routine", 8)
            .examples("medical", "routine", "routine", "routine", 80)
            .examples("medical", "routine", "urgent", "routine", 15)
            .examples("medical", "routine", "urgent", "urgent", 5)
            .evidence();

    assertThat(rule.findings(evidence))
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.ONE_SIDED_GAIN,
                TUNED,
                "medical",
                SliceKey.OVERALL,
                "tuned on medical: precision rose +0.127 (0.818 -> 0.946) while recall fell -0.030"
                    + " (0.900 -> 0.870). A gain on one side paid for on the other is not a domain"
                    + " adaptation."));
  }

  @Test
  void bothImprovingIsNoOneSidedGain() {
    // precision 0.8 -> 0.9 and recall 0.8 -> 0.9.
    Evidence evidence =
        new Run()
            .binary("medical", "urgent")
            .policy("medical", NO_TARGETS)
            .examples("medical", "urgent", "urgent", "urgent", 80)
            .examples("medical", "urgent", "routine", "urgent", 10)
            .examples("medical", "urgent", "routine", "routine", 10)
            .examples("medical", "routine", "routine", "routine", 80)
            .examples("medical", "routine", "urgent", "routine", 10)
            .examples("medical", "routine", "urgent", "urgent", 10)
            .evidence();

    assertThat(rule.findings(evidence)).isEmpty();
  }
}
