package dev.domaineval.compare;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The minimum detectable effect (MDE) of a proportion such as accuracy or recall: the smallest
 * absolute change, in proportion units (0.01 = one percentage point), that a two-sided test detects
 * with the given power. It tells a reader whether "no significant change" means "no change" or "too
 * few examples to tell".
 *
 * <p>By the normal approximation for two independent samples of n examples each: {@code (z(1 −
 * alpha/2) + z(power))·sqrt(2·p0·(1 − p0) / n)}. Baseline and candidate are evaluated on the same
 * examples, and a paired test is at least as sensitive when the two models' errors are positively
 * correlated, as they usually are, so for our paired data the value is conservative (an upper
 * bound, roughly).
 */
public final class MinimumDetectableEffect {

  /** The default two-sided significance level. */
  public static final double ALPHA = 0.05;

  /** The default power: the probability of detecting a change of exactly the MDE. */
  public static final double POWER = 0.8;

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private MinimumDetectableEffect() {}

  /**
   * The MDE of proportion {@code p0} on {@code n} examples at {@link #ALPHA} and {@link #POWER}.
   *
   * @see #forProportion(double, long, double, double)
   */
  public static double forProportion(double p0, long n) {
    return forProportion(p0, n, ALPHA, POWER);
  }

  /**
   * The smallest absolute change of proportion {@code p0}, measured on {@code n} examples per
   * model, that a two-sided test at level {@code alpha} detects with probability {@code power}: a
   * fraction {@code >= 0} (it can exceed 1 for tiny n, meaning no change is detectable); {@link
   * Double#NaN} when {@code n == 0}.
   *
   * <p>When {@code p0} is 0 or 1 the formula would give 0 (any change detectable), so p0 = 0.5 is
   * used instead, the worst case, since p·(1 − p) is largest there.
   *
   * @param p0 the baseline proportion, in [0, 1]
   * @param n number of examples per model, {@code >= 0}
   * @param alpha two-sided significance level, in (0, 1)
   * @param power probability of detection, in (0, 1)
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double forProportion(double p0, long n, double alpha, double power) {
    if (!(p0 >= 0 && p0 <= 1) || n < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid proportion for a minimum detectable effect: p0=%s, n=%d; expected p0 in"
                  + " [0, 1] and n >= 0",
              p0, n));
    }
    if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid test design for a minimum detectable effect: alpha=%s, power=%s; expected"
                  + " both in (0, 1), such as alpha=%s and power=%s",
              alpha, power, ALPHA, POWER));
    }
    if (n == 0) {
      return Double.NaN;
    }
    double variance = p0 * (1 - p0);
    if (variance == 0) {
      variance = 0.5 * 0.5;
    }
    double z =
        STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2)
            + STANDARD_NORMAL.inverseCumulativeProbability(power);
    return z * Math.sqrt(2 * variance / n);
  }
}
