package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.metrics.WilsonInterval;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedDifferenceIntervalTest {

  /**
   * Coverage by simulation: tables drawn from a known multinomial of paired outcomes; the share of
   * intervals that contain the true difference must be 95 % within Monte-Carlo error (4,000 tables
   * per case: a standard error of 0.0034) and the method's known slight conservatism.
   */
  @Test
  void coversTheTrueDifferenceAbout95PercentOfTheTime() {
    double[][] cases = {
      // n, P(both right), P(only candidate), P(only baseline), P(both wrong)
      {40, 0.60, 0.10, 0.05, 0.25},
      {200, 0.70, 0.08, 0.12, 0.10},
      {1000, 0.85, 0.03, 0.02, 0.10},
      {5000, 0.50, 0.01, 0.015, 0.475},
    };
    Random random = new Random(20261207);
    for (double[] c : cases) {
      int n = (int) c[0];
      double truth = c[2] - c[3];
      int covered = 0;
      int tables = 4000;
      for (int t = 0; t < tables; t++) {
        long[] cells = new long[4];
        for (int i = 0; i < n; i++) {
          double u = random.nextDouble();
          int k = u < c[1] ? 0 : u < c[1] + c[2] ? 1 : u < c[1] + c[2] + c[3] ? 2 : 3;
          cells[k]++;
        }
        PairedDifferenceInterval.Interval ci =
            PairedDifferenceInterval.of(cells[0], cells[1], cells[2], cells[3]);
        if (ci.low() <= truth && truth <= ci.high()) {
          covered++;
        }
      }
      double coverage = covered / (double) tables;
      assertThat(coverage).as("coverage at n = %d, truth %.3f", n, truth).isBetween(0.93, 0.975);
    }
  }

  /** On a large table the score interval and the Wald interval of the paired difference agree. */
  @Test
  void agreesWithTheWaldIntervalOnLargeTables() {
    long a = 600_000;
    long b = 31_000;
    long c = 28_500;
    long d = 340_500;
    double n = a + b + c + d;
    double delta = (b - c) / n;
    double se = Math.sqrt((b + c) - (b - c) * (double) (b - c) / n) / n;
    PairedDifferenceInterval.Interval ci = PairedDifferenceInterval.of(a, b, c, d);
    assertThat(ci.low()).isCloseTo(delta - WilsonInterval.Z_95 * se, within(2e-5));
    assertThat(ci.high()).isCloseTo(delta + WilsonInterval.Z_95 * se, within(2e-5));
  }

  @Test
  void containsTheEstimateStaysInsideMinusOneAndOneAndIsAntisymmetric() {
    long[][] tables = {{0, 0, 0, 5}, {5, 0, 0, 0}, {0, 5, 0, 0}, {0, 0, 5, 0}, {3, 1, 0, 2}};
    for (long[] t : tables) {
      PairedDifferenceInterval.Interval ci = PairedDifferenceInterval.of(t[0], t[1], t[2], t[3]);
      PairedDifferenceInterval.Interval swapped =
          PairedDifferenceInterval.of(t[0], t[2], t[1], t[3]);
      double n = t[0] + t[1] + t[2] + t[3];
      double delta = (t[1] - t[2]) / n;
      assertThat(ci.low()).isLessThanOrEqualTo(delta).isGreaterThanOrEqualTo(-1);
      assertThat(ci.high()).isGreaterThanOrEqualTo(delta).isLessThanOrEqualTo(1);
      assertThat(swapped.low()).isCloseTo(-ci.high(), within(1e-12));
      assertThat(swapped.high()).isCloseTo(-ci.low(), within(1e-12));
    }
    // No discordant example: the difference is 0, the interval is not degenerate.
    PairedDifferenceInterval.Interval none = PairedDifferenceInterval.of(30, 0, 0, 10);
    assertThat(none.low()).isNegative();
    assertThat(none.high()).isPositive();
  }

  @Test
  void rejectsNegativeOrEmptyTables() {
    assertThatThrownBy(() -> PairedDifferenceInterval.of(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be >= 0");
    assertThatThrownBy(() -> PairedDifferenceInterval.of(0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No paired examples");
  }
}
