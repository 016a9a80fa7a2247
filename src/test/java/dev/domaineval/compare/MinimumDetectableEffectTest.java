package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MinimumDetectableEffectTest {

  /** Φ⁻¹(0.975) and Φ⁻¹(0.8), written out so the test does not trust commons-math. */
  private static final double Z_975 = 1.959963984540054;

  private static final double Z_80 = 0.8416212335729143;

  @Test
  void defaultsAreFivePercentLevelAndEightyPercentPower() {
    assertThat(MinimumDetectableEffect.ALPHA).isEqualTo(0.05);
    assertThat(MinimumDetectableEffect.POWER).isEqualTo(0.8);
  }

  @Test
  void accuracyOfEightyPercentOnAThousandExamples() {
    // (1.96 + 0.84)·sqrt(2·0.8·0.2 / 1000) ≈ 0.0501: about five points.
    double expected = (Z_975 + Z_80) * Math.sqrt(2 * 0.8 * 0.2 / 1000);

    assertThat(MinimumDetectableEffect.forProportion(0.8, 1000, 0.05, 0.8))
        .isCloseTo(expected, within(1e-12));
    assertThat(MinimumDetectableEffect.forProportion(0.8, 1000)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void stricterLevelAndHigherPowerNeedALargerChange() {
    // Φ⁻¹(0.995) = 2.5758293035489004, Φ⁻¹(0.9) = 1.2815515655446004.
    double expected = (2.5758293035489004 + 1.2815515655446004) * Math.sqrt(2 * 0.5 * 0.5 / 400);

    assertThat(MinimumDetectableEffect.forProportion(0.5, 400, 0.01, 0.9))
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void shrinksWithTheSquareRootOfTheSampleSize() {
    double small = MinimumDetectableEffect.forProportion(0.3, 2_500);
    double large = MinimumDetectableEffect.forProportion(0.3, 10_000);

    assertThat(large).isCloseTo(small / 2, within(1e-12));
  }

  @Test
  void proportionOfZeroOrOneUsesTheWorstCaseOneHalf() {
    double half = (Z_975 + Z_80) * Math.sqrt(2 * 0.5 * 0.5 / 200);

    assertThat(MinimumDetectableEffect.forProportion(0.0, 200)).isCloseTo(half, within(1e-12));
    assertThat(MinimumDetectableEffect.forProportion(1.0, 200)).isCloseTo(half, within(1e-12));
  }

  @Test
  void isNaNWithoutExamples() {
    assertThat(MinimumDetectableEffect.forProportion(0.8, 0)).isNaN();
  }

  @Test
  void rejectsAProportionOutsideTheUnitIntervalOrANegativeCount() {
    assertThatThrownBy(() -> MinimumDetectableEffect.forProportion(1.2, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p0=1.2, n=100")
        .hasMessageContaining("expected p0 in [0, 1] and n >= 0");
    assertThatThrownBy(() -> MinimumDetectableEffect.forProportion(0.5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p0=0.5, n=-1");
  }

  @Test
  void rejectsALevelOrPowerOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> MinimumDetectableEffect.forProportion(0.5, 100, 0.0, 0.8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha=0.0, power=0.8")
        .hasMessageContaining("expected both in (0, 1)");
    assertThatThrownBy(() -> MinimumDetectableEffect.forProportion(0.5, 100, 0.05, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha=0.05, power=1.0");
  }
}
