package dev.domaineval.aggregate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.config.BootstrapScope;
import dev.domaineval.config.DuplicatePolicy;
import dev.domaineval.config.FindingsSpec;
import dev.domaineval.config.InputSpec;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Policy;
import dev.domaineval.config.ScoresSpec;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.input.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks that need no sample keys. The join is passed as null: only a check that fails on a
 * missing model or on duplicate keys asks it for a few offending keys.
 */
class InputAuditTest {
  private static final InputSpec LABELS =
      new InputSpec(
          "labels",
          Optional.of("data/labels.csv"),
          Optional.empty(),
          "csv",
          Map.of("header", "true"),
          Optional.empty(),
          Map.of("example_id", "id", "label", "gold", "domain", "domain"));
  private static final InputSpec PREDICTIONS =
      new InputSpec(
          "predictions",
          Optional.empty(),
          Optional.of("eval.predictions"),
          "parquet",
          Map.of(),
          Optional.empty(),
          Map.of("example_id", "id", "model", "model", "prediction", "answer"));

  private static final ReconciliationCount BASE_MATCHED = predictions("base", "matched", 10);
  private static final ReconciliationCount FT_MATCHED = predictions("ft-v1", "matched", 10);

  @Test
  void cleanCountsPass() {
    List<ReconciliationCount> counts =
        List.of(
            labels("predicted_by_all_models", 10),
            labels("duplicate_key", 0),
            BASE_MATCHED,
            predictions("base", "duplicate_key", 0),
            FT_MATCHED,
            predictions("ft-v1", "duplicate_key", 0),
            predictions(null, "model_not_selected", 4));

    assertThatCode(() -> InputAudit.check(counts, config(DuplicatePolicy.FAIL), null))
        .doesNotThrowAnyException();
  }

  @Test
  void duplicatesAreAcceptedWhenKeepingOne() {
    List<ReconciliationCount> counts =
        List.of(
            labels("predicted_by_all_models", 10),
            labels("duplicate_key", 3),
            BASE_MATCHED,
            predictions("base", "duplicate_key", 2),
            FT_MATCHED);

    assertThatCode(() -> InputAudit.check(counts, config(DuplicatePolicy.KEEP_ONE), null))
        .doesNotThrowAnyException();
  }

  @Test
  void emptyLabelsTableNamesTheTableAndTheKeyToCheck() {
    List<ReconciliationCount> counts = List.of(BASE_MATCHED, FT_MATCHED);

    assertThatThrownBy(() -> InputAudit.check(counts, config(DuplicatePolicy.FAIL), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("The labels table (csv at data/labels.csv) is empty")
        .hasMessageContaining("Check input.labels.path (or .table)");
  }

  @Test
  void emptyPredictionsTableNamesTheTableAndTheKeyToCheck() {
    List<ReconciliationCount> counts =
        List.of(labels("missing_prediction:base,ft-v1", 10), labels("duplicate_key", 0));

    assertThatThrownBy(() -> InputAudit.check(counts, config(DuplicatePolicy.FAIL), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("The predictions table (table eval.predictions) is empty")
        .hasMessageContaining("Check input.predictions.path (or .table)");
  }

  @Test
  void labelsThatAreAllNullNameTheTableTheColumnAndTheKeyToCheck() {
    List<ReconciliationCount> counts =
        List.of(
            labels("null_label", 7),
            labels("duplicate_key", 0),
            predictions("base", "null_label", 7),
            predictions("ft-v1", "null_label", 7));

    assertThatThrownBy(() -> InputAudit.check(counts, config(DuplicatePolicy.FAIL), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("The labels table (csv at data/labels.csv) has 7 rows")
        .hasMessageContaining("no usable label")
        .hasMessageContaining("column 'gold'")
        .hasMessageContaining("Check input.labels.columns.label");
  }

  @Test
  void labelsWithOnlyNullLabelsNullIdsAndDuplicateRowsAreNotUsable() {
    // 4 null labels + 3 null ids + 2 extra rows of duplicated ids: nothing left to evaluate.
    List<ReconciliationCount> counts =
        List.of(
            labels("null_label", 4),
            labels("null_example_id", 3),
            labels("duplicate_key", 2),
            BASE_MATCHED,
            FT_MATCHED);

    assertThatThrownBy(() -> InputAudit.check(counts, config(DuplicatePolicy.KEEP_ONE), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has 9 rows but no usable label");
  }

  @Test
  void labelsWithoutADomainAreNotUsableAndTheMessageNamesTheDomainColumn() {
    List<ReconciliationCount> counts =
        List.of(
            labels("null_label", 2),
            labels("null_domain", 5),
            predictions("base", "null_domain", 5),
            predictions("ft-v1", "null_domain", 5));

    assertThatThrownBy(() -> InputAudit.check(counts, config(DuplicatePolicy.FAIL), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has 7 rows but no usable label")
        .hasMessageContaining("domain (column 'domain')")
        .hasMessageContaining("input.labels.columns.domain");
  }

  @Test
  void predictionsOfExamplesWithoutADomainStillShowThatTheIdsJoin() {
    List<ReconciliationCount> counts =
        List.of(
            labels("predicted_by_all_models", 10),
            labels("null_domain", 2),
            BASE_MATCHED,
            predictions("base", "null_domain", 2),
            FT_MATCHED);

    assertThatCode(() -> InputAudit.check(counts, config(DuplicatePolicy.FAIL), null))
        .doesNotThrowAnyException();
  }

  private static JobConfig config(DuplicatePolicy duplicates) {
    return new JobConfig(
        "run-1",
        PREDICTIONS,
        LABELS,
        Map.of(),
        false,
        duplicates,
        "base",
        List.of("ft-v1"),
        List.of(),
        1000,
        Map.of(),
        new Policy("recall", Map.of(), 30, Policy.Role.IN_DOMAIN),
        0.05,
        new FindingsSpec(0.9, 0.5, 0.02, 0.02, 0.05, "train", 0.0, true),
        0,
        42,
        BootstrapScope.DOMAINS,
        new ScoresSpec(1e-4, 1e-4, 200, 50, 15),
        "out",
        0,
        7,
        "local[*]",
        "domain-eval",
        Map.of(),
        dev.domaineval.config.HistorySpec.DEFAULT,
        java.time.Duration.ofMinutes(10),
        200,
        20,
        dev.domaineval.config.DiscoverySpec.DEFAULTS,
        dev.domaineval.config.Normalization.defaultsOnly());
  }

  private static ReconciliationCount labels(String reason, long rows) {
    return ReconciliationCount.parse("labels", null, reason, rows);
  }

  private static ReconciliationCount predictions(String model, String reason, long rows) {
    return ReconciliationCount.parse("predictions", model, reason, rows);
  }
}
