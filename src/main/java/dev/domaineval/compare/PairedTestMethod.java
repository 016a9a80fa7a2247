package dev.domaineval.compare;

/**
 * How a comparison row was tested; the ids are the {@code test} and {@code interval_method} columns
 * of the comparison table (docs/statistics.md names each method's reference and assumptions).
 */
public enum PairedTestMethod {
  /**
   * A proportion of a fixed set of examples (accuracy, a class's recall, specificity): the exact
   * McNemar test and Newcombe's hybrid score interval of the paired difference.
   */
  MCNEMAR_EXACT("mcnemar_exact", "newcombe_hybrid_score"),
  /**
   * Any other metric of the confusion matrices: the delta method on the multinomial of the joint
   * confusion, a z-test and a Wald interval.
   */
  DELTA_METHOD("delta_method_z", "delta_method_wald");

  private final String id;
  private final String intervalId;

  PairedTestMethod(String id, String intervalId) {
    this.id = id;
    this.intervalId = intervalId;
  }

  /** The {@code test} column's value. */
  public String id() {
    return id;
  }

  /** The {@code interval_method} column's value. */
  public String intervalId() {
    return intervalId;
  }
}
