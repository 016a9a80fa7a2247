package dev.domaineval.findings;

import static dev.domaineval.findings.Run.NO_TARGETS;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.FindingsSpec;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DataLeakageRule} on its own. */
class DataLeakageRuleTest {
  private final DataLeakageRule rule = new DataLeakageRule();

  // legal, 100 examples, 50 a + 50 b: leaked 20 (tuned right on all), clean 80 (tuned right on
  // 60): macro recall of tuned 0.800 on all, 0.750 on the clean ones.
  private static Run leaked() {
    SliceKey leaked = new SliceKey("leakage", "leaked");
    SliceKey clean = new SliceKey("leakage", "clean");
    Run run = new Run().policy("legal", NO_TARGETS).leakageSlice();
    for (String c : List.of("a", "b")) {
      String other = c.equals("a") ? "b" : "a";
      run.examples("legal", leaked, c, c, c, 10)
          .examples("legal", clean, c, c, c, 30)
          .examples("legal", clean, c, other, other, 10);
    }
    return run;
  }

  @Test
  void leakageAboveTheAllowedRateFails() {
    assertThat(rule.findings(leaked().evidence()))
        .containsExactly(
            new Finding(
                Severity.FAIL,
                FindingCode.DATA_LEAKAGE,
                TUNED,
                "legal",
                new SliceKey("leakage", "*"),
                "tuned on legal: 20 of 100 evaluation examples (20.0 %) were also in tuned's"
                    + " fine-tuning data, above the 0.0 % allowed; macro recall is 0.800 on all"
                    + " examples but 0.750 on the 80 clean ones. Judge it on the clean slice"
                    + " (leakage = clean) and remove them from the evaluation set."));
  }

  @Test
  void leakageWithinTheAllowedRateInforms() {
    FindingsSpec lenient = new FindingsSpec(0.9, 0.5, 0.02, 0.02, 0.05, "train", 0.25, true);

    assertThat(rule.findings(leaked().thresholds(lenient).evidence()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.message())
                  .contains("(20.0 %) were also in tuned's fine-tuning data; macro recall")
                  .doesNotContain("allowed");
            });
  }

  @Test
  void aCandidateWithoutFineTuningDataHasNoLeakage() {
    Run run = new Run().policy("legal", NO_TARGETS);
    run.examples("legal", new SliceKey("leakage", "leaked"), "a", "a", "a", 40);

    assertThat(rule.findings(run.evidence())).isEmpty();
  }
}
