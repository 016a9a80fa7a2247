package dev.domaineval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatioTest {

  @Test
  void dividesWhenTheDenominatorIsNotZero() {
    assertThat(Ratio.of(2, 3)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void isZeroRatherThanNanWhenTheDenominatorIsZero() {
    assertThat(Ratio.of(0, 0)).isEqualTo(0.0);
    assertThat(Ratio.of(5, 0)).isEqualTo(0.0);
  }
}
