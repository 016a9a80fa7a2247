package dev.domaineval.compare;

import dev.domaineval.metrics.WilsonInterval;

/**
 * The 95 % interval of the difference of two paired proportions, candidate minus baseline, from the
 * 2 × 2 table of paired outcomes: Newcombe's hybrid score interval without continuity correction
 * (Newcombe 1998, "Improved confidence intervals for the difference between binomial proportions
 * based on paired data", Statistics in Medicine 17:2635–2650, method 10).
 *
 * <p>With {@code a} examples both models got right, {@code fixed} only the candidate, {@code
 * broken} only the baseline and {@code d} neither, out of {@code n}: the candidate's proportion is
 * {@code p1 = (a + fixed) / n}, the baseline's {@code p2 = (a + broken) / n}, and with their Wilson
 * intervals {@code [l1, u1]}, {@code [l2, u2]} and the correlation {@code φ} of the two models'
 * outcomes,
 *
 * <pre>
 * low  = (p1 − p2) − √((p1 − l1)² − 2φ (p1 − l1)(u2 − p2) + (u2 − p2)²)
 * high = (p1 − p2) + √((u1 − p1)² − 2φ (u1 − p1)(p2 − l2) + (p2 − l2)²)
 * φ    = (a·d − fixed·broken) / √((a + fixed)(d + broken)(a + broken)(d + fixed)), 0 when a
 *        margin is 0
 * </pre>
 *
 * <p>It stays inside [−1, 1], is not degenerate when there is no discordant example, and its
 * coverage is close to the nominal 95 % from a few dozen examples on (Newcombe's evaluation; the
 * tests check it by simulation). It pairs with the exact McNemar test ({@link McNemar}) of the same
 * table.
 */
public final class PairedDifferenceInterval {
  private PairedDifferenceInterval() {}

  /** An interval of a difference, {@code -1 <= low <= high <= 1}. */
  public record Interval(double low, double high) {
    public Interval {
      if (!(-1 <= low && low <= high && high <= 1)) {
        throw new IllegalArgumentException(
            String.format("Invalid interval [%s, %s] of a difference", low, high));
      }
    }
  }

  /**
   * The interval of {@code p1 - p2}.
   *
   * @param bothRight examples both got right (a)
   * @param fixed examples only the candidate got right (b)
   * @param broken examples only the baseline got right (c)
   * @param bothWrong examples both got wrong (d)
   * @throws IllegalArgumentException when a count is negative or all are 0
   */
  public static Interval of(long bothRight, long fixed, long broken, long bothWrong) {
    if (bothRight < 0 || fixed < 0 || broken < 0 || bothWrong < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid paired counts a=%d b=%d c=%d d=%d: counts of examples must be >= 0",
              bothRight, fixed, broken, bothWrong));
    }
    long n = bothRight + fixed + broken + bothWrong;
    if (n == 0) {
      throw new IllegalArgumentException("No paired examples: the difference has no interval");
    }
    double a = bothRight;
    double b = fixed;
    double c = broken;
    double d = bothWrong;
    double p1 = (a + b) / n;
    double p2 = (a + c) / n;
    WilsonInterval.Interval w1 = WilsonInterval.of(bothRight + fixed, n).orElseThrow();
    WilsonInterval.Interval w2 = WilsonInterval.of(bothRight + broken, n).orElseThrow();
    double margins = (a + b) * (c + d) * (a + c) * (b + d);
    double phi = margins == 0 ? 0 : (a * d - b * c) / Math.sqrt(margins);
    double delta = p1 - p2;
    double dl1 = p1 - w1.low();
    double du2 = w2.high() - p2;
    double du1 = w1.high() - p1;
    double dl2 = p2 - w2.low();
    double low = delta - Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
    double high = delta + Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
    return new Interval(Math.max(-1, low), Math.min(1, high));
  }
}
