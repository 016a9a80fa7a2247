package dev.domaineval.findings;

import static dev.domaineval.findings.Run.BASE;
import static dev.domaineval.findings.Run.TUNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** {@link UnmatchedRowsRule} on its own: it reads the reconciliation counts only. */
class UnmatchedRowsRuleTest {
  private final UnmatchedRowsRule rule = new UnmatchedRowsRule();

  @Test
  void missingPredictionsWarnPerModelAndRowsWithoutALabelInform() {
    Evidence evidence =
        new Run()
            .input("labels", null, "predicted_by_all_models", 950)
            .input("labels", null, "missing_prediction:tuned", 40)
            .input("labels", null, "missing_prediction:base,tuned", 10)
            .input("labels", null, "null_label", 3)
            .input("predictions", TUNED, "no_label", 7)
            .input("predictions", null, "no_label", 5)
            .evidence();

    assertThat(rule.findings(evidence))
        .extracting(Finding::severity, Finding::model, Finding::domain)
        .containsExactly(
            tuple(Severity.WARN, BASE, "*"),
            tuple(Severity.WARN, TUNED, "*"),
            tuple(Severity.INFO, TUNED, "*"),
            tuple(Severity.INFO, null, "*"));
    assertThat(rule.findings(evidence).get(1).message())
        .isEqualTo(
            "tuned has no prediction for 50 of 1000 labelled examples (5.00 %); they count as"
                + " (invalid). Check that the model's predictions are complete.");
  }

  @Test
  void labelRowsWithoutADomainInformLikeRowsWithoutALabel() {
    Evidence evidence =
        new Run()
            .input("labels", null, "predicted_by_all_models", 60)
            .input("labels", null, "null_domain", 2)
            .input("predictions", BASE, "null_domain", 2)
            .evidence();

    assertThat(rule.findings(evidence))
        .extracting(Finding::severity, Finding::model, Finding::message)
        .containsExactly(
            tuple(
                Severity.INFO,
                null,
                "2 label rows have a null or blank domain; they are excluded (reason"
                    + " null_domain)."));
  }

  @Test
  void completeInputsAreNotReported() {
    Evidence evidence =
        new Run()
            .input("labels", null, "predicted_by_all_models", 60)
            .input("predictions", BASE, "matched", 60)
            .evidence();

    assertThat(rule.findings(evidence)).isEmpty();
  }
}
