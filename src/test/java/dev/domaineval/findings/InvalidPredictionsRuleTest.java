package dev.domaineval.findings;

import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static dev.domaineval.metrics.ConfusionMatrix.INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** {@link InvalidPredictionsRule} on its own. */
class InvalidPredictionsRuleTest {
  private final InvalidPredictionsRule rule = new InvalidPredictionsRule();

  // legal, 100 examples, base all right; tuned predicts nothing valid for `invalid` contracts.
  private static Evidence invalid(long invalid) {
    return new Run()
        .policy("legal", NO_TARGETS)
        .examples("legal", "contract", "contract", "contract", 50 - invalid)
        .examples("legal", "contract", "contract", INVALID, invalid)
        .examples("legal", "ip", "ip", "ip", 50)
        .evidence();
  }

  @Test
  void invalidPredictionsAboveTheRateWarn() {
    assertThat(rule.findings(invalid(5)))
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.INVALID_PREDICTIONS,
                TUNED,
                "legal",
                SliceKey.OVERALL,
                "tuned on legal: 5.0 % of the predictions (5 of 100) are invalid or missing, above"
                    + " the 2.0 % allowed; they count as wrong. Check the model's output"
                    + " parsing."));
  }

  @Test
  void invalidPredictionsAtTheRateAreAllowed() {
    assertThat(rule.findings(invalid(2))).isEmpty();
  }
}
