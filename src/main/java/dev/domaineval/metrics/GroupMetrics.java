package dev.domaineval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one group's {@link ConfusionMatrix} into its {@link MetricValue}s, with scikit-learn's
 * definitions ({@code zero_division=0}), which coincide with MLlib's {@code MulticlassMetrics}
 * wherever both define a metric.
 *
 * <p>Per-class metrics and averages range over {@link ConfusionMatrix#classes()}, the classes seen
 * as a label or as a valid prediction, as scikit-learn infers them. A predicted-only class thus
 * counts with precision 0 in the macro averages and weight 0 in the weighted averages. Invalid
 * predictions are wrong for every metric: a false negative of the example's class, never a match.
 */
public final class GroupMetrics {

  private GroupMetrics() {}

  /**
   * The metrics of a multiclass group (no positive class); see {@link #compute(ConfusionMatrix,
   * String)}.
   */
  public static List<MetricValue> compute(ConfusionMatrix matrix) {
    return compute(matrix, null);
  }

  /**
   * The metrics of one group, in a fixed order:
   *
   * <ol>
   *   <li>for each class of {@link ConfusionMatrix#classes()}, in order: {@code precision}, {@code
   *       recall}, {@code f1}, {@code tp}, {@code fp}, {@code fn}, {@code tn}, {@code support},
   *       with the class's support in the support column and 95 % Wilson intervals on precision (tp
   *       of tp + fp) and recall (tp of tp + fn);
   *   <li>aggregate rows (class null, the group's total N in the support column): {@code accuracy}
   *       (with interval), {@code macro_*}, {@code weighted_*}, {@code balanced_accuracy}, {@code
   *       mcc}, {@code count}, {@code invalid_rate};
   *   <li>for a binary domain ({@code positiveClassOrNull} set), aggregate rows of the positive
   *       class: {@code precision}, {@code recall} (with intervals), {@code f1}, {@code
   *       specificity} (with interval) and {@code prevalence}.
   * </ol>
   *
   * <p>An empty matrix yields only the aggregate rows, all 0 without intervals. The positive class
   * need not occur in the group; its precision and recall are then 0.
   *
   * @param positiveClassOrNull the positive class of a binary domain, or null for multiclass
   * @throws IllegalArgumentException if the positive class is {@link ConfusionMatrix#INVALID}
   */
  public static List<MetricValue> compute(ConfusionMatrix matrix, String positiveClassOrNull) {
    if (ConfusionMatrix.INVALID.equals(positiveClassOrNull)) {
      throw new IllegalArgumentException(
          "Invalid positive class '"
              + positiveClassOrNull
              + "': it is the token of invalid predictions, not a class. Set the domain's positive"
              + " class to one of its labels.");
    }
    List<MetricValue> values = new ArrayList<>();
    long n = matrix.total();

    double precisionSum = 0;
    double recallSum = 0;
    double f1Sum = 0;
    double weightedPrecisionSum = 0;
    double weightedRecallSum = 0;
    double weightedF1Sum = 0;
    double supportSum = 0;
    for (String cls : matrix.classes()) {
      BinaryCounts counts = matrix.binaryCounts(cls);
      long support = matrix.support(cls);
      for (MetricId metric : MetricId.values()) {
        if (metric.isOneVsRest()) {
          values.add(oneVsRest(cls, metric, counts, support));
        }
      }
      double precision = MetricId.PRECISION.compute(counts);
      double recall = MetricId.RECALL.compute(counts);
      double f1 = MetricId.F1.compute(counts);
      precisionSum += precision;
      recallSum += recall;
      f1Sum += f1;
      weightedPrecisionSum += support * precision;
      weightedRecallSum += support * recall;
      weightedF1Sum += support * f1;
      supportSum += support;
    }

    double classCount = matrix.classes().size();
    values.add(
        MetricValue.of(
            null,
            MetricId.ACCURACY,
            Ratio.of(matrix.correct(), n),
            WilsonInterval.of(matrix.correct(), n),
            n));
    values.add(
        MetricValue.of(null, MetricId.MACRO_PRECISION, Ratio.of(precisionSum, classCount), n));
    values.add(MetricValue.of(null, MetricId.MACRO_RECALL, Ratio.of(recallSum, classCount), n));
    // Mean of the per-class F1, not the F1 of macro precision and recall: scikit-learn's macro F1.
    values.add(MetricValue.of(null, MetricId.MACRO_F1, Ratio.of(f1Sum, classCount), n));
    values.add(
        MetricValue.of(
            null, MetricId.WEIGHTED_PRECISION, Ratio.of(weightedPrecisionSum, supportSum), n));
    values.add(
        MetricValue.of(null, MetricId.WEIGHTED_RECALL, Ratio.of(weightedRecallSum, supportSum), n));
    values.add(MetricValue.of(null, MetricId.WEIGHTED_F1, Ratio.of(weightedF1Sum, supportSum), n));
    values.add(MetricValue.of(null, MetricId.BALANCED_ACCURACY, balancedAccuracy(matrix), n));
    values.add(MetricValue.of(null, MetricId.MCC, mcc(matrix), n));
    values.add(MetricValue.of(null, MetricId.COUNT, n, n));
    values.add(MetricValue.of(null, MetricId.INVALID_RATE, Ratio.of(matrix.invalidCount(), n), n));

    if (positiveClassOrNull != null) {
      BinaryCounts counts = matrix.binaryCounts(positiveClassOrNull);
      values.add(oneVsRest(null, MetricId.PRECISION, counts, n));
      values.add(oneVsRest(null, MetricId.RECALL, counts, n));
      values.add(oneVsRest(null, MetricId.F1, counts, n));
      values.add(specificity(matrix, positiveClassOrNull));
      values.add(
          MetricValue.of(
              null, MetricId.PREVALENCE, Ratio.of(matrix.support(positiveClassOrNull), n), n));
    }
    return List.copyOf(values);
  }

  /**
   * Matthews correlation coefficient over the whole table, scikit-learn's multiclass {@code
   * matthews_corrcoef} (Gorodkin's R_K), in [-1, 1]; 0 when a variance term is 0.
   *
   * <p>{@code (invalid)} is a predicted label of its own, so an invalid prediction never matches
   * the true class. All products are taken in double: with billions of examples, s² alone would
   * overflow a long.
   */
  public static double mcc(ConfusionMatrix matrix) {
    double s = matrix.total();
    double c = matrix.correct();
    double truePredicted = 0;
    double trueSquares = 0;
    for (String cls : matrix.actualClasses()) {
      double t = matrix.support(cls);
      trueSquares += t * t;
      truePredicted += t * matrix.predictedCount(cls);
    }
    double predictedSquares = 0;
    for (String cls : matrix.classes()) {
      double p = matrix.predictedCount(cls);
      predictedSquares += p * p;
    }
    double invalid = matrix.invalidCount();
    predictedSquares += invalid * invalid;

    double covYtYp = c * s - truePredicted;
    double covYpYp = s * s - predictedSquares;
    double covYtYt = s * s - trueSquares;
    return Ratio.of(covYtYp, Math.sqrt(covYtYt * covYpYp));
  }

  /** Mean recall over the classes with support, scikit-learn's balanced_accuracy_score. */
  private static double balancedAccuracy(ConfusionMatrix matrix) {
    double recallSum = 0;
    for (String cls : matrix.actualClasses()) {
      recallSum += MetricId.RECALL.compute(matrix.binaryCounts(cls));
    }
    return Ratio.of(recallSum, matrix.actualClasses().size());
  }

  /**
   * Recall of the negative side: negative examples predicted as a valid class other than the
   * positive one, over all negative examples. Unlike the one-vs-rest tn, an invalid prediction on a
   * negative example counts as wrong here: it did not say "negative".
   */
  private static MetricValue specificity(ConfusionMatrix matrix, String positive) {
    long negatives = 0;
    long trueNegatives = 0;
    for (ConfusionMatrix.Cell cell : matrix.cells()) {
      if (cell.actual().equals(positive)) {
        continue;
      }
      negatives += cell.count();
      if (!cell.predicted().equals(positive) && !cell.predicted().equals(ConfusionMatrix.INVALID)) {
        trueNegatives += cell.count();
      }
    }
    return MetricValue.of(
        null,
        MetricId.SPECIFICITY,
        Ratio.of(trueNegatives, negatives),
        WilsonInterval.of(trueNegatives, negatives),
        matrix.total());
  }

  private static MetricValue oneVsRest(
      String cls, MetricId metric, BinaryCounts counts, long support) {
    Optional<WilsonInterval.Interval> interval =
        switch (metric) {
          case PRECISION -> WilsonInterval.of(counts.tp(), counts.tp() + counts.fp());
          case RECALL -> WilsonInterval.of(counts.tp(), counts.tp() + counts.fn());
          default -> Optional.empty();
        };
    return MetricValue.of(cls, metric, metric.compute(counts), interval, support);
  }
}
