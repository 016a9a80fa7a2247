package dev.domaineval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.metrics.WilsonInterval.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonIntervalTest {

  /** Φ⁻¹(0.975), written out here so the test does not trust the production constant. */
  private static final double Z = 1.959963984540054;

  @Test
  void usesTheExactNormalQuantileNotOnePointNineSix() {
    assertThat(WilsonInterval.Z_95).isEqualTo(Z);
  }

  // R's prop.test(x, n, correct = FALSE) and statsmodels' proportion_confint(x, n,
  // method = "wilson") compute this interval; the digits below are the formula evaluated in
  // 50-digit decimal arithmetic (0 of 10 and 5 of 10 are the commonly published values).
  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({
    "0,   10,  0.0,                0.277532799862889",
    "5,   10,  0.236593090512564,  0.763406909487436",
    "81,  100, 0.722211546209356,  0.874852484902313",
    "10,  10,  0.722467200137111,  1.0",
    "1,   3,   0.0614919447203962, 0.792340399197952",
    "16,  20,  0.583982567748106,  0.919342337420202",
  })
  void matchesPublishedBounds(long successes, long n, double low, double high) {
    Interval interval = WilsonInterval.of(successes, n).orElseThrow();

    assertThat(interval.low()).isCloseTo(low, within(1e-12));
    assertThat(interval.high()).isCloseTo(high, within(1e-12));
  }

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({"1, 7", "3, 4", "50, 51", "123456, 1000000", "1500000000, 3000000000"})
  void followsTheWilsonScoreFormula(long successes, long n) {
    double p = (double) successes / n;
    double denominator = 1 + Z * Z / n;
    double center = (p + Z * Z / (2.0 * n)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n)) / denominator;

    Interval interval = WilsonInterval.of(successes, n).orElseThrow();

    assertThat(interval.low()).isCloseTo(center - half, within(1e-12));
    assertThat(interval.high()).isCloseTo(center + half, within(1e-12));
  }

  @Test
  void lowIsExactlyZeroWithoutSuccessesAndHighExactlyOneWithOnlySuccesses() {
    assertThat(WilsonInterval.of(0, 7).orElseThrow().low()).isEqualTo(0.0);
    assertThat(WilsonInterval.of(7, 7).orElseThrow().high()).isEqualTo(1.0);
    assertThat(WilsonInterval.of(0, 3_000_000_000L).orElseThrow().low()).isEqualTo(0.0);
    assertThat(WilsonInterval.of(3_000_000_000L, 3_000_000_000L).orElseThrow().high())
        .isEqualTo(1.0);
  }

  @Test
  void isSymmetricUnderSwappingSuccessesAndFailures() {
    Interval three = WilsonInterval.of(3, 11).orElseThrow();
    Interval eight = WilsonInterval.of(11 - 3, 11).orElseThrow();

    assertThat(three.low()).isCloseTo(1 - eight.high(), within(1e-12));
    assertThat(three.high()).isCloseTo(1 - eight.low(), within(1e-12));
  }

  @Test
  void isEmptyWithoutTrials() {
    assertThat(WilsonInterval.of(0, 0)).isEmpty();
  }

  @Test
  void rejectsMoreSuccessesThanTrials() {
    assertThatThrownBy(() -> WilsonInterval.of(11, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=11, n=10")
        .hasMessageContaining("expected 0 <= successes <= n");
  }

  @Test
  void rejectsNegativeSuccesses() {
    assertThatThrownBy(() -> WilsonInterval.of(-1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes=-1, n=10");
  }

  @Test
  void intervalRejectsBoundsOutsideTheUnitIntervalOrOutOfOrder() {
    assertThatThrownBy(() -> new Interval(0.6, 0.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid interval [0.6, 0.4]: expected 0 <= low <= high <= 1");
    assertThatThrownBy(() -> new Interval(-0.1, 0.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid interval [-0.1, 0.4]");
  }
}
