package dev.domaineval.metrics;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The metrics we compute, with the stable id written to output tables and their {@link Direction}.
 * Ids are never renamed once released.
 *
 * <p>Ratios are fractions in [0, 1] (MCC in [-1, 1]); counts are numbers of examples. {@link
 * #PRECISION}, {@link #RECALL} and {@link #F1} appear both on per-class rows (class column set)
 * and, for binary domains, on aggregate rows for the positive class (class column null).
 *
 * <p>The one-vs-rest metrics ({@link #isOneVsRest()}) are functions of a class's {@link
 * BinaryCounts}; the others need the whole {@link ConfusionMatrix} and are computed by {@link
 * GroupMetrics}.
 */
public enum MetricId {
  PRECISION("precision", Direction.HIGHER_IS_BETTER, c -> Ratio.of(c.tp(), c.tp() + c.fp())),
  RECALL("recall", Direction.HIGHER_IS_BETTER, c -> Ratio.of(c.tp(), c.tp() + c.fn())),
  // 2tp / (2tp + fp + fn) rather than 2PR / (P + R): equal where both are defined, and 0 (not
  // undefined) when P + R = 0, as scikit-learn computes it. 2.0 keeps huge counts in double.
  F1("f1", Direction.HIGHER_IS_BETTER, c -> Ratio.of(2.0 * c.tp(), 2.0 * c.tp() + c.fp() + c.fn())),
  TP("tp", Direction.NONE, c -> c.tp()),
  FP("fp", Direction.NONE, c -> c.fp()),
  FN("fn", Direction.NONE, c -> c.fn()),
  TN("tn", Direction.NONE, c -> c.tn()),
  SUPPORT("support", Direction.NONE, c -> (double) c.tp() + c.fn()),

  ACCURACY("accuracy", Direction.HIGHER_IS_BETTER),
  MACRO_PRECISION("macro_precision", Direction.HIGHER_IS_BETTER),
  MACRO_RECALL("macro_recall", Direction.HIGHER_IS_BETTER),
  MACRO_F1("macro_f1", Direction.HIGHER_IS_BETTER),
  WEIGHTED_PRECISION("weighted_precision", Direction.HIGHER_IS_BETTER),
  WEIGHTED_RECALL("weighted_recall", Direction.HIGHER_IS_BETTER),
  WEIGHTED_F1("weighted_f1", Direction.HIGHER_IS_BETTER),
  BALANCED_ACCURACY("balanced_accuracy", Direction.HIGHER_IS_BETTER),
  MCC("mcc", Direction.HIGHER_IS_BETTER),
  COUNT("count", Direction.NONE),
  INVALID_RATE("invalid_rate", Direction.LOWER_IS_BETTER),
  SPECIFICITY("specificity", Direction.HIGHER_IS_BETTER),
  PREVALENCE("prevalence", Direction.NONE),

  // Threshold metrics of a binary domain's scores (the examples with a valid score).
  ROC_AUC("roc_auc", Direction.HIGHER_IS_BETTER),
  PR_AUC("pr_auc", Direction.HIGHER_IS_BETTER),
  AVERAGE_PRECISION("average_precision", Direction.HIGHER_IS_BETTER),
  LOG_LOSS("log_loss", Direction.LOWER_IS_BETTER),
  BRIER("brier", Direction.LOWER_IS_BETTER),
  ECE("ece", Direction.LOWER_IS_BETTER),
  // The operating point the domain's policy chooses on the scores (see the operating_points table).
  OP_THRESHOLD("op_threshold", Direction.NONE),
  OP_PRECISION("op_precision", Direction.HIGHER_IS_BETTER),
  OP_RECALL("op_recall", Direction.HIGHER_IS_BETTER),
  OP_F1("op_f1", Direction.HIGHER_IS_BETTER);

  private final String id;
  private final Direction direction;
  private final ToDoubleFunction<BinaryCounts> oneVsRest;

  MetricId(String id, Direction direction) {
    this(id, direction, null);
  }

  MetricId(String id, Direction direction, ToDoubleFunction<BinaryCounts> oneVsRest) {
    this.id = id;
    this.direction = direction;
    this.oneVsRest = oneVsRest;
  }

  /** The stable id written to output tables, e.g. {@code macro_f1}. */
  public String id() {
    return id;
  }

  public Direction direction() {
    return direction;
  }

  public boolean isHigherBetter() {
    return direction == Direction.HIGHER_IS_BETTER;
  }

  public boolean isLowerBetter() {
    return direction == Direction.LOWER_IS_BETTER;
  }

  /**
   * Whether this metric comes from a binary domain's scores (computed by the score histograms, not
   * from the confusion matrix).
   */
  public boolean isScoreMetric() {
    return ordinal() >= ROC_AUC.ordinal();
  }

  /** Whether this metric is a function of one class's one-vs-rest counts (a per-class metric). */
  public boolean isOneVsRest() {
    return oneVsRest != null;
  }

  /**
   * The value of this one-vs-rest metric for the given counts (a ratio in [0, 1] or a count).
   *
   * @throws IllegalStateException if this metric needs the whole confusion matrix
   */
  public double compute(BinaryCounts counts) {
    if (oneVsRest == null) {
      throw new IllegalStateException(
          "Metric '"
              + id
              + "' is not a function of one-vs-rest counts; compute it from the whole confusion"
              + " matrix with GroupMetrics.compute");
    }
    return oneVsRest.applyAsDouble(counts);
  }

  /**
   * The metric with the given stable id.
   *
   * @throws IllegalArgumentException if no metric has this id; the message lists the known ids
   */
  public static MetricId fromId(String id) {
    for (MetricId metric : values()) {
      if (metric.id.equals(id)) {
        return metric;
      }
    }
    throw new IllegalArgumentException(
        "Unknown metric id '"
            + id
            + "': expected one of "
            + Arrays.stream(values()).map(MetricId::id).collect(Collectors.joining(", "))
            + ".");
  }
}
