package dev.domaineval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinaryCountsTest {

  @Test
  void plusAddsEachCount() {
    BinaryCounts a = new BinaryCounts(1, 2, 3, 4);
    BinaryCounts b = new BinaryCounts(10, 20, 30, 40);

    assertThat(a.plus(b)).isEqualTo(new BinaryCounts(11, 22, 33, 44));
  }

  @Test
  void rejectsNegativeCountsNamingAllFour() {
    assertThatThrownBy(() -> new BinaryCounts(1, -2, 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid counts: negative value in tp=1 fp=-2 fn=3 tn=4")
        .hasMessageContaining(">= 0");
  }

  @Test
  void plusFailsLoudlyInsteadOfOverflowing() {
    BinaryCounts huge = new BinaryCounts(Long.MAX_VALUE, 0, 0, 0);

    assertThatThrownBy(() -> huge.plus(new BinaryCounts(1, 0, 0, 0)))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("overflow");
  }
}
