package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry, and {@link Assessment} as the runner of any list of rules. */
class FindingRulesTest {

  @Test
  void theRegistryListsEachRuleOnceInItsOrder() {
    assertThat(FindingRules.all())
        .extracting(r -> r.getClass().getSimpleName())
        .containsExactly(
            "LowSupportRule",
            "BelowTargetRule",
            "OneSidedGainRule",
            "OverfittingRule",
            "DataLeakageRule",
            "AccuracyParadoxRule",
            "InvalidPredictionsRule",
            "RegressionRule",
            "ForgettingRule",
            "UnmatchedRowsRule",
            "RefusalIncreaseRule",
            "LowCoverageRule");
  }

  /** A rule that finds what it is given, whatever the evidence. */
  private record Fixed(List<Finding> findings, List<OpenGate> open) implements FindingRule {
    @Override
    public List<Finding> findings(Evidence evidence) {
      return findings;
    }

    @Override
    public List<OpenGate> openGates(Evidence evidence) {
      return open;
    }
  }

  private static Finding finding(Severity severity, FindingCode code, Finding.Effect effect) {
    return new Finding(severity, code, Run.TUNED, "legal", SliceKey.OVERALL, code.name(), effect);
  }

  @Test
  void theRunnerSortsTheFindingsOfEveryRuleAndDecidesFromThoseThatGate() {
    // legal, 60 examples, both models right on all: no rule of the registry finds anything.
    Evidence evidence =
        new Run()
            .policy("legal", Run.NO_TARGETS)
            .examples("legal", "a", "a", "a", 30)
            .examples("legal", "b", "b", "b", 30)
            .evidence();
    Finding informs = finding(Severity.FAIL, FindingCode.INVALID_SCORES, Finding.Effect.INFORMS);
    Finding warns = finding(Severity.WARN, FindingCode.REGRESSION, Finding.Effect.GATES);
    Finding notes = finding(Severity.INFO, FindingCode.DATA_LEAKAGE, Finding.Effect.GATES);
    OpenGate open = new OpenGate(Run.TUNED, "legal", "open");

    Assessment.Result result =
        Assessment.evaluate(
            evidence,
            List.of(
                new Fixed(List.of(notes, warns), List.of()),
                new Fixed(List.of(informs), List.of(open))));

    assertThat(result.findings()).containsExactly(informs, warns, notes);
    assertThat(result.verdicts())
        .containsExactly(
            new Verdict(
                Run.TUNED,
                "legal",
                Verdict.Outcome.INCONCLUSIVE,
                List.of("INCONCLUSIVE: open", "REGRESSION: REGRESSION")));
    assertThat(Assessment.evaluate(evidence).findings()).isEmpty();
  }
}
