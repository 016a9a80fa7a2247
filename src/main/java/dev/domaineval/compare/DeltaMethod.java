package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ClassCounts;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.WilsonInterval;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
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
 * numbers (forward differences: a truncation error of order 1e-8 relative, as the rounding error).
 * Cells that are 0 carry no variance in the multinomial and are not perturbed. Moving a joint cell
 * (actual, b, c) moves only the baseline's cell (actual, b) and the candidate's cell (actual, c),
 * so each model's metrics are computed once per distinct cell of its own matrix, on its {@link
 * ClassCounts} with that one example more.
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
   * @param metric a metric of one model's confusion matrix, read from its class counts
   *     (scale-invariant: a function of the cells' proportions, as every metric of the registry is)
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
    if (joint.total() == 0) {
      throw new IllegalArgumentException("An empty joint confusion has no difference");
    }
    return estimate(Table.of(joint), joint.total(), metrics);
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
    Table raw = Table.of(joint);
    Table smoothed = raw.smoothed();
    if (smoothed == null) {
      return estimate(raw, n, metrics);
    }
    Estimate[] estimates = estimate(smoothed, n, metrics);
    Model[] models = raw.models(1);
    double[] b = metrics.apply(models[0].counts());
    double[] c = metrics.apply(models[1].counts());
    Estimate[] out = new Estimate[estimates.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Estimate(c[i] - b[i], estimates[i].standardError());
    }
    return out;
  }

  /** Above this many cells a table's variance is computed without the half-example correction. */
  static final long MAX_SMOOTHED_CELLS = 10_000;

  /**
   * A joint table in index form: per cell, its actual class and each model's prediction as indices
   * into the value lists, and its count. In the smoothed table every count is in halves of an
   * example (doubled, plus one).
   *
   * @param actual the actual classes, sorted
   * @param baseline the baseline's predicted values, sorted ({@code (invalid)} among them)
   * @param candidate the candidate's predicted values, sorted
   */
  private record Table(
      List<String> actual,
      List<String> baseline,
      List<String> candidate,
      int[] cellActual,
      int[] cellBaseline,
      int[] cellCandidate,
      long[] count) {

    /** The non-zero cells of a joint confusion, in its order. */
    static Table of(JointConfusion joint) {
      int size = joint.size();
      int[] ca = new int[size];
      int[] cb = new int[size];
      int[] cc = new int[size];
      long[] n = new long[size];
      for (int i = 0; i < size; i++) {
        ca[i] = joint.actualIndex(i);
        cb[i] = joint.baselineIndex(i);
        cc[i] = joint.candidateIndex(i);
        n[i] = joint.count(i);
      }
      return new Table(
          joint.actualValues(), joint.baselineValues(), joint.candidateValues(), ca, cb, cc, n);
    }

    /**
     * Every cell the class sets allow (each actual class × each model's values, the actual classes
     * among them), in halves of an example: 2·count + 1. Null when that is more than {@value
     * #MAX_SMOOTHED_CELLS} cells.
     */
    Table smoothed() {
      SortedSet<String> b = new TreeSet<>(baseline);
      b.addAll(actual);
      SortedSet<String> c = new TreeSet<>(candidate);
      c.addAll(actual);
      long cells = (long) actual.size() * b.size() * c.size();
      if (cells > MAX_SMOOTHED_CELLS) {
        return null;
      }
      List<String> bs = List.copyOf(b);
      List<String> cs = List.copyOf(c);
      // Where this table's values sit among the allowed ones.
      int[] toB = positions(baseline, bs, false);
      int[] toC = positions(candidate, cs, false);
      int nb = bs.size();
      int nc = cs.size();
      long[] doubled = new long[(int) cells];
      java.util.Arrays.fill(doubled, 1);
      for (int i = 0; i < count.length; i++) {
        int slot = (cellActual[i] * nb + toB[cellBaseline[i]]) * nc + toC[cellCandidate[i]];
        doubled[slot] += 2 * count[i];
      }
      int[] ca = new int[(int) cells];
      int[] cb = new int[(int) cells];
      int[] cc = new int[(int) cells];
      int slot = 0;
      for (int a = 0; a < actual.size(); a++) {
        for (int x = 0; x < nb; x++) {
          for (int y = 0; y < nc; y++) {
            ca[slot] = a;
            cb[slot] = x;
            cc[slot] = y;
            slot++;
          }
        }
      }
      return new Table(actual, bs, cs, ca, cb, cc, doubled);
    }

    /**
     * The baseline's and the candidate's model: the class counts of its confusion matrix (a margin
     * of the cells, every count multiplied by {@code scale}) and each table cell's cell of it.
     */
    Model[] models(long scale) {
      return new Model[] {
        model(baseline, cellBaseline, scale), model(candidate, cellCandidate, scale)
      };
    }

    private Model model(List<String> predicted, int[] cellPredicted, long scale) {
      SortedSet<String> classes = new TreeSet<>(actual);
      classes.addAll(predicted);
      classes.removeAll(ConfusionMatrix.NON_ANSWERS);
      List<String> list = List.copyOf(classes);
      int[] a = positions(actual, list, false);
      int[] p = positions(predicted, list, true);
      int width = list.size() + ClassCounts.NON_ANSWER_KINDS;
      ClassCounts.Builder builder = ClassCounts.builder(list);
      int[] cells = new int[count.length];
      for (int i = 0; i < count.length; i++) {
        int ca = a[cellActual[i]];
        int cp = p[cellPredicted[i]];
        builder.add(ca, cp, Math.multiplyExact(count[i], scale));
        cells[i] = ca * width + cp;
      }
      return new Model(builder.build(), cells);
    }

    /**
     * The position in the sorted list {@code to} of every value of {@code from} (a subset of it);
     * with {@code invalidLast}, a non-answer is at {@code to.size()} plus its kind.
     */
    private static int[] positions(List<String> from, List<String> to, boolean invalidLast) {
      int[] out = new int[from.size()];
      for (int i = 0; i < out.length; i++) {
        String value = from.get(i);
        int kind = invalidLast ? ConfusionMatrix.NON_ANSWERS.indexOf(value) : -1;
        out[i] = kind >= 0 ? to.size() + kind : Collections.binarySearch(to, value);
      }
      return out;
    }
  }

  /**
   * One model of a table: its class counts, and per table cell the cell of its matrix that the
   * table cell falls in (actual index × width + predicted index, see ClassCounts#width).
   */
  private record Model(ClassCounts counts, int[] cells) {}

  /**
   * The estimates from a table's cells, their proportions taken from the cells, the variance
   * divided by {@code n} examples.
   */
  private static Estimate[] estimate(Table table, long n, Function<ClassCounts, double[]> metrics) {
    long weight = 0;
    for (long count : table.count()) {
      weight += count;
    }
    // At least 1, and the counts at about SCALED_TOTAL: one example more moves the proportions by
    // about 1e-8. Counts only grow, so a model's class set, and the shape of its metrics, stays.
    long scale = Math.max(1, (SCALED_TOTAL + weight - 1) / weight);
    Model[] models = table.models(scale);
    ClassCounts baseCounts = models[0].counts();
    ClassCounts candCounts = models[1].counts();
    double[] baseValues = metrics.apply(baseCounts);
    double[] candValues = metrics.apply(candCounts);
    int m = baseValues.length;
    // The change of every metric per cell of each model's matrix, by (actual, predicted) index.
    double[][] baseMoved = new double[baseCounts.size() * baseCounts.width()][];
    double[][] candMoved = new double[candCounts.size() * candCounts.width()][];
    double[] mean = new double[m];
    double[] square = new double[m];
    double total = weight * (double) scale;
    long[] count = table.count();
    for (int j = 0; j < count.length; j++) {
      double p = count[j] / (double) weight;
      double[] b = moved(baseMoved, baseCounts, models[0].cells()[j], baseValues, metrics);
      double[] d = moved(candMoved, candCounts, models[1].cells()[j], candValues, metrics);
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
   * The change of every metric when a cell of a model's matrix (actual index × width + predicted
   * index) has one example more, computed on first use and kept in {@code memo}.
   */
  private static double[] moved(
      double[][] memo,
      ClassCounts counts,
      int cell,
      double[] at,
      Function<ClassCounts, double[]> metrics) {
    double[] out = memo[cell];
    if (out == null) {
      int width = counts.width();
      double[] up = metrics.apply(counts.plusOne(cell / width, cell % width));
      if (up.length != at.length) {
        throw new IllegalStateException(
            "The metrics of a confusion matrix changed shape when one cell moved by one example");
      }
      out = new double[at.length];
      for (int i = 0; i < at.length; i++) {
        out[i] = up[i] - at[i];
      }
      memo[cell] = out;
    }
    return out;
  }
}
