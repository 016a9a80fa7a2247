package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class McNemarTest {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  // Small cases from the Binomial(n, 1/2) pmf, C(n, j) / 2^n, by hand.

  @Test
  void noneFixedOfFiveBrokenIsTwiceTheProbabilityOfAllFiveBroken() {
    assertThat(McNemar.exactPValue(0, 5)).isCloseTo(2 * (1.0 / 32), within(1e-12));
  }

  @Test
  void oneFixedOfTenDiscordantSumsTheTwoSmallestTerms() {
    // P[X <= 1] = (C(10,0) + C(10,1)) / 2^10
    assertThat(McNemar.exactPValue(1, 9)).isCloseTo(2 * (1.0 + 10) / 1024, within(1e-12));
  }

  @Test
  void twoFixedOfTenDiscordantSumsTheThreeSmallestTerms() {
    assertThat(McNemar.exactPValue(2, 8)).isCloseTo(2 * (1.0 + 10 + 45) / 1024, within(1e-12));
  }

  @Test
  void balancedDiscordantCountsAreCappedAtOne() {
    // P[X <= 3] = (1 + 6 + 15 + 20) / 64 = 42 / 64, doubled 1.3125, capped.
    assertThat(McNemar.exactPValue(3, 3)).isEqualTo(1.0);
    assertThat(McNemar.exactPValue(1, 1)).isEqualTo(1.0);
  }

  @Test
  void isOneWithoutDiscordantExamples() {
    assertThat(McNemar.exactPValue(0, 0)).isEqualTo(1.0);
  }

  @Test
  void singleDiscordantExampleIsNotSignificant() {
    assertThat(McNemar.exactPValue(0, 1)).isEqualTo(1.0);
    assertThat(McNemar.exactPValue(0, 2)).isCloseTo(2 * (1.0 / 4), within(1e-12));
  }

  @ParameterizedTest(name = "b={0}, c={1}")
  @CsvSource({"0, 5", "1, 9", "40, 60", "17, 3", "1000, 1100", "1000000, 1010000"})
  void isSymmetricInFixedAndBroken(long fixed, long broken) {
    assertThat(McNemar.exactPValue(fixed, broken)).isEqualTo(McNemar.exactPValue(broken, fixed));
  }

  @Test
  void mediumCaseMatchesExactSummationOfBinomialCoefficients() {
    assertThat(McNemar.exactPValue(40, 60))
        .isCloseTo(exactByBinomialCoefficients(40, 60), within(1e-13));
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {1, 2, 7, 30, 101, 200, 1000})
  void matchesExactSummationForEverySplitOfSmallSamples(int n) {
    for (int fixed = 0; fixed <= n; fixed++) {
      double expected = exactByBinomialCoefficients(fixed, n - fixed);

      assertThat(McNemar.exactPValue(fixed, n - fixed))
          .as("b=%d, c=%d", fixed, n - fixed)
          .isCloseTo(expected, withinPercentage(1e-9));
    }
  }

  @Test
  void keepsSmallTailsThatOneMinusTheUpperTailWouldCancelToZero() {
    // 2·P[X <= 500] for X ~ Binomial(2500, 1/2): summed in 50-digit arithmetic (mpmath), and
    // equal to SciPy's 2·binom.cdf(500, 2500, 0.5). 1 − P[X > 500] is 0 in double.
    assertThat(McNemar.exactPValue(500, 2000))
        .isCloseTo(2.8550873690063523e-211, withinPercentage(1e-9));
  }

  @Test
  void isZeroOnlyWhereTheTruePValueUnderflowsDouble() {
    // The true value, 2·P[X <= 10] for Binomial(10010, 1/2), is about 2.7e-2980.
    assertThat(McNemar.exactPValue(10, 10_000)).isEqualTo(0.0);
    assertThat(McNemar.exactPValue(0, 1000)).isCloseTo(Math.pow(2, -999), withinPercentage(1e-9));
  }

  @Test
  void millionsOfBalancedDiscordantExamplesAreNotSignificant() {
    assertThat(McNemar.exactPValue(2_000_000, 2_000_000))
        .isGreaterThan(0.99)
        .isLessThanOrEqualTo(1.0);
  }

  @Test
  void millionsOfDiscordantExamplesWithASmallDifferenceMatchTheReferenceValues() {
    long fixed = 1_000_000;
    long broken = 1_001_000;

    double p = McNemar.exactPValue(fixed, broken);

    // z = (|b − c| − 1) / sqrt(b + c) = 999 / 1414.56, continuity-corrected McNemar.
    assertThat(p).isCloseTo(normalApproximation(fixed, broken), withinPercentage(0.1));
    assertThat(p)
        .isCloseTo(2 * lowerTailBySummation(fixed + broken, fixed), withinPercentage(1e-7));
    // The binomial pmf summed in 50-digit arithmetic (mpmath); SciPy's 2·binom.cdf agrees.
    assertThat(p).isCloseTo(0.4800493909900163, withinPercentage(1e-7));
  }

  @Test
  void millionsOfDiscordantExamplesWithALargeDifferenceGiveATinyPositivePValue() {
    long fixed = 1_000_000;
    long broken = 1_010_000;

    double p = McNemar.exactPValue(fixed, broken);

    assertThat(p).isPositive();
    // z = 9999 / 1417.74 ≈ 7.05; the normal tail agrees in log space to about 1e-4.
    assertThat(Math.log(p)).isCloseTo(Math.log(normalApproximation(fixed, broken)), within(1e-3));
    assertThat(p)
        .isCloseTo(2 * lowerTailBySummation(fixed + broken, fixed), withinPercentage(1e-7));
    // mpmath, 50 digits; SciPy gives 1.7539685614366628e-12.
    assertThat(p).isCloseTo(1.7539685614365956e-12, withinPercentage(1e-7));
  }

  @Test
  void acceptsMoreDiscordantExamplesThanAnIntHolds() {
    // SciPy's 2·binom.cdf(2e9, 4.00005e9, 0.5); the relative error grows like n·1e-16.
    assertThat(McNemar.exactPValue(2_000_000_000L, 2_000_050_000L))
        .isCloseTo(0.42920741459255096, withinPercentage(1e-3));
  }

  @Test
  void readsTheDiscordantCellsOfPairedCounts() {
    PairedCounts counts = new PairedCounts(500, 1, 9, 40);

    assertThat(McNemar.exactPValue(counts)).isEqualTo(McNemar.exactPValue(1, 9));
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatThrownBy(() -> McNemar.exactPValue(-1, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fixed=-1, broken=4")
        .hasMessageContaining("must be >= 0");
  }

  /** min(1, 2·Σ_{j ≤ min(b, c)} C(n, j) / 2^n) in exact integer arithmetic. */
  private static double exactByBinomialCoefficients(int fixed, int broken) {
    int n = fixed + broken;
    int k = Math.min(fixed, broken);
    BigInteger sum = BigInteger.ZERO;
    BigInteger coefficient = BigInteger.ONE;
    for (int j = 0; j <= k; j++) {
      sum = sum.add(coefficient);
      coefficient =
          coefficient.multiply(BigInteger.valueOf(n - j)).divide(BigInteger.valueOf(j + 1));
    }
    BigDecimal p =
        new BigDecimal(sum.shiftLeft(1))
            .divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)), MathContext.DECIMAL128);
    return Math.min(1.0, p.doubleValue());
  }

  /** 2·(1 − Φ(z)) for the continuity-corrected McNemar z = (|b − c| − 1) / sqrt(b + c). */
  private static double normalApproximation(long fixed, long broken) {
    double z = (Math.abs(fixed - broken) - 1) / Math.sqrt(fixed + broken);
    return 2 * STANDARD_NORMAL.cumulativeProbability(-z);
  }

  /**
   * P[X <= k] for X ~ Binomial(n, 1/2), k < n / 2 large, independently of commons-math: pmf(k) from
   * Stirling's series with the log terms written as log1p of the small relative deviation (so
   * nothing of size n cancels), then pmf(j − 1) = pmf(j)·j / (n − j + 1) summed downward.
   */
  private static double lowerTailBySummation(long n, long k) {
    double logPmf =
        -k * Math.log1p((2.0 * k - n) / n)
            - (n - k) * Math.log1p((n - 2.0 * k) / n)
            + 0.5 * Math.log(n / (2 * Math.PI * k * (double) (n - k)))
            + 1.0 / (12.0 * n)
            - 1.0 / (12.0 * k)
            - 1.0 / (12.0 * (n - k));
    double term = 1;
    double sum = 1;
    for (long j = k; j > 0 && term > 1e-18 * sum; j--) {
      term *= (double) j / (n - j + 1);
      sum += term;
    }
    return Math.exp(logPmf) * sum;
  }
}
