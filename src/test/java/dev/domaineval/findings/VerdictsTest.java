package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.assertj.core.groups.Tuple;
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

  private static Finding coded(Severity severity, FindingCode code, String domain) {
    return new Finding(severity, code, "ft", domain, SliceKey.OVERALL, code + " on " + domain);
  }

  @Test
  void aVerdictBlamesTheModelOnlyWhenAReasonThatDecidesItDoes() {
    List<Finding> findings =
        List.of(
            // a: fails on leakage alone; the regression is only a warning
            coded(Severity.FAIL, FindingCode.DATA_LEAKAGE, "a"),
            coded(Severity.WARN, FindingCode.REGRESSION, "a"),
            // b: fails on leakage and on a regression
            coded(Severity.FAIL, FindingCode.DATA_LEAKAGE, "b"),
            coded(Severity.FAIL, FindingCode.REGRESSION, "b"),
            // c: warns on too few examples only
            coded(Severity.WARN, FindingCode.LOW_SUPPORT, "c"),
            // d: a model warning with an open gate
            coded(Severity.WARN, FindingCode.ONE_SIDED_GAIN, "d"));
    List<OpenGate> open = List.of(new OpenGate("ft", "d", "open d"));

    List<Verdict> verdicts =
        Verdicts.decide(List.of("ft"), List.of("a", "b", "c", "d", "e"), findings, open);

    assertThat(verdicts)
        .extracting(Verdict::domain, Verdict::outcome, Verdict::kind)
        .containsExactly(
            Tuple.tuple("a", Verdict.Outcome.FAIL, ReasonKind.EVALUATION),
            Tuple.tuple("b", Verdict.Outcome.FAIL, ReasonKind.MODEL),
            Tuple.tuple("c", Verdict.Outcome.WARN, ReasonKind.EVALUATION),
            Tuple.tuple("d", Verdict.Outcome.INCONCLUSIVE, ReasonKind.EVALUATION),
            Tuple.tuple("e", Verdict.Outcome.PASS, null));
    assertThat(verdicts.get(0).kinds()).containsExactly(ReasonKind.EVALUATION, ReasonKind.MODEL);
    assertThat(verdicts.get(1).reasons())
        .containsExactly("DATA_LEAKAGE: DATA_LEAKAGE on b", "REGRESSION: REGRESSION on b");
    assertThat(verdicts.get(1).kinds()).containsExactly(ReasonKind.EVALUATION, ReasonKind.MODEL);
    assertThat(verdicts.get(3).kinds()).containsExactly(ReasonKind.EVALUATION, ReasonKind.MODEL);
  }

  @Test
  void anUpdateKeepsTheModelsBlameAndAddsItsOwn() {
    List<Verdict> before =
        Verdicts.decide(
            List.of("ft"),
            List.of("a", "b"),
            List.of(coded(Severity.FAIL, FindingCode.DATA_LEAKAGE, "a")),
            List.of());

    List<Verdict> after =
        Verdicts.update(
            before,
            List.of(
                coded(Severity.FAIL, FindingCode.REGRESSION_VS_LAST_RUN, "a"),
                coded(Severity.WARN, FindingCode.REGRESSION_VS_LAST_RUN, "b")));

    assertThat(after)
        .extracting(Verdict::outcome, Verdict::kind)
        .containsExactly(
            Tuple.tuple(Verdict.Outcome.FAIL, ReasonKind.MODEL),
            Tuple.tuple(Verdict.Outcome.WARN, ReasonKind.MODEL));
    assertThat(after.get(0).kinds()).containsExactly(ReasonKind.MODEL, ReasonKind.EVALUATION);
  }

  @Test
  void theLineThatFoldsWarningsBlamesTheModelWhenAFoldedWarningDoes() {
    List<Finding> findings = new java.util.ArrayList<>();
    for (int i = 0; i < Verdicts.MAX_WARNINGS_IN_VERDICT; i++) {
      findings.add(coded(Severity.WARN, FindingCode.LOW_SUPPORT, "a"));
    }
    findings.add(coded(Severity.WARN, FindingCode.REGRESSION, "a"));

    Verdict v = Verdicts.decide(List.of("ft"), List.of("a"), findings, List.of()).get(0);

    assertThat(v.reasons().get(Verdicts.MAX_WARNINGS_IN_VERDICT)).startsWith("... and 1 more");
    assertThat(v.kinds().get(Verdicts.MAX_WARNINGS_IN_VERDICT)).isEqualTo(ReasonKind.MODEL);
    assertThat(v.kind()).isEqualTo(ReasonKind.MODEL);
  }
}
