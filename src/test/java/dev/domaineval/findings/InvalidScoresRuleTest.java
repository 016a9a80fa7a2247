package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InvalidScoresRule} on its own. */
class InvalidScoresRuleTest {
  private static Evidence.InputCount scores(String model, String state, long rows) {
    return new Evidence.InputCount("scores", model, state + ":" + model, rows);
  }

  @Test
  void badScoresAreCountedPerModelAndStateAndInform() {
    List<Finding> findings =
        InvalidScoresRule.findings(
            List.of(
                scores("ft", "valid", 95),
                scores("ft", "nan_score", 3),
                scores("ft", "nan_score", 2),
                scores("base", "valid", 10),
                new Evidence.InputCount("predictions", "ft", "nan_score:ft", 50)),
            0.02);

    assertThat(findings)
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.INVALID_SCORES,
                "ft",
                SliceKey.POOLED,
                SliceKey.OVERALL,
                "5.00 % of ft's 100 scores of binary domains are invalid (nan_score 5): they are"
                    + " left out of the score metrics (roc_auc, pr_auc, ...), not of the confusion"
                    + " counts. Scores must be probabilities of the positive class in [0, 1].",
                Finding.Effect.INFORMS));
  }
}
