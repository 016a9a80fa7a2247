package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedPointSumTest {

  @Test
  void oneTermComesBackWithinTheRounding() {
    for (double t : new double[] {0, 1e-16, 1e-15, 0.1, 0.5, 0.7310585786300049, 1, 34.538776}) {
      long high = FixedPointSum.high(t);
      long low = FixedPointSum.low(t);
      assertThat(FixedPointSum.value(high, low)).as("term %s", t).isCloseTo(t, within(2e-15));
      assertThat(low).as("low part of %s", t).isBetween(-1L, FixedPointSum.SPLIT + 1);
    }
  }

  @Test
  void sumsDoNotDependOnTheOrderAndMatchTheExactSum() {
    Random random = new Random(7);
    List<Double> terms = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      terms.add(i % 3 == 0 ? -Math.log(Math.max(random.nextDouble(), 1e-15)) : random.nextDouble());
    }
    long[] first = sum(terms);
    Collections.shuffle(terms, random);
    long[] second = sum(terms);
    assertThat(second).containsExactly(first);

    BigDecimal exact = BigDecimal.ZERO;
    double naive = 0;
    for (double t : terms) {
      exact = exact.add(new BigDecimal(t));
      naive += t;
    }
    double value = FixedPointSum.value(first[0], first[1]);
    // Each term is off by at most 5e-16 (plus the double product's rounding): far below what
    // the adding of doubles loses.
    assertThat(value).isCloseTo(exact.doubleValue(), within(terms.size() * 2e-15));
    assertThat(Math.abs(value - exact.doubleValue()))
        .isLessThanOrEqualTo(Math.abs(naive - exact.doubleValue()) + 1e-9);
  }

  @Test
  void largeCountsOfLargeTermsStayExact() {
    // A billion log losses of 34.5 in one cell: the high sum is 3.45e16, far from overflow.
    long high = FixedPointSum.high(34.5) * 1_000_000_000L;
    long low = FixedPointSum.low(34.5) * 1_000_000_000L;
    assertThat(FixedPointSum.value(high, low)).isCloseTo(34.5e9, within(1e-3));
  }

  private static long[] sum(List<Double> terms) {
    long high = 0;
    long low = 0;
    for (double t : terms) {
      high += FixedPointSum.high(t);
      low += FixedPointSum.low(t);
    }
    return new long[] {high, low};
  }
}
