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
  static double macro(ConfusionMatrix m, MetricId perClass) {
    double sum = 0;
    for (String cls : m.classes()) {
      sum += perClass.compute(m.binaryCounts(cls));
    }
    return Ratio.of(sum, m.classes().size());
  }

  /** Mean of a one-vs-rest metric over the classes weighted by support ({@code weighted}). */
  static double weighted(ConfusionMatrix m, MetricId perClass) {
    double sum = 0;
    double supportSum = 0;
    for (String cls : m.classes()) {
      long support = m.support(cls);
      sum += support * perClass.compute(m.binaryCounts(cls));
      supportSum += support;
    }
    return Ratio.of(sum, supportSum);
  }

  /** Mean recall over the classes with support, scikit-learn's balanced_accuracy_score. */
  static double balancedAccuracy(ConfusionMatrix m) {
    double recallSum = 0;
    for (String cls : m.actualClasses()) {
      recallSum += MetricId.RECALL.compute(m.binaryCounts(cls));
    }
    return Ratio.of(recallSum, m.actualClasses().size());
  }

  /**
   * Recall of the negative side: negative examples predicted as a valid class other than the
   * positive one, over all negative examples. Unlike the one-vs-rest tn, an invalid prediction on a
   * negative example counts as wrong here: it did not say "negative".
   */
  static double specificity(ConfusionMatrix m, String positive) {
    long[] tnAndNegatives = trueNegatives(m, positive);
    return Ratio.of(tnAndNegatives[0], tnAndNegatives[1]);
  }

  /** The 95 % Wilson interval of {@link #specificity}. */
  static Optional<WilsonInterval.Interval> specificityInterval(ConfusionMatrix m, String positive) {
    long[] tnAndNegatives = trueNegatives(m, positive);
    return WilsonInterval.of(tnAndNegatives[0], tnAndNegatives[1]);
  }

  private static long[] trueNegatives(ConfusionMatrix m, String positive) {
    long negatives = 0;
    long trueNegatives = 0;
    for (ConfusionMatrix.Cell cell : m.cells()) {
      if (cell.actual().equals(positive)) {
        continue;
      }
      negatives += cell.count();
      if (!cell.predicted().equals(positive) && !cell.predicted().equals(ConfusionMatrix.INVALID)) {
        trueNegatives += cell.count();
      }
    }
    return new long[] {trueNegatives, negatives};
  }
}
