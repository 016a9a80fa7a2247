package dev.domaineval.aggregate;

import dev.domaineval.config.DuplicatePolicy;
import dev.domaineval.config.JobConfig;
import dev.domaineval.counts.Reason;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.input.InvalidInputException;
import java.util.List;
import java.util.Optional;

/**
 * Checks the inputs on their reconciliation counts, after the one pass: empty tables, models that
 * have no prediction at all, duplicate keys, no usable label. Only a failing check runs a query of
 * its own, to name a few offending keys.
 */
public final class InputAudit {
  private static final int SAMPLE = 5;

  private InputAudit() {}

  /**
   * @throws InvalidInputException on the first failing check
   */
  public static void check(List<ReconciliationCount> counts, JobConfig config, ExampleJoin join) {
    long labelRows = rows(counts, "labels", null, null);
    long predictionRows = rows(counts, "predictions", null, null);
    if (labelRows == 0) {
      throw new InvalidInputException(
          String.format(
              "The labels table (%s) is empty: there is nothing to evaluate. Check"
                  + " input.labels.path (or .table) and that the night's labels were written.",
              config.labels().source()));
    }
    if (predictionRows == 0) {
      throw new InvalidInputException(
          String.format(
              "The predictions table (%s) is empty: there is nothing to evaluate. Check"
                  + " input.predictions.path (or .table) and that the night's predictions were"
                  + " written.",
              config.predictions().source()));
    }
    for (String model : config.models()) {
      if (rows(counts, "predictions", model, null) == 0) {
        throw new InvalidInputException(
            String.format(
                "Model '%s' is configured (models.%s) but has no row in the predictions table"
                    + " (%s). Models found there: %s. Fix the model name in the config.",
                model,
                model.equals(config.baseline()) ? "baseline" : "candidates",
                config.predictions().source(),
                join.sampleModels(50)));
      }
    }
    for (String model : config.models()) {
      long joined =
          rows(counts, "predictions", model, Reason.MATCHED)
              + rows(counts, "predictions", model, Reason.NULL_LABEL)
              + rows(counts, "predictions", model, Reason.NULL_DOMAIN);
      if (joined == 0) {
        throw new InvalidInputException(
            String.format(
                "None of the %d predictions of model '%s' has an example id that occurs in the"
                    + " labels table: predictions column '%s' and labels column '%s' do not join."
                    + " Check that both hold the same ids in the same form (e.g. '1' vs '1.0',"
                    + " 'e01' vs 'E01'), and input.predictions.columns.example-id and"
                    + " input.labels.columns.example-id.",
                rows(counts, "predictions", model, null),
                model,
                config.predictions().column("example_id").orElseThrow(),
                config.labels().column("example_id").orElseThrow()));
      }
    }
    if (config.duplicates() == DuplicatePolicy.FAIL) {
      long dupLabels = rows(counts, "labels", null, Reason.DUPLICATE_KEY);
      if (dupLabels > 0) {
        throw new InvalidInputException(
            String.format(
                "The labels table (%s) has %d extra rows for example ids that occur more than"
                    + " once (column '%s'), e.g. %s. Deduplicate the labels, or set"
                    + " input.on-duplicate-keys = keep-one to keep one row per id and count the"
                    + " rest.",
                config.labels().source(),
                dupLabels,
                config.labels().column("example_id").orElseThrow(),
                join.sampleDuplicateIds(Optional.empty(), SAMPLE)));
      }
      for (String model : config.models()) {
        long dup = rows(counts, "predictions", model, Reason.DUPLICATE_KEY);
        if (dup > 0) {
          throw new InvalidInputException(
              String.format(
                  "The predictions table (%s) has %d extra rows of model '%s' for example ids"
                      + " that it predicted more than once, e.g. %s. Deduplicate the predictions,"
                      + " or set input.on-duplicate-keys = keep-one to keep one row per (example,"
                      + " model) and count the rest.",
                  config.predictions().source(),
                  dup,
                  model,
                  join.sampleDuplicateIds(Optional.of(model), SAMPLE)));
        }
      }
    }
    long usable =
        labelRows
            - rows(counts, "labels", null, Reason.NULL_LABEL)
            - rows(counts, "labels", null, Reason.NULL_DOMAIN)
            - rows(counts, "labels", null, Reason.NULL_EXAMPLE_ID)
            - rows(counts, "labels", null, Reason.DUPLICATE_KEY);
    if (usable == 0) {
      throw new InvalidInputException(
          String.format(
              "The labels table (%s) has %d rows but no usable label: every row has a null or"
                  + " blank label (column '%s'), domain (column '%s') or example id. Check"
                  + " input.labels.columns.label and input.labels.columns.domain.",
              config.labels().source(),
              labelRows,
              config.labels().column("label").orElseThrow(),
              config.labels().column("domain").orElseThrow()));
    }
  }

  /** Sum of rows of a table, optionally of one model and one reason. */
  static long rows(List<ReconciliationCount> counts, String table, String model, Reason reason) {
    return counts.stream()
        .filter(c -> c.table().equals(table))
        .filter(c -> model == null || model.equals(c.model()))
        .filter(c -> reason == null || c.reason() == reason)
        .mapToLong(ReconciliationCount::rows)
        .sum();
  }
}
