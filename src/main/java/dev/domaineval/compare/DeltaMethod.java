package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.WilsonInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * relative). Cells that are 0 carry no variance in the multinomial and are not perturbed.
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
    List<Map.Entry<JointConfusion.Cell, Long>> cells = new ArrayList<>(joint.cells().entrySet());
    long n = joint.total();
    if (n == 0) {
      throw new IllegalArgumentException("An empty joint confusion has no difference");
    }
    double delta = difference(cells, -1, 0, 1, metric);
    long scale = Math.max(1, (SCALED_TOTAL + n - 1) / n);
    int k = cells.size();
    double[] p = new double[k];
    double[] gradient = new double[k];
    for (int j = 0; j < k; j++) {
      p[j] = cells.get(j).getValue() / (double) n;
      double up = difference(cells, j, +1, scale, metric);
      double down = difference(cells, j, -1, scale, metric);
      // Moving cell j by ±1 of N = n·scale moves the proportions along (e_j − p)/N: this is the
      // gradient minus its p-weighted mean, which the multinomial covariance below ignores (its
      // rows sum to 0).
      gradient[j] = (up - down) / 2 * (n * (double) scale);
    }
    double mean = 0;
    double square = 0;
    for (int j = 0; j < k; j++) {
      mean += p[j] * gradient[j];
      square += p[j] * gradient[j] * gradient[j];
    }
    double variance = Math.max(0, square - mean * mean) / n;
    return new Estimate(delta, Math.sqrt(variance));
  }

  /** The metric's difference on the table scaled by {@code scale}, cell {@code j} moved by step. */
  private static double difference(
      List<Map.Entry<JointConfusion.Cell, Long>> cells,
      int j,
      int step,
      long scale,
      ToDoubleFunction<ConfusionMatrix> metric) {
    ConfusionMatrix.Builder base = ConfusionMatrix.builder();
    ConfusionMatrix.Builder cand = ConfusionMatrix.builder();
    for (int i = 0; i < cells.size(); i++) {
      JointConfusion.Cell c = cells.get(i).getKey();
      long count = cells.get(i).getValue() * scale + (i == j ? step : 0);
      base.add(c.actual(), c.baseline(), count);
      cand.add(c.actual(), c.candidate(), count);
    }
    return metric.applyAsDouble(cand.build()) - metric.applyAsDouble(base.build());
  }
}
