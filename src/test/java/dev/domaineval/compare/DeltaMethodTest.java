package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.BinaryCounts;
import dev.domaineval.metrics.ClassCounts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class DeltaMethodTest {
  private static final ToDoubleFunction<ClassCounts> ACCURACY =
      m -> m.correct() / (double) m.total();
  private static final ToDoubleFunction<ClassCounts> PRECISION_SPAM =
      m -> {
        double tp = m.binaryCounts("spam").tp();
        return tp / (tp + m.binaryCounts("spam").fp());
      };

  /** A binary table: actual × baseline × candidate over {spam, ham}, counts in that order. */
  static JointConfusion binary(long... counts) {
    String[] v = {"spam", "ham"};
    Map<JointConfusion.Cell, Long> cells = new LinkedHashMap<>();
    int i = 0;
    for (String a : v) {
      for (String b : v) {
        for (String c : v) {
          cells.put(new JointConfusion.Cell(a, b, c), counts[i++]);
        }
      }
    }
    return JointConfusion.of(cells);
  }

  /** For accuracy the delta method is the paired Wald error: √((b + c)/n − ((b − c)/n)²)/√n. */
  @Test
  void accuracyMatchesThePairedWaldErrorExactly() {
    JointConfusion t = binary(120, 14, 9, 30, 11, 25, 40, 751);
    long[] o = t.pairedOutcomes();
    double n = t.total();
    double b = o[1];
    double c = o[2];
    double expected = Math.sqrt(((b + c) / n - Math.pow((b - c) / n, 2)) / n);
    DeltaMethod.Estimate e = DeltaMethod.of(t, ACCURACY);
    assertThat(e.delta()).isCloseTo((b - c) / n, within(1e-12));
    assertThat(e.standardError()).isCloseTo(expected, within(expected * 1e-6));
  }

  /**
   * For precision (a ratio of sums) the error is checked against the spread of the difference over
   * 4,000 multinomial tables drawn from the same cell proportions (a Monte-Carlo standard error of
   * about 1.1 % on a standard deviation), and the Wald interval's coverage of the true difference.
   */
  @Test
  void precisionErrorMatchesTheSpreadOfRedrawnTablesAndCovers95Percent() {
    long[] counts = {120, 14, 9, 30, 11, 25, 40, 751};
    JointConfusion t = binary(counts);
    int n = (int) t.total();
    double truth = DeltaMethod.of(t, PRECISION_SPAM).delta();
    double[] cumulative = new double[counts.length];
    double sum = 0;
    for (int i = 0; i < counts.length; i++) {
      sum += counts[i] / (double) n;
      cumulative[i] = sum;
    }
    Random random = new Random(7);
    int tables = 4000;
    double mean = 0;
    double m2 = 0;
    int covered = 0;
    for (int r = 1; r <= tables; r++) {
      long[] drawn = new long[counts.length];
      for (int i = 0; i < n; i++) {
        double u = random.nextDouble();
        int k = 0;
        while (k < cumulative.length - 1 && u >= cumulative[k]) {
          k++;
        }
        drawn[k]++;
      }
      DeltaMethod.Estimate e = DeltaMethod.of(binary(drawn), PRECISION_SPAM);
      double[] ci = e.interval95();
      if (ci[0] <= truth && truth <= ci[1]) {
        covered++;
      }
      double d = e.delta() - mean;
      mean += d / r;
      m2 += d * (e.delta() - mean);
    }
    double spread = Math.sqrt(m2 / (tables - 1));
    assertThat(truth).isCloseTo(129.0 / 180 - 134.0 / 170, within(1e-12));
    assertThat(spread).isPositive();
    assertThat(DeltaMethod.of(t, PRECISION_SPAM).standardError())
        .isCloseTo(spread, within(spread * 0.05));
    assertThat(covered / (double) tables).isBetween(0.93, 0.97);
  }

  @Test
  void identicalModelsHaveNoDifferenceAndNoError() {
    // The candidate predicts exactly what the baseline predicts.
    JointConfusion t = binary(50, 0, 0, 10, 7, 0, 0, 80);
    DeltaMethod.Estimate e = DeltaMethod.of(t, PRECISION_SPAM);
    assertThat(e.delta()).isZero();
    assertThat(e.standardError()).isCloseTo(0, within(1e-9));
    assertThat(DeltaMethod.of(t, ACCURACY).pValue()).isEqualTo(1.0);
  }

  /**
   * A rare class at a bound: 500 examples, 1 % spam, which the baseline finds 95 % of the time and
   * the candidate 62 %; ham's recall is the same for both. On a redrawn table spam has about five
   * examples, often all found by the baseline, and then no cell of the plain table moves its
   * recall: the plain delta method loses that class's uncertainty and its interval of the macro
   * recall's difference covers the truth far less than 95 % of the time. With half an example in
   * every allowed cell (the smoothed variance) the coverage comes back to about 90 % (the plain
   * one: about 77 %).
   */
  @Test
  void halfAnExampleInEveryCellKeepsARareClassAtItsBoundInTheError() {
    // spam: (s,s,s) (s,s,h) (s,h,s) (s,h,h); ham: (h,s,s) (h,s,h) (h,h,s) (h,h,h), per 10,000.
    double[] p = {60, 35, 2, 3, 200, 100, 100, 9500};
    ToDoubleFunction<ClassCounts> macroRecall =
        m -> {
          BinaryCounts spam = m.binaryCounts("spam");
          BinaryCounts ham = m.binaryCounts("ham");
          double spamRecall =
              spam.tp() + spam.fn() == 0 ? 0 : spam.tp() / (double) (spam.tp() + spam.fn());
          double hamRecall =
              ham.tp() + ham.fn() == 0 ? 0 : ham.tp() / (double) (ham.tp() + ham.fn());
          return spam.tp() + spam.fn() == 0 ? hamRecall : (spamRecall + hamRecall) / 2;
        };
    long[] population = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      population[i] = (long) (p[i] * 100_000);
    }
    double truth = DeltaMethod.of(binary(population), macroRecall).delta();
    assertThat(truth).isCloseTo(0.5 * (62.0 / 100 - 95.0 / 100), within(1e-9));
    double[] cumulative = new double[p.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += p[i] / 10_000;
      cumulative[i] = sum;
    }
    Random random = new Random(11);
    int tables = 2000;
    int plain = 0;
    int smoothed = 0;
    for (int r = 0; r < tables; r++) {
      long[] drawn = new long[p.length];
      for (int i = 0; i < 500; i++) {
        double u = random.nextDouble();
        int k = 0;
        while (k < cumulative.length - 1 && u >= cumulative[k]) {
          k++;
        }
        drawn[k]++;
      }
      JointConfusion t = binary(drawn);
      double[] a = DeltaMethod.of(t, macroRecall).interval95();
      double[] b =
          DeltaMethod.ofAllSmoothed(t, m -> new double[] {macroRecall.applyAsDouble(m)})[0]
              .interval95();
      plain += a[0] <= truth && truth <= a[1] ? 1 : 0;
      smoothed += b[0] <= truth && truth <= b[1] ? 1 : 0;
    }
    double plainCoverage = plain / (double) tables;
    double smoothedCoverage = smoothed / (double) tables;
    assertThat(smoothedCoverage).isBetween(0.90, 0.99);
    assertThat(plainCoverage).isLessThan(smoothedCoverage - 0.05);
  }
}
