package dev.domaineval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Pins the schema of every output table: the columns are a public interface (downstream jobs and
 * dashboards read them), so a change is additive, documented in docs/outputs.md, and made here on
 * purpose.
 */
class OutputTablesSchemaTest {

  private static List<String> columns(StructType schema) {
    return Arrays.asList(schema.toDDL().split(","));
  }

  @Test
  void curvesTable() {
    assertThat(columns(OutputTables.CURVES_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "curve STRING NOT NULL",
            "point INT NOT NULL",
            "x DOUBLE NOT NULL",
            "y DOUBLE NOT NULL",
            "threshold DOUBLE NOT NULL",
            "examples BIGINT NOT NULL");
  }

  @Test
  void examplesTable() {
    assertThat(columns(OutputTables.EXAMPLES_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "outcome STRING NOT NULL",
            "rank INT NOT NULL",
            "example_id STRING NOT NULL",
            "id_hash BIGINT NOT NULL");
  }

  @Test
  void normalizationTable() {
    assertThat(columns(OutputTables.NORMALIZATION_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "rule STRING NOT NULL",
            "predictions BIGINT NOT NULL",
            "share DOUBLE NOT NULL");
  }

  @Test
  void invalidAnswersTable() {
    assertThat(columns(OutputTables.INVALID_ANSWERS_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "rank INT NOT NULL",
            "answer STRING NOT NULL",
            "truncated BOOLEAN NOT NULL",
            "normalized STRING NOT NULL",
            "predictions BIGINT NOT NULL",
            "max_predictions BIGINT NOT NULL",
            "share DOUBLE NOT NULL");
  }

  @Test
  void discoveredSlicesTable() {
    assertThat(columns(OutputTables.DISCOVERED_SLICES_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "candidate STRING NOT NULL",
            "domain STRING NOT NULL",
            "error STRING NOT NULL",
            "rank INT NOT NULL",
            "predicates STRING NOT NULL",
            "level INT NOT NULL",
            "examples BIGINT NOT NULL",
            "errors BIGINT NOT NULL",
            "error_rate DOUBLE",
            "domain_error_rate DOUBLE",
            "score DOUBLE NOT NULL",
            "fixed BIGINT NOT NULL",
            "broken BIGINT NOT NULL",
            "p_value DOUBLE NOT NULL",
            "significant BOOLEAN NOT NULL",
            "confirmation_examples BIGINT NOT NULL",
            "confirmation_errors BIGINT NOT NULL");
  }

  @Test
  void operatingPointsTable() {
    assertThat(columns(OutputTables.OPERATING_POINTS_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "constraint STRING NOT NULL",
            "target DOUBLE NOT NULL",
            "reached BOOLEAN NOT NULL",
            "threshold DOUBLE",
            "precision DOUBLE",
            "recall DOUBLE",
            "f1 DOUBLE",
            "tp BIGINT",
            "fp BIGINT",
            "fn BIGINT",
            "tn BIGINT",
            "hard_precision DOUBLE NOT NULL",
            "hard_recall DOUBLE NOT NULL",
            "hard_f1 DOUBLE NOT NULL",
            "hard_tp BIGINT NOT NULL",
            "hard_fp BIGINT NOT NULL",
            "hard_fn BIGINT NOT NULL",
            "hard_tn BIGINT NOT NULL");
  }

  @Test
  void findingsTable() {
    assertThat(columns(OutputTables.FINDINGS_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "severity STRING NOT NULL",
            "code STRING NOT NULL",
            "model STRING",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "message STRING NOT NULL");
  }

  @Test
  void verdictsTable() {
    assertThat(columns(OutputTables.VERDICTS_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "candidate STRING NOT NULL",
            "domain STRING NOT NULL",
            "verdict STRING NOT NULL",
            "reasons ARRAY<STRING> NOT NULL",
            "kind STRING",
            "reason_kinds ARRAY<STRING> NOT NULL");
  }

  @Test
  void confusionTable() {
    assertThat(columns(OutputTables.CONFUSION_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "actual STRING NOT NULL",
            "predicted STRING NOT NULL",
            "count BIGINT NOT NULL");
  }

  @Test
  void metricsTable() {
    assertThat(columns(OutputTables.METRICS_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "model STRING NOT NULL",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "class STRING",
            "metric STRING NOT NULL",
            "value DOUBLE NOT NULL",
            "ci_low DOUBLE",
            "ci_high DOUBLE",
            "support BIGINT NOT NULL");
  }

  @Test
  void reconciliationTable() {
    assertThat(columns(OutputTables.RECONCILIATION_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "table STRING NOT NULL",
            "reason STRING NOT NULL",
            "rows BIGINT NOT NULL");
  }

  @Test
  void comparisonTable() {
    assertThat(columns(OutputTables.COMPARISON_SCHEMA))
        .containsExactly(
            "run_id STRING NOT NULL",
            "baseline STRING NOT NULL",
            "candidate STRING NOT NULL",
            "domain STRING NOT NULL",
            "slice STRING NOT NULL",
            "slice_value STRING NOT NULL",
            "class STRING",
            "metric STRING NOT NULL",
            "baseline_value DOUBLE NOT NULL",
            "candidate_value DOUBLE NOT NULL",
            "delta DOUBLE NOT NULL",
            "p_value DOUBLE",
            "significant BOOLEAN NOT NULL",
            "fixed BIGINT",
            "broken BIGINT",
            "flip_rate DOUBLE",
            "delta_ci_low DOUBLE",
            "delta_ci_high DOUBLE",
            "mde DOUBLE",
            "support BIGINT NOT NULL",
            "test STRING NOT NULL",
            "interval_method STRING NOT NULL",
            "test_note STRING",
            "margin DOUBLE NOT NULL",
            "decision STRING",
            "examples_to_decide BIGINT",
            "bootstrap_p_value DOUBLE",
            "bootstrap_ci_low DOUBLE",
            "bootstrap_ci_high DOUBLE",
            "p_value_adjusted DOUBLE");
  }
}
