package dev.domaineval.scores;

/**
 * The counts and rates of predicting positive for every score {@code >= threshold}.
 *
 * @param threshold the score threshold (inclusive), the lower edge of a score bucket
 * @param tp positives with score >= threshold
 * @param fp negatives with score >= threshold
 * @param fn positives with score < threshold
 * @param tn negatives with score < threshold
 */
public record OperatingPoint(double threshold, long tp, long fp, long fn, long tn) {

  public OperatingPoint {
    if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid operating point at threshold %s: negative count in tp=%d fp=%d fn=%d tn=%d",
              threshold, tp, fp, fn, tn));
    }
  }

  /** tp / (tp + fp); 0 when nothing is predicted positive, as scikit-learn and MLlib report it. */
  public double precision() {
    return ratio(tp, tp + fp);
  }

  /** tp / (tp + fn); 0 when there are no positives. */
  public double recall() {
    return ratio(tp, tp + fn);
  }

  /** 2·tp / (2·tp + fp + fn); 0 when there are no positives and nothing is predicted positive. */
  public double f1() {
    return ratio(2.0 * tp, 2.0 * tp + fp + fn);
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? 0.0 : numerator / denominator;
  }

  /**
   * A target for choosing a threshold: a floor on one metric, and the other metric to maximize.
   *
   * @param constraint which metric the floor is on
   * @param minimum the floor, inclusive, in [0, 1]
   */
  public record Target(Constraint constraint, double minimum) {

    public Target {
      if (constraint == null || !(minimum >= 0 && minimum <= 1)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid operating-point target %s >= %s: expected a constraint and a minimum in"
                    + " [0, 1], such as RECALL_AT_LEAST 0.9",
                constraint, minimum));
      }
    }

    public static Target recallAtLeast(double minimum) {
      return new Target(Constraint.RECALL_AT_LEAST, minimum);
    }

    public static Target precisionAtLeast(double minimum) {
      return new Target(Constraint.PRECISION_AT_LEAST, minimum);
    }
  }

  /** The metric a {@link Target} puts a floor on; the other one is maximized. */
  public enum Constraint {
    /** Recall >= minimum; maximize precision. */
    RECALL_AT_LEAST,
    /** Precision >= minimum; maximize recall. */
    PRECISION_AT_LEAST
  }
}
