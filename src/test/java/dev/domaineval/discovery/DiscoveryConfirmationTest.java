package dev.domaineval.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.compare.McNemar;
import dev.domaineval.compare.PairedCounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.junit.jupiter.api.Test;

/** The tests that confirm a found slice, on worked examples and exact enumerations. */
class DiscoveryConfirmationTest {

  // One-sided exact McNemar: P[X >= broken], X ~ Binomial(fixed + broken, 1/2).

  @Test
  void eightBrokenOfTenDiscordantSumsTheThreeLargestTerms() {
    // binom.test(8, 10, alternative = "greater"): (C(10,8) + C(10,9) + C(10,10)) / 2^10
    assertThat(McNemar.exactOneSidedPValue(2, 8)).isCloseTo((45.0 + 10 + 1) / 1024, within(1e-15));
  }

  @Test
  void oneSidedIsHalfTheTwoSidedWhenMoreAreBroken() {
    for (int fixed = 0; fixed < 30; fixed++) {
      for (int broken = fixed + 1; broken < 40; broken++) {
        assertThat(McNemar.exactOneSidedPValue(fixed, broken))
            .isCloseTo(McNemar.exactPValue(fixed, broken) / 2, within(1e-14));
      }
    }
  }

  @Test
  void oneSidedIsAtLeastAHalfWhenNoMoreAreBroken() {
    // One fixed, one broken: P[X >= 1] = 3/4. More fixed than broken: never below 1/2.
    assertThat(McNemar.exactOneSidedPValue(1, 1)).isCloseTo(0.75, within(1e-15));
    assertThat(McNemar.exactOneSidedPValue(9, 1)).isCloseTo(1 - 1.0 / 1024, within(1e-15));
    assertThat(McNemar.exactOneSidedPValue(5, 0)).isEqualTo(1.0);
    assertThat(McNemar.exactOneSidedPValue(0, 0)).isEqualTo(1.0);
    assertThatThrownBy(() -> McNemar.exactOneSidedPValue(-1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fixed=-1");
  }

  @Test
  void oneSidedMatchesTheExactBinomialSum() {
    for (int n = 1; n <= 60; n += 7) {
      for (int broken = 0; broken <= n; broken++) {
        BigInteger upper = BigInteger.ZERO;
        for (int j = broken; j <= n; j++) {
          upper = upper.add(choose(n, j));
        }
        double exact =
            new BigDecimal(upper)
                .divide(new BigDecimal(BigInteger.TWO.pow(n)), MathContext.DECIMAL128)
                .doubleValue();
        assertThat(McNemar.exactOneSidedPValue(n - broken, broken)).isCloseTo(exact, within(1e-13));
      }
    }
  }

  // Fisher's exact test, one-sided: P[X >= x], X ~ Hypergeometric(N, K, n).

  @Test
  void theLadyTastingTea() {
    // Fisher (1935): 8 cups, 4 with milk first, 3 of the 4 she picked right.
    // fisher.test(matrix(c(3, 1, 1, 3), 2), alternative = "greater")$p.value = 17/70
    assertThat(FisherExact.greaterPValue(3, 4, 4, 8)).isCloseTo(17.0 / 70, within(1e-15));
    assertThat(FisherExact.greaterPValue(4, 4, 4, 8)).isCloseTo(1.0 / 70, within(1e-15));
    assertThat(FisherExact.greaterPValue(0, 4, 4, 8)).isEqualTo(1.0);
  }

  @Test
  void fisherMatchesTheExactHypergeometricSumOnSmallTables() {
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      int big = 1 + random.nextInt(60);
      int errors = random.nextInt(big + 1);
      int size = random.nextInt(big + 1);
      int lo = Math.max(0, size - (big - errors));
      int hi = Math.min(size, errors);
      int x = lo + random.nextInt(hi - lo + 1);
      BigInteger upper = BigInteger.ZERO;
      for (int j = x; j <= hi; j++) {
        upper = upper.add(choose(errors, j).multiply(choose(big - errors, size - j)));
      }
      double exact =
          new BigDecimal(upper)
              .divide(new BigDecimal(choose(big, size)), MathContext.DECIMAL128)
              .doubleValue();
      assertThat(FisherExact.greaterPValue(x, size, errors, big))
          .as("x=%d n=%d K=%d N=%d", x, size, errors, big)
          .isCloseTo(exact, within(1e-13 + 1e-10 * exact));
    }
  }

  @Test
  void fisherMatchesCommonsMathOnLargeTables() {
    Random random = new Random(12);
    for (int i = 0; i < 200; i++) {
      int big = 1000 + random.nextInt(200000);
      int errors = random.nextInt(big / 5);
      int size = 1 + random.nextInt(big / 3);
      double mean = (double) size * errors / big;
      int x =
          (int)
              Math.max(
                  0,
                  Math.min(
                      Math.min(size, errors),
                      mean + random.nextGaussian() * 4 * Math.sqrt(mean + 1)));
      double expected =
          new HypergeometricDistribution(null, big, errors, size).upperCumulativeProbability(x);
      double actual = FisherExact.greaterPValue(x, size, errors, big);
      if (x == 0) {
        expected = 1.0;
      }
      assertThat(actual)
          .as("x=%d n=%d K=%d N=%d", x, size, errors, big)
          .isCloseTo(expected, within(1e-12 + 1e-9 * expected));
    }
  }

  @Test
  void fisherRejectsCountsThatAreNotATable() {
    assertThatThrownBy(() -> FisherExact.greaterPValue(5, 4, 10, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 errors of 4 examples in the slice");
    assertThatThrownBy(() -> FisherExact.greaterPValue(1, 200, 10, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Each error definition's test.

  @Test
  void brokenIsConfirmedByTheOneSidedMcNemarTestOfTheSlice() {
    PairedCounts slice = new PairedCounts(50, 2, 8, 5);
    PairedCounts domain = new PairedCounts(900, 40, 30, 60);
    assertThat(ErrorDefinition.BROKEN.errors(slice)).isEqualTo(8);
    assertThat(ErrorDefinition.BROKEN.confirmationPValue(slice, domain))
        .isCloseTo((45.0 + 10 + 1) / 1024, within(1e-15));
  }

  @Test
  void wrongIsConfirmedByFishersTestOfTheSliceAgainstTheRest() {
    // Slice: 3 wrong (broken 1 + both wrong 2) of 4; domain: 4 wrong of 8: the tea table.
    PairedCounts slice = new PairedCounts(1, 0, 1, 2);
    PairedCounts domain = new PairedCounts(4, 0, 1, 3);
    assertThat(ErrorDefinition.WRONG.errors(slice)).isEqualTo(3);
    assertThat(ErrorDefinition.WRONG.confirmationPValue(slice, domain))
        .isCloseTo(17.0 / 70, within(1e-15));
  }

  @Test
  void adjustMarksWhatBenjaminiHochbergRejectsOverAllSlices() {
    // p = 0.01, 0.04, 0.03, 0.20 at FDR 0.05: sorted 0.01, 0.03, 0.04, 0.20 against 0.0125,
    // 0.025, 0.0375, 0.05: only 0.01 passes (0.03 > 0.025, 0.04 > 0.0375).
    List<DiscoveredSlice> found = List.of(slice(0.01), slice(0.04), slice(0.03), slice(0.20));
    assertThat(SliceDiscovery.adjust(found, 0.05))
        .extracting(DiscoveredSlice::significant)
        .containsExactly(true, false, false, false);
    // At FDR 0.2 the step-up takes all four: 0.20 <= 4/4·0.2.
    assertThat(SliceDiscovery.adjust(found, 0.2))
        .extracting(DiscoveredSlice::significant)
        .containsExactly(true, true, true, true);
  }

  private static DiscoveredSlice slice(double pValue) {
    return new DiscoveredSlice(
        "cand",
        "dom",
        ErrorDefinition.BROKEN,
        1,
        List.of(new Predicate("a", "x")),
        100,
        10,
        0.1,
        0.05,
        1.0,
        1,
        9,
        100,
        9,
        pValue,
        false);
  }

  private static BigInteger choose(int n, int k) {
    BigInteger out = BigInteger.ONE;
    for (int i = 0; i < k; i++) {
      out = out.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    }
    return out;
  }
}
