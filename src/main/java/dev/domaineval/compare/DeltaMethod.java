package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.WilsonInterval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * (actual, c), so each model's metrics are computed twice per distinct cell of its own matrix.
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
  public static Estimate of(JointConfusion joint, ToDoubleFunction<ConfusionMatrix> metric) {
    return ofAll(joint, m -> new double[] {metric.applyAsDouble(m)})[0];
  }

  /**
   * The paired differences of several metrics of the same joint table, and their delta-method
   * errors: each model's matrix is built twice per distinct cell of it (one example more, one less)
   * and every metric read from it, instead of once per metric.
   *
   * @param metrics the metrics of one model's confusion matrix, always the same number in the same
   *     order (scale-invariant, see {@link #of})
   * @return one estimate per metric, in the order of {@code metrics}
   */
  public static Estimate[] ofAll(
      JointConfusion joint, Function<ConfusionMatrix, double[]> metrics) {
    List<Map.Entry<JointConfusion.Cell, Long>> cells = new ArrayList<>(joint.cells().entrySet());
    long n = joint.total();
    if (n == 0) {
      throw new IllegalArgumentException("An empty joint confusion has no difference");
    }
    // At least 2, so that no cell reaches 0 when it moves by one example: a model's class set,
    // and so the shape of its metrics, stays the same.
    long scale = Math.max(2, (SCALED_TOTAL + n - 1) / n);
    Map<List<String>, Long> base = new LinkedHashMap<>();
    Map<List<String>, Long> cand = new LinkedHashMap<>();
    for (Map.Entry<JointConfusion.Cell, Long> e : cells) {
      JointConfusion.Cell c = e.getKey();
      base.merge(List.of(c.actual(), c.baseline()), e.getValue() * scale, Long::sum);
      cand.merge(List.of(c.actual(), c.candidate()), e.getValue() * scale, Long::sum);
    }
    double[] baseValues = metrics.apply(matrix(base, null, 0));
    double[] candValues = metrics.apply(matrix(cand, null, 0));
    int m = baseValues.length;
    Map<List<String>, double[]> baseMoved = new HashMap<>();
    Map<List<String>, double[]> candMoved = new HashMap<>();
    double[] mean = new double[m];
    double[] square = new double[m];
    double total = n * (double) scale;
    for (Map.Entry<JointConfusion.Cell, Long> e : cells) {
      JointConfusion.Cell c = e.getKey();
      double p = e.getValue() / (double) n;
      double[] b =
          baseMoved.computeIfAbsent(
              List.of(c.actual(), c.baseline()), k -> centralDifference(base, k, metrics, m));
      double[] d =
          candMoved.computeIfAbsent(
              List.of(c.actual(), c.candidate()), k -> centralDifference(cand, k, metrics, m));
      for (int i = 0; i < m; i++) {
        // Moving joint cell j by ±1 of N = n·scale moves the proportions along (e_j − p)/N: this
        // is the gradient minus its p-weighted mean, which the multinomial covariance ignores (its
        // rows sum to 0).
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

  /** Half the change of every metric between cell {@code key} one example up and one down. */
  private static double[] centralDifference(
      Map<List<String>, Long> cells,
      List<String> key,
      Function<ConfusionMatrix, double[]> metrics,
      int expected) {
    double[] up = metrics.apply(matrix(cells, key, +1));
    double[] down = metrics.apply(matrix(cells, key, -1));
    if (up.length != expected || down.length != expected) {
      throw new IllegalStateException(
          "The metrics of a confusion matrix changed shape when one cell moved by one example");
    }
    double[] out = new double[expected];
    for (int i = 0; i < expected; i++) {
      out[i] = (up[i] - down[i]) / 2;
    }
    return out;
  }

  /** The matrix of the (actual, predicted) cells, cell {@code moved} changed by {@code step}. */
  private static ConfusionMatrix matrix(
      Map<List<String>, Long> cells, List<String> moved, int step) {
    ConfusionMatrix.Builder builder = ConfusionMatrix.builder();
    cells.forEach(
        (k, count) -> builder.add(k.get(0), k.get(1), count + (k.equals(moved) ? step : 0)));
    return builder.build();
  }
}
