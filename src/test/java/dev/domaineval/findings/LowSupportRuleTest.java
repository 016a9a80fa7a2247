package dev.domaineval.findings;

import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** {@link LowSupportRule} on its own. */
class LowSupportRuleTest {
  private final LowSupportRule rule = new LowSupportRule();

  @Test
  void aDomainBelowMinSupportWarnsAndLeavesTheCandidatesGatesOpen() {
    // medical, 20 examples (min-support 30), base and tuned alike.
    Evidence evidence =
        new Run()
            .binary("medical", "urgent")
            .examples("medical", "urgent", "urgent", "urgent", 2)
            .examples("medical", "urgent", "routine", "routine", 8)
            .examples("medical", "routine", "routine", "routine", 10)
            .evidence();

    assertThat(rule.findings(evidence))
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.LOW_SUPPORT,
                null,
                "medical",
                SliceKey.OVERALL,
                "medical has only 20 labelled examples, fewer than min-support 30: its gates are"
                    + " inconclusive. Label more examples of this domain."));
    assertThat(rule.openGates(evidence))
        .containsExactly(
            new OpenGate(
                TUNED,
                "medical",
                "medical has 20 examples, fewer than min-support 30: too few to gate"));
  }

  @Test
  void sliceValuesBelowMinSupportAreCountedPerSliceAndInform() {
    // legal, 60 examples: language en 50 (enough), de 10 (too few).
    Evidence evidence =
        new Run()
            .policy("legal", NO_TARGETS)
            .examples("legal", new SliceKey("language", "en"), "a", "a", "a", 50)
            .examples("legal", new SliceKey("language", "de"), "b", "b", "b", 10)
            .evidence();

    assertThat(rule.findings(evidence))
        .containsExactly(
            new Finding(
                Severity.INFO,
                FindingCode.LOW_SUPPORT,
                null,
                "legal",
                new SliceKey("language", "*"),
                "legal: 1 of 2 values of slice 'language' have fewer than 30 examples; they are"
                    + " reported but never gate."));
    assertThat(rule.openGates(evidence)).isEmpty();
  }
}
