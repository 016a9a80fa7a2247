package dev.domaineval.compare;

import org.apache.commons.math3.special.Beta;

/**
 * The exact McNemar test of paired correctness (McNemar 1947, in its exact binomial form): under
 * the null hypothesis that baseline and candidate are equally accurate, each discordant example is
 * fixed or broken with probability 1/2, so the number fixed among the b + c discordant examples is
 * Binomial(b + c, 1/2). This is the p-value of R's {@code binom.test(b, b + c)} and of statsmodels'
 * {@code mcnemar(table, exact=True)}. Only discordant examples carry information; examples both
 * models got right (or wrong) do not enter.
 */
public final class McNemar {

  private McNemar() {}

  /**
   * Two-sided exact p-value, in (0, 1]: {@code min(1, 2·P[X <= min(b, c)])} for X ~ Binomial(n = b
   * + c, 1/2); 1.0 when there are no discordant examples (nothing to test).
   *
   * <p>Accurate for any n, including small tails: the relative error is about {@code n·1e-16}
   * (about 1e-10 at a million discordant examples). It is 0.0 only where the true p-value
   * underflows {@code double} (below about 1e-323).
   *
   * @param fixed examples the baseline got wrong and the candidate right (b), {@code >= 0}
   * @param broken examples the baseline got right and the candidate wrong (c), {@code >= 0}
   * @throws IllegalArgumentException if a count is negative
   */
  public static double exactPValue(long fixed, long broken) {
    checkCounts(fixed, broken);
    long n = Math.addExact(fixed, broken);
    if (n == 0) {
      return 1.0;
    }
    long k = Math.min(fixed, broken);
    // P[X <= k] = I_{1/2}(n - k, k + 1), the regularized incomplete beta function, evaluated
    // directly. BinomialDistribution.cumulativeProbability computes 1 - I_{1/2}(k + 1, n - k)
    // instead, which cancels to 0 in exactly the small tails a significant change has (and it
    // takes an int n).
    double lowerTail = Beta.regularizedBeta(0.5, (double) (n - k), (double) k + 1);
    return Math.min(1.0, 2 * lowerTail);
  }

  /**
   * One-sided exact p-value of "the candidate breaks more than it fixes", in (0, 1]: {@code P[X >=
   * broken]} for X ~ Binomial(n = fixed + broken, 1/2), the number broken among the discordant
   * examples; 1.0 when none is broken. R's {@code binom.test(c, b + c, alternative = "greater")}.
   * When more are broken than fixed it is half the two-sided {@link #exactPValue(long, long)}.
   *
   * @param fixed examples the baseline got wrong and the candidate right (b), {@code >= 0}
   * @param broken examples the baseline got right and the candidate wrong (c), {@code >= 0}
   * @throws IllegalArgumentException if a count is negative
   */
  public static double exactOneSidedPValue(long fixed, long broken) {
    checkCounts(fixed, broken);
    if (broken == 0) {
      return 1.0;
    }
    // P[X >= c] = I_{1/2}(c, n - c + 1), evaluated directly for the same reason as above.
    return Beta.regularizedBeta(0.5, (double) broken, (double) fixed + 1);
  }

  /**
   * The exact two-sided p-value of the discordant counts of {@code counts}: {@link
   * #exactPValue(long, long)} of {@code fixed} and {@code broken}.
   */
  public static double exactPValue(PairedCounts counts) {
    return exactPValue(counts.fixed(), counts.broken());
  }

  private static void checkCounts(long fixed, long broken) {
    if (fixed < 0 || broken < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discordant counts for the McNemar test: fixed=%d, broken=%d; counts are"
                  + " numbers of examples and must be >= 0",
              fixed, broken));
    }
  }
}
