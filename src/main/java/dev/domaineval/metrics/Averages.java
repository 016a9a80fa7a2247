package dev.domaineval.metrics;

import java.util.Optional;

/**
 * The metrics of a whole confusion matrix that average or combine per-class values, with
 * scikit-learn's definitions ({@code zero_division=0}). Per-class values range over {@link
 * ConfusionMatrix#classes()}, the classes seen as a label or as a valid prediction, as scikit-learn
 * infers them: a predicted-only class counts with precision 0 in the macro averages and weight 0 in
 * the weighted averages.
 */
final class Averages {
  private Averages() {}

  /** Unweighted mean of a one-vs-rest metric over the classes (scikit-learn's {@code macro}). */
  static double macro(ClassCounts m, MetricId perClass) {
    double sum = 0;
    for (int k = 0; k < m.size(); k++) {
      sum += m.value(k, perClass);
    }
    return Ratio.of(sum, m.size());
  }

  /** Mean of a one-vs-rest metric over the classes weighted by support ({@code weighted}). */
  static double weighted(ClassCounts m, MetricId perClass) {
    double sum = 0;
    double supportSum = 0;
    for (int k = 0; k < m.size(); k++) {
      long support = m.support(k);
      sum += support * m.value(k, perClass);
      supportSum += support;
    }
    return Ratio.of(sum, supportSum);
  }

  /** Mean recall over the classes with support, scikit-learn's balanced_accuracy_score. */
  static double balancedAccuracy(ClassCounts m) {
    double recallSum = 0;
    for (int k = 0; k < m.size(); k++) {
      if (m.support(k) > 0) {
        recallSum += m.value(k, MetricId.RECALL);
      }
    }
    return Ratio.of(recallSum, m.actualClassCount());
  }

  /**
   * Recall of the negative side: negative examples predicted as a valid class other than the
   * positive one, over all negative examples. Unlike the one-vs-rest tn, an invalid prediction on a
   * negative example counts as wrong here: it did not say "negative".
   */
  static double specificity(ClassCounts m, String positive) {
    long[] tnAndNegatives = trueNegatives(m, positive);
    return Ratio.of(tnAndNegatives[0], tnAndNegatives[1]);
  }

  /** The 95 % Wilson interval of {@link #specificity}. */
  static Optional<WilsonInterval.Interval> specificityInterval(ClassCounts m, String positive) {
    long[] tnAndNegatives = trueNegatives(m, positive);
    return WilsonInterval.of(tnAndNegatives[0], tnAndNegatives[1]);
  }

  /**
   * The negative examples predicted as a valid class other than the positive one, and all negative
   * examples: the negatives less those predicted positive (the positive class's fp) and those
   * predicted {@code (invalid)}.
   */
  private static long[] trueNegatives(ClassCounts m, String positive) {
    int k = m.indexOf(positive);
    long negatives = m.total() - (k < 0 ? 0 : m.support(k));
    long predictedPositive = k < 0 ? 0 : m.binaryCounts(k).fp();
    long invalidNegatives = m.nonAnswerCount() - (k < 0 ? 0 : m.nonAnswerCount(k));
    return new long[] {negatives - predictedPositive - invalidNegatives, negatives};
  }
}
