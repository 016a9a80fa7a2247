package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ClassCounts;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.WilsonInterval;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The paired difference of any metric of two models, candidate minus baseline, with its standard
 * error by the delta method on the multinomial of the joint confusion (e.g. Agresti, Categorical
 * Data Analysis, 3rd ed., §16.1): the difference is a smooth function {@code g} of the joint
 * table's cell proportions {@code p}, so {@code Var(g(p̂)) ≈ ∇gᵀ (diag(p) − p pᵀ) ∇g / n}.
 *
 * <p>The gradient is taken numerically, with the metric computed on confusion matrices built from
 * the joint table: every cell of a model's matrix is a sum of joint cells, and metrics are ratios
 * of those sums, so scaling all counts to about {@value #SCALED_TOTAL} examples and moving one
 * joint cell by one example changes the proportions by about 1e-8 while the counts stay whole
 * numbers (central differences: a truncation error of order 1e-16, a rounding error of order 1e-8
 * relative). Cells that are 0 carry no variance in the multinomial and are not perturbed. Moving a
 * joint cell (actual, b, c) moves only the baseline's cell (actual, b) and the candidate's cell
 * (actual, c), so each model's metrics are computed once per distinct cell of its own matrix, on
 * its {@link ClassCounts} with that one example more.
 */
public final class DeltaMethod {
  /** The counts are scaled to about this many examples before one cell moves by ±1. */
  static final long SCALED_TOTAL = 100_000_000L;

  private DeltaMethod() {}

  /**
   * The difference and its standard error.
   *
   * @param delta candidate's value minus baseline's
   * @param standardError the delta method's, 0 when the table has one cell
   */
  public record Estimate(double delta, double standardError) {
    /** The two-sided p-value of the z-test of no difference; 1 when the error is 0. */
    public double pValue() {
      if (standardError == 0) {
        return delta == 0 ? 1.0 : 0.0;
      }
      double z = Math.abs(delta / standardError);
      return org.apache.commons.math3.special.Erf.erfc(z / Math.sqrt(2));
    }

    /** The 95 % Wald interval of the difference. */
    public double[] interval95() {
      double half = WilsonInterval.Z_95 * standardError;
      return new double[] {delta - half, delta + half};
    }
  }

  /**
   * The metric's paired difference and its delta-method error.
   *
   * @param metric a metric of one model's confusion matrix (scale-invariant: a function of the
   *     cells' proportions, as every metric of the registry is)
   */
  public static Estimate of(JointConfusion joint, ToDoubleFunction<ClassCounts> metric) {
    return ofAll(joint, m -> new double[] {metric.applyAsDouble(m)})[0];
  }

  /**
   * The paired differences of several metrics of the same joint table, and their delta-method
   * errors: each model's class counts are derived once per distinct cell of its matrix with one
   * example more, and every metric read from them, instead of once per metric.
   *
   * @param metrics the metrics of one model's confusion matrix, always the same number in the same
   *     order (scale-invariant, see {@link #of})
   * @return one estimate per metric, in the order of {@code metrics}
   */
  public static Estimate[] ofAll(JointConfusion joint, Function<ClassCounts, double[]> metrics) {
    Map<JointConfusion.Cell, Long> cells = joint.cells();
    long n = joint.total();
    if (n == 0) {
      throw new IllegalArgumentException("An empty joint confusion has no difference");
    }
    return estimate(cells, n, metrics);
  }

  /**
   * As {@link #ofAll}, with the variance computed on the joint table with half an example added to
   * every cell the two models' class sets allow (every actual class, crossed with the classes and
   * {@code (invalid)} each model predicts or could predict): the Haldane–Anscombe correction.
   * Without it a class at a bound (a recall of 1 on three examples that the candidate all broke)
   * moves no metric when one of its cells moves, and its uncertainty vanishes from the error; with
   * it every class contributes. The point difference is the raw table's; the sample size stays the
   * raw table's. Tables that would need more than {@value #MAX_SMOOTHED_CELLS} cells are not
   * smoothed.
   */
  public static Estimate[] ofAllSmoothed(
      JointConfusion joint, Function<ClassCounts, double[]> metrics) {
    long n = joint.total();
    if (n == 0) {
      throw new IllegalArgumentException("An empty joint confusion has no difference");
    }
    java.util.SortedSet<String> actual = joint.actualClasses();
    java.util.SortedSet<String> basePredicted = new java.util.TreeSet<>(actual);
    java.util.SortedSet<String> candPredicted = new java.util.TreeSet<>(actual);
    joint
        .cells()
        .keySet()
        .forEach(
            c -> {
              basePredicted.add(c.baseline());
              candPredicted.add(c.candidate());
            });
    long size = (long) actual.size() * basePredicted.size() * candPredicted.size();
    if (size > MAX_SMOOTHED_CELLS) {
      return ofAll(joint, metrics);
    }
    // In halves of an example: every count doubled, plus one in every allowed cell (in the cells'
    // sorted order, as the joint table's).
    Map<JointConfusion.Cell, Long> doubled = new LinkedHashMap<>();
    for (String a : actual) {
      for (String b : basePredicted) {
        for (String c : candPredicted) {
          doubled.put(new JointConfusion.Cell(a, b, c), 1L);
        }
      }
    }
    joint.cells().forEach((cell, count) -> doubled.merge(cell, 2 * count, Long::sum));
    Estimate[] smoothed = estimate(doubled, n, metrics);
    Estimate[] raw = new Estimate[smoothed.length];
    double[] deltas = differences(joint.cells(), metrics);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = new Estimate(deltas[i], smoothed[i].standardError());
    }
    return raw;
  }

  /** Above this many cells a table's variance is computed without the half-example correction. */
  static final long MAX_SMOOTHED_CELLS = 10_000;

  /** Every metric's difference, candidate minus baseline, on a table. */
  private static double[] differences(
      Map<JointConfusion.Cell, Long> cells, Function<ClassCounts, double[]> metrics) {
    ClassCounts[] models = models(cells, 1);
    double[] b = metrics.apply(models[0]);
    double[] c = metrics.apply(models[1]);
    double[] out = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = c[i] - b[i];
    }
    return out;
  }

  /**
   * The estimates from a table's cells, their proportions taken from the cells, the variance
   * divided by {@code n} examples.
   */
  private static Estimate[] estimate(
      Map<JointConfusion.Cell, Long> cells, long n, Function<ClassCounts, double[]> metrics) {
    long weight = 0;
    for (long count : cells.values()) {
      weight += count;
    }
    // At least 1, and the counts at about SCALED_TOTAL: one example more moves the proportions by
    // about 1e-8. Counts only grow, so a model's class set, and the shape of its metrics, stays.
    long scale = Math.max(1, (SCALED_TOTAL + weight - 1) / weight);
    ClassCounts[] models = models(cells, scale);
    ClassCounts baseCounts = models[0];
    ClassCounts candCounts = models[1];
    double[] baseValues = metrics.apply(baseCounts);
    double[] candValues = metrics.apply(candCounts);
    int m = baseValues.length;
    // The change of every metric per cell of each model's matrix, by (actual, predicted) index.
    double[][] baseMoved = new double[baseCounts.size() * (baseCounts.size() + 1)][];
    double[][] candMoved = new double[candCounts.size() * (candCounts.size() + 1)][];
    double[] mean = new double[m];
    double[] square = new double[m];
    double total = weight * (double) scale;
    for (Map.Entry<JointConfusion.Cell, Long> e : cells.entrySet()) {
      JointConfusion.Cell c = e.getKey();
      double p = e.getValue() / (double) weight;
      double[] b = moved(baseMoved, baseCounts, c.actual(), c.baseline(), baseValues, metrics);
      double[] d = moved(candMoved, candCounts, c.actual(), c.candidate(), candValues, metrics);
      for (int i = 0; i < m; i++) {
        // Moving joint cell j by one of N = weight·scale moves the proportions along (e_j − p)/N:
        // this is the gradient minus its p-weighted mean, which the multinomial covariance
        // ignores (its rows sum to 0).
        double gradient = (d[i] - b[i]) * total;
        mean[i] += p * gradient;
        square[i] += p * gradient * gradient;
      }
    }
    Estimate[] out = new Estimate[m];
    for (int i = 0; i < m; i++) {
      double variance = Math.max(0, square[i] - mean[i] * mean[i]) / n;
      out[i] = new Estimate(candValues[i] - baseValues[i], Math.sqrt(variance));
    }
    return out;
  }

  /**
   * The change of every metric when the cell (actual, predicted) of a model's matrix has one
   * example more, computed on first use and kept in {@code memo}.
   */
  private static double[] moved(
      double[][] memo,
      ClassCounts counts,
      String actual,
      String predicted,
      double[] at,
      Function<ClassCounts, double[]> metrics) {
    int a = counts.indexOf(actual);
    int p = counts.predictedIndexOf(predicted);
    int slot = a * (counts.size() + 1) + p;
    double[] out = memo[slot];
    if (out == null) {
      out = forwardDifference(counts.plusOne(a, p), at, metrics);
      memo[slot] = out;
    }
    return out;
  }

  /** The change of every metric from {@code at} to its value on {@code moved}. */
  private static double[] forwardDifference(
      ClassCounts moved, double[] at, Function<ClassCounts, double[]> metrics) {
    double[] up = metrics.apply(moved);
    if (up.length != at.length) {
      throw new IllegalStateException(
          "The metrics of a confusion matrix changed shape when one cell moved by one example");
    }
    double[] out = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      out[i] = up[i] - at[i];
    }
    return out;
  }

  /**
   * The class counts of the baseline's and the candidate's confusion matrices, the margins of the
   * joint cells, every count multiplied by {@code scale}.
   */
  private static ClassCounts[] models(Map<JointConfusion.Cell, Long> cells, long scale) {
    ConfusionMatrix.Builder base = ConfusionMatrix.builder();
    ConfusionMatrix.Builder cand = ConfusionMatrix.builder();
    cells.forEach(
        (c, count) -> {
          base.add(c.actual(), c.baseline(), count * scale);
          cand.add(c.actual(), c.candidate(), count * scale);
        });
    return new ClassCounts[] {base.build().classCounts(), cand.build().classCounts()};
  }
}
