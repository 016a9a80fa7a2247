package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ShipDecision}: ship, do not ship or not decided, from a candidate's verdicts. */
class ShipDecisionTest {
  private static Verdict verdict(String candidate, String domain, Verdict.Outcome o, String... r) {
    return new Verdict(candidate, domain, o, List.of(r));
  }

  @Test
  void aFailureThatBlamesTheModelMeansDoNotShipWhateverElseFails() {
    List<ShipDecision> decisions =
        ShipDecision.of(
            List.of(
                verdict("ft", "medical", Verdict.Outcome.FAIL, "DATA_LEAKAGE: 9 % leaked"),
                verdict(
                    "ft",
                    "legal",
                    Verdict.Outcome.FAIL,
                    "DATA_LEAKAGE: 10 % leaked",
                    "BELOW_TARGET: recall 0.73 < 0.80"),
                verdict("ft", "spam", Verdict.Outcome.PASS)));

    assertThat(decisions)
        .containsExactly(
            new ShipDecision(
                "ft",
                ShipDecision.Call.DO_NOT_SHIP,
                List.of(new ShipDecision.Fact("legal", "BELOW_TARGET: recall 0.73 < 0.80"))));
  }

  @Test
  void failuresThatBlameOnlyTheEvaluationOrOpenGatesLeaveItUndecided() {
    List<ShipDecision> decisions =
        ShipDecision.of(
            List.of(
                verdict("ft", "medical", Verdict.Outcome.FAIL, "DATA_LEAKAGE: 9 % leaked"),
                verdict("ft", "spam", Verdict.Outcome.INCONCLUSIVE, "INCONCLUSIVE: add 300"),
                verdict("ft", "legal", Verdict.Outcome.WARN, "ONE_SIDED_GAIN: recall only"),
                verdict("other", "medical", Verdict.Outcome.PASS)));

    assertThat(decisions)
        .containsExactly(
            new ShipDecision(
                "ft",
                ShipDecision.Call.NOT_DECIDED,
                List.of(
                    new ShipDecision.Fact("medical", "DATA_LEAKAGE: 9 % leaked"),
                    new ShipDecision.Fact("spam", "INCONCLUSIVE: add 300"))),
            new ShipDecision(
                "other",
                ShipDecision.Call.SHIP,
                List.of(new ShipDecision.Fact(null, "every gate passed on 1 domain"))));
  }

  @Test
  void passesAndWarningsShip() {
    assertThat(
            ShipDecision.of(
                List.of(
                    verdict("ft", "a", Verdict.Outcome.PASS),
                    verdict("ft", "b", Verdict.Outcome.WARN, "REGRESSION: within the margin"))))
        .containsExactly(
            new ShipDecision(
                "ft",
                ShipDecision.Call.SHIP,
                List.of(
                    new ShipDecision.Fact(
                        null, "every gate passed on 2 domains; 1 with warnings to look at"))));
  }
}
