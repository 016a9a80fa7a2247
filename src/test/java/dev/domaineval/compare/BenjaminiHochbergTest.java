package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenjaminiHochbergTest {

  @Test
  void rejectsEveryHypothesisUpToTheLargestRankUnderItsThreshold() {
    // m = 5, alpha = 0.05, thresholds (k / 5)·0.05 = 0.01, 0.02, 0.03, 0.04, 0.05:
    //   rank 1: p = 0.005 <= 0.01  yes
    //   rank 2: p = 0.01  <= 0.02  yes
    //   rank 3: p = 0.03  <= 0.03  yes (on the threshold: inclusive)
    //   rank 4: p = 0.04  <= 0.04  yes (on the threshold) <- largest k
    //   rank 5: p = 0.2   >  0.05  no
    // So the first four (in input order 0.01, 0.04, 0.03, 0.005) are significant.
    double[] p = {0.01, 0.04, 0.03, 0.005, 0.2};

    assertThat(BenjaminiHochberg.significant(p, 0.05))
        .containsExactly(true, true, true, true, false);
  }

  @Test
  void adjustsByTheSmallestScaledPValueAtOrAboveTheRank() {
    double[] p = {0.01, 0.04, 0.03, 0.005, 0.2};

    double[] q = BenjaminiHochberg.adjusted(p);

    // Ranked: 0.005·5/1, 0.01·5/2, 0.03·5/3, 0.04·5/4, 0.2·5/5 = 0.025, 0.025, 0.05, 0.05, 0.2;
    // already non-decreasing, so the running minimum from the top changes nothing.
    assertThat(q[0]).isCloseTo(0.01 * 5 / 2, within(1e-15));
    assertThat(q[1]).isCloseTo(0.04 * 5 / 4, within(1e-15));
    assertThat(q[2]).isCloseTo(0.03 * 5 / 3, within(1e-15));
    assertThat(q[3]).isCloseTo(0.005 * 5 / 1, within(1e-15));
    assertThat(q[4]).isCloseTo(0.2 * 5 / 5, within(1e-15));
  }

  @Test
  void takesTheMinimumOverHigherRanks() {
    // Ranked 0.01·3/1 = 0.03, 0.02·3/2 = 0.03, 0.021·3/3 = 0.021: the third caps the others.
    double[] q = BenjaminiHochberg.adjusted(new double[] {0.02, 0.021, 0.01});

    assertThat(q[0]).isCloseTo(0.021, within(1e-15));
    assertThat(q[1]).isCloseTo(0.021, within(1e-15));
    assertThat(q[2]).isCloseTo(0.021, within(1e-15));
  }

  @Test
  void matchesThe1995PaperExample() {
    // The 15 p-values of Benjamini & Hochberg (1995), section 4: at q* = 0.05 the procedure
    // rejects the four smallest (Bonferroni only three). Adjusted values from SciPy's
    // false_discovery_control, equal to R's p.adjust(p, "BH").
    double[] p = {
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
      0.5719, 0.6528, 0.7590, 1.000
    };
    double[] expected = {
      0.0015,
      0.003,
      0.0095,
      0.035625,
      0.0603,
      0.0638571428571428,
      0.0638571428571428,
      0.0645,
      0.0765,
      0.486,
      0.5811818181818182,
      0.714875,
      0.7532307692307693,
      0.8132142857142857,
      1.0
    };

    double[] q = BenjaminiHochberg.adjusted(p);
    boolean[] significant = BenjaminiHochberg.significant(p, 0.05);

    for (int i = 0; i < p.length; i++) {
      assertThat(q[i]).as("q[%d]", i).isCloseTo(expected[i], within(1e-12));
      assertThat(significant[i]).as("significant[%d]", i).isEqualTo(i < 4);
    }
  }

  @Test
  void tiedPValuesGetTheSameAdjustedValueAndDecision() {
    // m = 4; the three tied at 0.02 have ranks 1..3 and all take min((4/3)·0.02, 0.5) = 0.02667.
    double[] p = {0.02, 0.5, 0.02, 0.02};

    double[] q = BenjaminiHochberg.adjusted(p);

    assertThat(q[0]).isCloseTo(4.0 / 3 * 0.02, within(1e-15));
    assertThat(q[2]).isEqualTo(q[0]);
    assertThat(q[3]).isEqualTo(q[0]);
    assertThat(q[1]).isCloseTo(0.5, within(1e-15));
    assertThat(BenjaminiHochberg.significant(p, 0.025)).containsExactly(false, false, false, false);
    assertThat(BenjaminiHochberg.significant(p, 0.03)).containsExactly(true, false, true, true);
  }

  @Test
  void singleTestIsLeftUnadjusted() {
    assertThat(BenjaminiHochberg.adjusted(new double[] {0.04})).containsExactly(0.04);
    assertThat(BenjaminiHochberg.significant(new double[] {0.05}, 0.05)).containsExactly(true);
    assertThat(BenjaminiHochberg.significant(new double[] {0.0501}, 0.05)).containsExactly(false);
  }

  @Test
  void emptyInputGivesEmptyResults() {
    assertThat(BenjaminiHochberg.adjusted(new double[0])).isEmpty();
    assertThat(BenjaminiHochberg.significant(new double[0], 0.05)).isEmpty();
  }

  @Test
  void adjustedValuesAreAtLeastThePValuesAndAtMostOne() {
    double[] p = {0.9, 0.95, 0.0, 1.0, 0.3};

    double[] q = BenjaminiHochberg.adjusted(p);

    for (int i = 0; i < p.length; i++) {
      assertThat(q[i]).as("q[%d]", i).isGreaterThanOrEqualTo(p[i]).isLessThanOrEqualTo(1.0);
    }
    assertThat(q[2]).isEqualTo(0.0);
  }

  @Test
  void doesNotModifyTheInput() {
    double[] p = {0.3, 0.01, 0.2};

    BenjaminiHochberg.adjusted(p);
    BenjaminiHochberg.significant(p, 0.05);

    assertThat(p).containsExactly(0.3, 0.01, 0.2);
  }

  @ParameterizedTest(name = "alpha={0}")
  @ValueSource(doubles = {0.01, 0.05, 0.1, 0.25})
  void significantAgreesWithAdjustedAndWithTheStepUpRule(double alpha) {
    Random random = new Random(20240611L);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + random.nextInt(40);
      double[] p = new double[m];
      for (int i = 0; i < m; i++) {
        // A mix of real effects (small p) and nulls (uniform p).
        p[i] = random.nextBoolean() ? random.nextDouble() * 0.01 : random.nextDouble();
      }

      boolean[] significant = BenjaminiHochberg.significant(p, alpha);
      double[] q = BenjaminiHochberg.adjusted(p);

      boolean[] stepUp = stepUp(p, alpha);
      for (int i = 0; i < m; i++) {
        assertThat(significant[i]).as("trial %d, i %d", trial, i).isEqualTo(q[i] <= alpha);
        assertThat(significant[i]).as("trial %d, i %d", trial, i).isEqualTo(stepUp[i]);
      }
    }
  }

  @Test
  void rejectsPValuesOutsideTheUnitInterval() {
    assertThatThrownBy(() -> BenjaminiHochberg.adjusted(new double[] {0.1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid p-value NaN at index 1 of 2")
        .hasMessageContaining("expected a number in [0, 1]");
    assertThatThrownBy(() -> BenjaminiHochberg.adjusted(new double[] {-0.01}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid p-value -0.01 at index 0");
    assertThatThrownBy(() -> BenjaminiHochberg.significant(new double[] {1.5}, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid p-value 1.5 at index 0");
  }

  @Test
  void rejectsAFalseDiscoveryRateOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> BenjaminiHochberg.significant(new double[] {0.1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha=0.0")
        .hasMessageContaining("expected a number in (0, 1), such as 0.05");
    assertThatThrownBy(() -> BenjaminiHochberg.significant(new double[] {0.1}, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha=NaN");
  }

  /** The procedure as the paper states it: reject ranks 1..k, k the largest with p(k) <= k·α/m. */
  private static boolean[] stepUp(double[] p, double alpha) {
    int m = p.length;
    double[] sorted = p.clone();
    Arrays.sort(sorted);
    double cutoff = -1;
    for (int k = m; k >= 1; k--) {
      if (sorted[k - 1] <= k * alpha / m) {
        cutoff = sorted[k - 1];
        break;
      }
    }
    boolean[] rejected = new boolean[m];
    for (int i = 0; i < m; i++) {
      rejected[i] = p[i] <= cutoff;
    }
    return rejected;
  }
}
