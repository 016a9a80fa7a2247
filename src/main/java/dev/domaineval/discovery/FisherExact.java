package dev.domaineval.discovery;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * Fisher's one-sided exact test that a slice's error rate exceeds that of the rest of its domain
 * (Fisher 1935, conditional on the 2 × 2 table's margins): with N examples in the domain, K of them
 * errors, and n in the slice, the slice's errors X are Hypergeometric(N, K, n) under no difference,
 * and the p-value is {@code P[X >= x]}. R's {@code fisher.test(table, alternative = "greater")}
 * gives the same value. Exact for any table, so small slices are neither favoured nor penalised by
 * an approximation.
 */
public final class FisherExact {

  /** A tail's remainder below this fraction of its sum is left out. */
  private static final double RELATIVE_TOLERANCE = 1e-17;

  private FisherExact() {}

  /**
   * {@code P[X >= sliceErrors]} for X ~ Hypergeometric(domainExamples, domainErrors,
   * sliceExamples), in [0, 1]; 1.0 without slice errors.
   *
   * <p>Each tail is summed from its end nearer the mode outwards, by the ratio of consecutive
   * terms, and stops once the rest cannot matter (the terms of a hypergeometric distribution fall
   * geometrically away from its mode), so the cost stays small for large domains; the upper tail
   * beyond the mode is summed directly (no cancellation in the small p-values that matter), a
   * p-value from a count below the mode is one minus the lower tail.
   *
   * @throws IllegalArgumentException if the counts are not a table (negative, a slice larger than
   *     its domain, more errors than examples) or the domain has more than {@link
   *     Integer#MAX_VALUE} examples
   */
  public static double greaterPValue(
      long sliceErrors, long sliceExamples, long domainErrors, long domainExamples) {
    if (sliceErrors < 0
        || sliceErrors > sliceExamples
        || sliceExamples > domainExamples
        || domainErrors < 0
        || domainErrors > domainExamples
        || sliceErrors > domainErrors
        || sliceExamples - sliceErrors > domainExamples - domainErrors
        || domainExamples > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid table for Fisher's exact test: %d errors of %d examples in the slice, %d of"
                  + " %d in the domain; counts are numbers of examples, the slice's within the"
                  + " domain's, at most %d",
              sliceErrors, sliceExamples, domainErrors, domainExamples, Integer.MAX_VALUE));
    }
    if (sliceErrors == 0) {
      return 1.0;
    }
    int population = (int) domainExamples;
    int successes = (int) domainErrors;
    int draws = (int) sliceExamples;
    int x = (int) sliceErrors;
    HypergeometricDistribution distribution =
        new HypergeometricDistribution(null, population, successes, draws);
    long mode = ((long) draws + 1) * ((long) successes + 1) / ((long) population + 2);
    if (x > mode) {
      return Math.min(1.0, upperTail(distribution, x));
    }
    return Math.max(0.0, 1.0 - lowerTail(distribution, x - 1));
  }

  /** P[X >= x] for x above the mode: the terms fall from x upwards. */
  private static double upperTail(HypergeometricDistribution d, int x) {
    long big = d.getPopulationSize();
    long k = d.getNumberOfSuccesses();
    long n = d.getSampleSize();
    long max = Math.min(k, n);
    double term = d.probability(x);
    double sum = term;
    for (long i = x; i < max && term > 0; i++) {
      // P(i + 1) / P(i) = (K − i)(n − i) / ((i + 1)(N − K − n + i + 1)), falling with i.
      double ratio = (double) (k - i) * (n - i) / ((double) (i + 1) * (big - k - n + i + 1));
      term *= ratio;
      sum += term;
      if (ratio < 1 && term * ratio / (1 - ratio) < RELATIVE_TOLERANCE * sum) {
        break;
      }
    }
    return sum;
  }

  /** P[X <= x] for x below the mode: the terms fall from x downwards. */
  private static double lowerTail(HypergeometricDistribution d, int x) {
    long big = d.getPopulationSize();
    long k = d.getNumberOfSuccesses();
    long n = d.getSampleSize();
    long min = Math.max(0, n - (big - k));
    if (x < min) {
      return 0.0;
    }
    double term = d.probability(x);
    double sum = term;
    for (long i = x; i > min && term > 0; i--) {
      // P(i − 1) / P(i) = i (N − K − n + i) / ((K − i + 1)(n − i + 1)), falling as i falls.
      double ratio = (double) i * (big - k - n + i) / ((double) (k - i + 1) * (n - i + 1));
      term *= ratio;
      sum += term;
      if (ratio < 1 && term * ratio / (1 - ratio) < RELATIVE_TOLERANCE * sum) {
        break;
      }
    }
    return sum;
  }
}
