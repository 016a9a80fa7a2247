package dev.domaineval.findings;

import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OverfittingRule} on its own. */
class OverfittingRuleTest {
  private final OverfittingRule rule = new OverfittingRule();

  @Test
  void aCandidateMuchBetterOnItsTrainingSplitWarnsOnTheSplit() {
    // legal, per class a and b: split train 20 (tuned right on 20, base on 14), split test 40
    // (both right on 28): tuned macro recall 1.0 vs 0.7 held out; base 0.7 vs 0.7.
    SliceKey train = new SliceKey("split", "train");
    SliceKey test = new SliceKey("split", "test");
    Run run = new Run().policy("legal", NO_TARGETS);
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", train, c, c, c, 14)
          .examples("legal", train, c, other, c, 6)
          .examples("legal", test, c, c, c, 28)
          .examples("legal", test, c, other, other, 12);
    }

    assertThat(rule.findings(run.evidence()))
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.OVERFITTING,
                TUNED,
                "legal",
                new SliceKey("split", "*"),
                "tuned on legal: macro recall is 1.000 on the 40 examples of split 'train', which"
                    + " it was trained on, but 0.700 on the 80 held-out examples (gap 0.300 >"
                    + " 0.05), while base shows a gap of 0.000: the candidate fits its training"
                    + " data; judge it on held-out examples only."));
  }

  @Test
  void aGapThatTheBaselineShowsTooIsNotOverfitting() {
    // Both models are right on every training example and on 70 % of the test split.
    SliceKey train = new SliceKey("split", "train");
    SliceKey test = new SliceKey("split", "test");
    Run run = new Run().policy("legal", NO_TARGETS);
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", train, c, c, c, 20)
          .examples("legal", test, c, c, c, 28)
          .examples("legal", test, c, other, other, 12);
    }

    assertThat(rule.findings(run.evidence())).isEmpty();
  }
}
