package dev.domaineval.metrics;

/**
 * Whether and how a metric of a candidate is compared with the baseline's on the same examples.
 * Every compared metric gets the bootstrap's p-value and interval when the bootstrap is on; the
 * McNemar kinds also have an exact paired test without it.
 */
public enum PairedTest {
  /** Not compared (counts, prevalence, score metrics). */
  NONE,
  /** Compared; a p-value only from the bootstrap. */
  BOOTSTRAP,
  /** Exact McNemar test on the examples where exactly one model is right (accuracy). */
  MCNEMAR_ALL_EXAMPLES,
  /** Exact McNemar test restricted to the examples of the row's class (recall). */
  MCNEMAR_CLASS_EXAMPLES,
  /** Exact McNemar test restricted to the examples outside the positive class (specificity). */
  MCNEMAR_NEGATIVE_EXAMPLES;

  /** Whether the metric is compared at all. */
  public boolean isCompared() {
    return this != NONE;
  }
}
