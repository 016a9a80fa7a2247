package dev.domaineval.metrics;

/** Which rows of the metrics table a metric appears on. */
public enum Scope {
  /** One row per class of the group (class column set), from the class's one-vs-rest counts. */
  PER_CLASS,
  /** One row per group (class column null), from the whole confusion matrix. */
  AGGREGATE,
  /** One row per group of a binary domain (class column null), about its positive class. */
  POSITIVE_CLASS,
  /**
   * One row per group (class column null) in a run that reads refusals or abstentions
   * (normalization): how much of the group the model answered.
   */
  ANSWERS,
  /** One row per group of a binary domain with scores: computed from the score histograms. */
  SCORE
}
