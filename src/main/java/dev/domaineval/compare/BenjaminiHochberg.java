package dev.domaineval.compare;

import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The Benjamini–Hochberg step-up procedure (Benjamini & Hochberg 1995), which controls the false
 * discovery rate (the expected fraction of false positives among the changes called significant)
 * across many tests, such as one McNemar test per domain and slice. It assumes independent or
 * positively dependent tests.
 *
 * <p>P-values and adjusted p-values are fractions in [0, 1]; results are in the input's order. A
 * p-value equal to its threshold is significant (inclusive bound), as in the paper and R's {@code
 * p.adjust(p, "BH") <= alpha}.
 */
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  /**
   * Which hypotheses the procedure rejects at false discovery rate {@code alpha}: with p-values
   * sorted ascending p(1) ≤ … ≤ p(m), all with rank ≤ k for the largest k such that p(k) ≤ (k /
   * m)·alpha. Equivalently, {@code adjusted(pValues)[i] <= alpha}, which is how it is computed so
   * that both methods always agree.
   *
   * @param pValues p-values in [0, 1]; not modified
   * @param alpha the false discovery rate to control, in (0, 1), such as 0.05
   * @return one flag per p-value, in the input's order; empty for empty input
   * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1], or alpha is outside (0,
   *     1)
   */
  public static boolean[] significant(double[] pValues, double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid false discovery rate alpha=%s: expected a number in (0, 1), such as 0.05",
              alpha));
    }
    double[] adjusted = adjusted(pValues);
    boolean[] significant = new boolean[adjusted.length];
    for (int i = 0; i < adjusted.length; i++) {
      significant[i] = adjusted[i] <= alpha;
    }
    return significant;
  }

  /**
   * The BH-adjusted p-values (q-values), in the input's order: for the p-value of rank i
   * (ascending, ties in any order), {@code q = min(1, min over j >= i of (m / j)·p(j))}. Each q is
   * at least its p-value, and equal p-values get equal q. The same values as R's {@code p.adjust(p,
   * "BH")} and SciPy's {@code false_discovery_control(p)}.
   *
   * @param pValues p-values in [0, 1]; not modified
   * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1]
   */
  public static double[] adjusted(double[] pValues) {
    Objects.requireNonNull(pValues, "pValues");
    for (int i = 0; i < pValues.length; i++) {
      double p = pValues[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid p-value %s at index %d of %d: expected a number in [0, 1]",
                p, i, pValues.length));
      }
    }
    int m = pValues.length;
    int[] ascending =
        IntStream.range(0, m)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> pValues[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    double[] adjusted = new double[m];
    double runningMin = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int index = ascending[rank - 1];
      // (m / j)·p in this order of operations, as R's p.adjust, so values on a threshold (the
      // textbook examples are full of them) round the same way.
      runningMin = Math.min(runningMin, (double) m / rank * pValues[index]);
      adjusted[index] = runningMin;
    }
    return adjusted;
  }
}
