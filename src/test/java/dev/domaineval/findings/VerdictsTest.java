package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Verdicts}: verdicts from findings and open gates alone. */
class VerdictsTest {
  private static Finding finding(Severity severity, String model, String domain, String message) {
    return new Finding(severity, FindingCode.REGRESSION, model, domain, SliceKey.OVERALL, message);
  }

  private static Finding informing(Severity severity, String model, String domain) {
    return new Finding(
        severity,
        FindingCode.INVALID_SCORES,
        model,
        domain,
        SliceKey.OVERALL,
        "scores",
        Finding.Effect.INFORMS);
  }

  @Test
  void verdictRanksFailOverInconclusiveOverWarnOverPass() {
    List<Finding> findings =
        List.of(
            finding(Severity.FAIL, "ft", "a", "broken"),
            finding(Severity.WARN, "ft", "a", "worse"),
            finding(Severity.WARN, "ft", "b", "worse on b"),
            finding(Severity.WARN, "ft", "c", "worse on c"),
            finding(Severity.INFO, "ft", "d", "noted"));
    List<OpenGate> open =
        List.of(new OpenGate("ft", "a", "open a"), new OpenGate("ft", "b", "open b"));

    assertThat(Verdicts.decide(List.of("ft"), List.of("a", "b", "c", "d"), findings, open))
        .containsExactly(
            new Verdict(
                "ft",
                "a",
                Verdict.Outcome.FAIL,
                List.of("REGRESSION: broken", "INCONCLUSIVE: open a", "REGRESSION: worse")),
            new Verdict(
                "ft",
                "b",
                Verdict.Outcome.INCONCLUSIVE,
                List.of("INCONCLUSIVE: open b", "REGRESSION: worse on b")),
            new Verdict("ft", "c", Verdict.Outcome.WARN, List.of("REGRESSION: worse on c")),
            new Verdict("ft", "d", Verdict.Outcome.PASS, List.of()));
  }

  @Test
  void findingsThatInformOrAreAboutAnotherModelOrDomainDoNotChangeAVerdict() {
    List<Finding> findings =
        List.of(
            informing(Severity.FAIL, "ft", "a"),
            informing(Severity.WARN, "ft", "a"),
            finding(Severity.FAIL, "base", "a", "baseline"),
            finding(Severity.FAIL, null, "a", "inputs"),
            finding(Severity.FAIL, "ft", "*", "pooled"));

    assertThat(Verdicts.decide(List.of("ft"), List.of("a"), findings, List.of()))
        .containsExactly(new Verdict("ft", "a", Verdict.Outcome.PASS, List.of()));
  }

  @Test
  void anUpdateListsNewFailuresFirstAndNewWarningsLastAndIgnoresFindingsThatInform() {
    List<Verdict> before =
        List.of(
            new Verdict("ft", "a", Verdict.Outcome.INCONCLUSIVE, List.of("INCONCLUSIVE: open")),
            new Verdict("ft", "b", Verdict.Outcome.PASS, List.of()));

    List<Verdict> after =
        Verdicts.update(
            before,
            List.of(
                finding(Severity.WARN, "ft", "a", "dropped"),
                finding(Severity.FAIL, "ft", "a", "failed"),
                informing(Severity.FAIL, "ft", "b")));

    assertThat(after)
        .containsExactly(
            new Verdict(
                "ft",
                "a",
                Verdict.Outcome.FAIL,
                List.of("REGRESSION: failed", "INCONCLUSIVE: open", "REGRESSION: dropped")),
            new Verdict("ft", "b", Verdict.Outcome.PASS, List.of()));
  }
}
