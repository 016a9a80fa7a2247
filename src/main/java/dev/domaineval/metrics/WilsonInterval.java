package dev.domaineval.metrics;

import java.util.Optional;

/**
 * 95 % Wilson score interval for a binomial proportion {@code successes / n} (Wilson 1927), as R's
 * {@code prop.test(x, n, correct = FALSE)} and statsmodels' {@code proportion_confint(method =
 * "wilson")} compute it. Unlike the normal (Wald) interval it stays inside [0, 1] and is not
 * degenerate at 0 or n successes, which matters for the small slices we report.
 */
public final class WilsonInterval {

  /**
   * Φ⁻¹(0.975), the two-sided 95 % normal quantile. Rounding it to 1.96 moves bounds by up to about
   * 1e-5, enough to disagree with R and statsmodels in the 6th decimal.
   */
  public static final double Z_95 = 1.959963984540054;

  private WilsonInterval() {}

  /**
   * The 95 % Wilson interval of {@code successes / n}; empty when {@code n == 0} (no examples, no
   * interval).
   *
   * @param successes number of successes, {@code 0 <= successes <= n}
   * @param n number of trials (examples), {@code >= 0}
   * @throws IllegalArgumentException if the counts are out of range
   */
  public static Optional<Interval> of(long successes, long n) {
    if (n < 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid binomial counts for a Wilson interval: successes=%d, n=%d; expected 0 <="
                  + " successes <= n",
              successes, n));
    }
    if (n == 0) {
      return Optional.empty();
    }
    double trials = n;
    double p = successes / trials;
    double z2 = Z_95 * Z_95;
    double denominator = 1 + z2 / trials;
    double center = (p + z2 / (2 * trials)) / denominator;
    double half = Z_95 * Math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator;
    // At 0 (or n) successes the bound is exactly 0 (or 1) mathematically; pin it so rounding
    // does not leave a 1e-17 that reads as "not zero" downstream.
    double low = successes == 0 ? 0.0 : Math.max(0.0, center - half);
    double high = successes == n ? 1.0 : Math.min(1.0, center + half);
    return Optional.of(new Interval(low, high));
  }

  /**
   * A confidence interval of a proportion with inclusive bounds, {@code 0 <= low <= high <= 1}.
   *
   * @param low lower bound (inclusive)
   * @param high upper bound (inclusive)
   */
  public record Interval(double low, double high) {

    public Interval {
      if (!(0 <= low && low <= high && high <= 1)) {
        throw new IllegalArgumentException(
            String.format("Invalid interval [%s, %s]: expected 0 <= low <= high <= 1", low, high));
      }
    }
  }
}
