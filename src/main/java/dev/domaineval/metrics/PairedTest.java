package dev.domaineval.metrics;

/**
 * Whether and how a metric of a candidate is compared with the baseline's on the same examples,
 * from the joint confusion of the two models. The McNemar kinds (proportions of a fixed set of
 * examples) get the exact McNemar test and Newcombe's hybrid score interval of the paired
 * difference; every other compared metric the delta method's z-test and Wald interval. With the
 * bootstrap on, every compared metric of a group in its scope also gets the bootstrap's p-value and
 * interval.
 */
public enum PairedTest {
  /** Not compared (counts, prevalence, score metrics). */
  NONE,
  /**
   * Compared with the delta method on the multinomial of the joint confusion (precision, f1, the
   * averages, mcc, kappa, ...).
   */
  DELTA_METHOD,
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
