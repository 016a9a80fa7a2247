package dev.domaineval.findings;

import static dev.domaineval.findings.Run.BASE;
import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** {@link AccuracyParadoxRule} on its own. */
class AccuracyParadoxRuleTest {
  private final AccuracyParadoxRule rule = new AccuracyParadoxRule();

  // spam (positive spam), base and tuned alike, 1000 examples:
  //   actual \ predicted   spam  ham   support
  //   spam                found  50 - found   50
  //   ham                    0   950     950
  private static Evidence spamFound(long found) {
    return new Run()
        .binary("spam", "spam")
        .policy("spam", NO_TARGETS)
        .examples("spam", "spam", "spam", "spam", found)
        .examples("spam", "spam", "ham", "ham", 50 - found)
        .examples("spam", "ham", "ham", "ham", 950)
        .evidence();
  }

  @Test
  void highAccuracyWithLowPositiveRecallWarnsForEveryModel() {
    // accuracy 960 / 1000 = 0.96 >= 0.9 with recall of spam 10 / 50 = 0.2 < 0.5.
    String tail =
        " on spam: accuracy 0.960 looks good next to always predicting 'ham' (0.950), but recall"
            + " of 'spam' (50 of 1000 examples) is 0.200. Judge this domain by recall and"
            + " precision, not accuracy.";

    assertThat(rule.findings(spamFound(10)))
        .containsExactly(
            new Finding(
                Severity.WARN,
                FindingCode.ACCURACY_PARADOX,
                BASE,
                "spam",
                SliceKey.OVERALL,
                BASE + tail),
            new Finding(
                Severity.WARN,
                FindingCode.ACCURACY_PARADOX,
                TUNED,
                "spam",
                SliceKey.OVERALL,
                TUNED + tail));
  }

  @Test
  void aGoodRecallOfTheMinorityIsNoParadox() {
    // accuracy 0.99 with recall of spam 40 / 50 = 0.8.
    assertThat(rule.findings(spamFound(40))).isEmpty();
  }
}
