package dev.domaineval.metrics;

/** Which way a metric improves; gates and deltas read it to tell a regression from a gain. */
public enum Direction {
  /** A larger value is better (precision, recall, F1, accuracy, MCC, ...). */
  HIGHER_IS_BETTER,
  /** A smaller value is better (the invalid-prediction rate). */
  LOWER_IS_BETTER,
  /** A count or a property of the data (support, prevalence): neither better nor worse. */
  NONE
}
