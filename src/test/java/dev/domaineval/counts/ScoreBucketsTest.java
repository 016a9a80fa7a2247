package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ScoreBucketsTest {

  @Test
  void everyFourDecimalScoreLandsInTheBucketOfItsDecimalValue() {
    // Brute force over every score with 4 decimals: the bucket is the decimal value times 10^4,
    // although binary floating point stores many of them just below their bucket's edge.
    int n = ScoreBuckets.countOf(1e-4);
    for (int k = 0; k < n; k++) {
      double score = new BigDecimal(k).movePointLeft(4).doubleValue();
      assertThat(ScoreBuckets.of(score, n)).as("score %s", score).isEqualTo(k);
    }
    assertThat(ScoreBuckets.of(1.0, n)).isEqualTo(n - 1);
  }

  @Test
  void countOfAcceptsOnlyReciprocalsOfIntegers() {
    assertThat(ScoreBuckets.countOf(1e-2)).isEqualTo(100);
    assertThat(ScoreBuckets.countOf(1)).isEqualTo(1);
    assertThatThrownBy(() -> ScoreBuckets.countOf(0.3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid score resolution 0.3");
    assertThatThrownBy(() -> ScoreBuckets.countOf(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
