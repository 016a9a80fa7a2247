package dev.domaineval.counts;

/**
 * Why input rows were used or left out: the {@code reason} column of the reconciliation table.
 * Every input row is counted under exactly one reason of its table. The ids are stable: the pass
 * writes them, the reconciliation table and {@code summary.json} publish them.
 */
public enum Reason {
  // labels
  /** A labelled example with a prediction of every selected model. */
  PREDICTED_BY_ALL_MODELS("predicted_by_all_models"),
  /** A labelled example without a prediction of some models (the detail lists them). */
  MISSING_PREDICTION("missing_prediction"),
  // labels and predictions
  /** A row without an example id. */
  NULL_EXAMPLE_ID("null_example_id"),
  /** A row whose example has a null label. */
  NULL_LABEL("null_label"),
  /** A row whose example has a label but a null or blank domain. */
  NULL_DOMAIN("null_domain"),
  /** A row whose key occurs more than once, left out by the duplicate policy. */
  DUPLICATE_KEY("duplicate_key"),
  // predictions
  /** A prediction of a selected model for a labelled example. */
  MATCHED("matched"),
  /** A prediction whose example has no label row. */
  NO_LABEL("no_label"),
  /** A prediction of a model the job does not evaluate. */
  MODEL_NOT_SELECTED("model_not_selected"),
  // training.<candidate>
  /** A fine-tuning example that is also in the evaluation set. */
  IN_EVAL("in_eval"),
  /** A fine-tuning example that is not in the evaluation set. */
  NOT_IN_EVAL("not_in_eval"),
  /** Fine-tuning rows compared with the evaluation set by their text's hash. */
  COMPARED_BY_TEXT("compared_by_text"),
  // scores (the detail is the model)
  /** A score in [0, 1]: it enters the score metrics. */
  VALID_SCORE("valid"),
  /** A prediction without a score. */
  NULL_SCORE("null_score"),
  /** A score that is not a number. */
  UNPARSEABLE_SCORE("unparseable_score"),
  /** A score that is NaN. */
  NAN_SCORE("nan_score"),
  /** A score outside [0, 1]. */
  OUT_OF_RANGE_SCORE("out_of_range_score");

  /** Separates a reason's id from its detail in the published value, e.g. {@code valid:base}. */
  public static final String DETAIL_SEPARATOR = ":";

  private final String id;

  Reason(String id) {
    this.id = id;
  }

  /** The stable id, e.g. {@code no_label}. */
  public String id() {
    return id;
  }

  /**
   * The reason with this id.
   *
   * @throws IllegalArgumentException for an unknown id
   */
  public static Reason fromId(String id) {
    for (Reason r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("Unknown reconciliation reason '" + id + "'");
  }
}
