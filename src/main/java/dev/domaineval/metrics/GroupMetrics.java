package dev.domaineval.metrics;

import java.util.ArrayList;
import java.util.List;

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

  private static final List<MetricId> PER_CLASS = MetricId.ofScope(Scope.PER_CLASS);
  private static final List<MetricId> AGGREGATE = MetricId.ofScope(Scope.AGGREGATE);
  private static final List<MetricId> POSITIVE_CLASS = MetricId.ofScope(Scope.POSITIVE_CLASS);
  private static final List<MetricId> ANSWERS = MetricId.ofScope(Scope.ANSWERS);

  private GroupMetrics() {}

  /**
   * The metrics of a multiclass group (no positive class); see {@link #compute(ConfusionMatrix,
   * String)}.
   */
  public static List<MetricValue> compute(ConfusionMatrix matrix) {
    return compute(matrix, null);
  }

  /**
   * The metrics of one group, scope by scope in the order of the {@link MetricId} registry:
   *
   * <ol>
   *   <li>for each class of {@link ConfusionMatrix#classes()}, in order: {@code precision}, {@code
   *       recall}, {@code f1}, {@code tp}, {@code fp}, {@code fn}, {@code tn}, {@code support},
   *       with the class's support in the support column and 95 % Wilson intervals on precision (tp
   *       of tp + fp) and recall (tp of tp + fn);
   *   <li>aggregate rows (class null, the group's total N in the support column): {@code accuracy}
   *       (with interval), {@code macro_*}, {@code weighted_*}, {@code balanced_accuracy}, {@code
   *       mcc}, {@code cohen_kappa}, {@code count}, {@code invalid_rate};
   *   <li>for a binary domain ({@code positiveClassOrNull} set), aggregate rows of the positive
   *       class: {@code precision}, {@code recall} (with intervals), {@code f1}, {@code
   *       specificity} (with interval) and {@code prevalence}.
   * </ol>
   *
   * <p>An empty matrix yields only the aggregate rows, all 0 without intervals. The positive class
   * need not occur in the group; its precision and recall are then 0.
   *
   * @param positiveClassOrNull the positive class of a binary domain, or null for multiclass
   * @throws IllegalArgumentException if the positive class is a non-answer
   */
  public static List<MetricValue> compute(ConfusionMatrix matrix, String positiveClassOrNull) {
    return compute(matrix, positiveClassOrNull, false);
  }

  /**
   * {@link #compute(ConfusionMatrix, String)}, and with {@code answers} the rows of {@link
   * Scope#ANSWERS} after the aggregate rows: {@code refusal_rate}, {@code abstain_rate}, {@code
   * coverage}, {@code selective_accuracy} (a run that reads refusals or abstentions has them for
   * every group, so that every candidate's are compared).
   */
  public static List<MetricValue> compute(
      ConfusionMatrix matrix, String positiveClassOrNull, boolean answers) {
    if (ConfusionMatrix.isNonAnswer(positiveClassOrNull)) {
      throw new IllegalArgumentException(
          "Invalid positive class '"
              + positiveClassOrNull
              + "': it is the token of predictions that are no answer, not a class. Set the domain's positive"
              + " class to one of its labels.");
    }
    List<MetricValue> values = new ArrayList<>();
    ClassCounts all = matrix.classCounts();
    long n = matrix.total();
    for (int k = 0; k < all.size(); k++) {
      String cls = all.classes().get(k);
      BinaryCounts counts = all.binaryCounts(k);
      long support = all.support(k);
      for (MetricId metric : PER_CLASS) {
        values.add(
            MetricValue.of(cls, metric, metric.compute(counts), metric.interval(counts), support));
      }
    }
    for (MetricId metric : AGGREGATE) {
      values.add(
          MetricValue.of(null, metric, metric.compute(all, null), metric.interval(all, null), n));
    }
    if (answers) {
      for (MetricId metric : ANSWERS) {
        values.add(
            MetricValue.of(null, metric, metric.compute(all, null), metric.interval(all, null), n));
      }
    }
    if (positiveClassOrNull != null) {
      BinaryCounts counts = all.binaryCounts(positiveClassOrNull);
      for (MetricId metric : POSITIVE_CLASS) {
        values.add(
            metric.isOneVsRest()
                ? MetricValue.of(null, metric, metric.compute(counts), metric.interval(counts), n)
                : MetricValue.of(
                    null,
                    metric,
                    metric.compute(all, positiveClassOrNull),
                    metric.interval(all, positiveClassOrNull),
                    n));
      }
    }
    return List.copyOf(values);
  }

  /**
   * The value of one row of {@link #compute(ConfusionMatrix, String)}, without computing the others
   * or any interval: the paired tests evaluate a few metrics on many perturbed matrices.
   *
   * @param counts the matrix's {@link ClassCounts} (see {@link ConfusionMatrix#classCounts()})
   * @param cls the row's class: a per-class row's class, or null for an aggregate or positive-class
   *     row
   * @throws IllegalArgumentException when the group has no such row
   */
  public static double value(
      ClassCounts counts, String positiveClassOrNull, String cls, MetricId metric) {
    if (cls != null && metric.hasScope(Scope.PER_CLASS)) {
      int k = counts.indexOf(cls);
      return k < 0 ? metric.compute(counts.binaryCounts(cls)) : counts.value(k, metric);
    }
    if (cls == null && (metric.hasScope(Scope.AGGREGATE) || metric.hasScope(Scope.ANSWERS))) {
      return metric.compute(counts, null);
    }
    if (cls == null && positiveClassOrNull != null && metric.hasScope(Scope.POSITIVE_CLASS)) {
      return metric.isOneVsRest()
          ? metric.compute(counts.binaryCounts(positiveClassOrNull))
          : metric.compute(counts, positiveClassOrNull);
    }
    throw new IllegalArgumentException(
        String.format(
            "No row of metric '%s' for class %s in a group with positive class %s",
            metric.id(), cls, positiveClassOrNull));
  }

  /**
   * Cohen's kappa over the whole table, scikit-learn's {@code cohen_kappa_score} (unweighted): the
   * agreement of predictions with labels beyond chance, {@code (p_o − p_e) / (1 − p_e)}, in [-1,
   * 1]. In counts, with N examples, C of them right, t_k examples of class k and p_k predictions of
   * k: {@code (N·C − Σ t_k·p_k) / (N² − Σ t_k·p_k)}.
   *
   * <p>{@code (invalid)} is a predicted label of its own, as for {@link #mcc}: it never matches a
   * true class and, as no example has it as label, adds nothing to the chance agreement. When the
   * chance agreement is 1 (one class, always predicted) kappa is undefined: 0.0, the
   * zero-denominator policy of {@link Ratio}, where scikit-learn returns NaN.
   */
  public static double cohenKappa(ConfusionMatrix matrix) {
    return cohenKappa(matrix.classCounts());
  }

  /** {@link #cohenKappa(ConfusionMatrix)} of a matrix's class counts. */
  static double cohenKappa(ClassCounts m) {
    double n = m.total();
    double chance = 0;
    for (int k = 0; k < m.size(); k++) {
      if (m.support(k) > 0) {
        chance += (double) m.support(k) * m.predictedCount(k);
      }
    }
    return Ratio.of(n * m.correct() - chance, n * n - chance);
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
    return mcc(matrix.classCounts());
  }

  /** {@link #mcc(ConfusionMatrix)} of a matrix's class counts. */
  static double mcc(ClassCounts m) {
    double s = m.total();
    double c = m.correct();
    double truePredicted = 0;
    double trueSquares = 0;
    for (int k = 0; k < m.size(); k++) {
      if (m.support(k) > 0) {
        double t = m.support(k);
        trueSquares += t * t;
        truePredicted += t * m.predictedCount(k);
      }
    }
    double predictedSquares = 0;
    for (int k = 0; k < m.size(); k++) {
      double p = m.predictedCount(k);
      predictedSquares += p * p;
    }
    // Each non-answer is a predicted column of its own, as a label of its own is to scikit-learn.
    for (String nonAnswer : ConfusionMatrix.NON_ANSWERS) {
      double n = m.nonAnswerCount(nonAnswer);
      predictedSquares += n * n;
    }

    double covYtYp = c * s - truePredicted;
    double covYpYp = s * s - predictedSquares;
    double covYtYt = s * s - trueSquares;
    return Ratio.of(covYtYp, Math.sqrt(covYtYt * covYpYp));
  }
}
