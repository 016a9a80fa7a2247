package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static final int R = 200;
  private static final String INVALID = ConfusionMatrix.INVALID;

  /** One example: its label and the two models' predictions. */
  private record Example(String label, String baseline, String candidate) {}

  // ---------------------------------------------------------------------------------------------
  // Brute force: the replicate-weighted counts give what resampling the examples gives.

  @Test
  void binaryDomainAgreesWithMetricsOfTheMaterializedResamples() {
    Random random = new Random(20240611L);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // 20 positives, 40 negatives; wrong answers are the other class or, now and then, invalid.
      String label = i % 3 == 0 ? "pos" : "neg";
      String other = label.equals("pos") ? "neg" : "pos";
      examples.add(
          new Example(
              label,
              answer(random, label, List.of(other), 0.7),
              answer(random, label, List.of(other), 0.8)));
    }

    checkAgainstBruteForce(examples, "pos", new Random(7L));
  }

  @Test
  void multiclassDomainAgreesWithMetricsOfTheMaterializedResamples() {
    Random random = new Random(99L);
    String[] labels = {"a", "a", "a", "b", "b", "c"};
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // 30 a, 20 b, 10 c.
      String label = labels[i % labels.length];
      List<String> others = new ArrayList<>(List.of("a", "b", "c"));
      others.remove(label);
      examples.add(
          new Example(
              label, answer(random, label, others, 0.6), answer(random, label, others, 0.75)));
    }
    // A class that is never a label, predicted by both models on the same two examples: present in
    // a replicate only when one of them is drawn (1 - e^-2 of the replicates, about 86 %).
    examples.set(7, new Example(examples.get(7).label(), "d", "d"));
    examples.set(8, new Example(examples.get(8).label(), "d", "d"));

    checkAgainstBruteForce(examples, null, new Random(8L));
  }

  private static void checkAgainstBruteForce(
      List<Example> examples, String positive, Random random) {
    int n = examples.size();
    long[][] weights = new long[n][R];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < R; r++) {
        weights[i][r] = poisson1(random);
      }
    }

    // What the job's aggregation does: each cell's replicate count sums its examples' weights.
    Map<List<String>, long[]> baselineCounts = new LinkedHashMap<>();
    Map<List<String>, long[]> candidateCounts = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Example e = examples.get(i);
      long[] b = baselineCounts.computeIfAbsent(List.of(e.label(), e.baseline()), k -> new long[R]);
      long[] c =
          candidateCounts.computeIfAbsent(List.of(e.label(), e.candidate()), k -> new long[R]);
      for (int r = 0; r < R; r++) {
        b[r] += weights[i][r];
        c[r] += weights[i][r];
      }
    }
    Map<List<Object>, Bootstrap.Estimate> actual =
        Bootstrap.estimate(cells(baselineCounts), cells(candidateCounts), R, positive);

    // Independently: materialize every resample, compute both models' metrics on it.
    Map<List<Object>, List<Double>> deltas = new HashMap<>();
    for (int r = 0; r < R; r++) {
      ConfusionMatrix.Builder baseline = ConfusionMatrix.builder();
      ConfusionMatrix.Builder candidate = ConfusionMatrix.builder();
      int size = 0;
      for (int i = 0; i < n; i++) {
        Example e = examples.get(i);
        for (long copy = 0; copy < weights[i][r]; copy++) {
          baseline.add(e.label(), e.baseline(), 1);
          candidate.add(e.label(), e.candidate(), 1);
          size++;
        }
      }
      assertThat(size).as("resample %d is empty", r).isPositive();
      Map<List<Object>, Double> b = compared(baseline.build(), positive);
      Map<List<Object>, Double> c = compared(candidate.build(), positive);
      for (Map.Entry<List<Object>, Double> e : c.entrySet()) {
        if (b.containsKey(e.getKey())) {
          deltas
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(e.getValue() - b.get(e.getKey()));
        }
      }
    }
    Map<List<Object>, double[]> expected = new HashMap<>();
    deltas.forEach(
        (key, d) -> {
          if (2 * d.size() >= R) {
            expected.put(key, d.stream().mapToDouble(Double::doubleValue).toArray());
          }
        });

    // Every compared metric present in both models on the whole data is returned, and only those.
    Map<List<Object>, Double> wholeBaseline = compared(matrix(examples, true), positive);
    Map<List<Object>, Double> wholeCandidate = compared(matrix(examples, false), positive);
    List<List<Object>> inBoth =
        wholeBaseline.keySet().stream().filter(wholeCandidate::containsKey).toList();
    assertThat(inBoth).hasSizeGreaterThan(15);
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(inBoth);
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());

    for (Map.Entry<List<Object>, double[]> e : expected.entrySet()) {
      double[] d = e.getValue();
      Bootstrap.Estimate estimate = actual.get(e.getKey());
      int atMostZero = (int) Arrays.stream(d).filter(x -> x <= 0).count();
      int atLeastZero = (int) Arrays.stream(d).filter(x -> x >= 0).count();
      // The p-value counts the replicates that have the metric (all R for most metrics).
      double p = Math.min(1.0, 2.0 * (1 + Math.min(atMostZero, atLeastZero)) / (1 + d.length));
      assertThat(estimate.replicates()).as("replicates of %s", e.getKey()).isEqualTo(d.length);
      assertThat(estimate.pValue()).as("p of %s", e.getKey()).isCloseTo(p, within(1e-12));
      assertThat(estimate.deltaLow())
          .as("low of %s", e.getKey())
          .isCloseTo(type7(d, 0.025), within(1e-12));
      assertThat(estimate.deltaHigh())
          .as("high of %s", e.getKey())
          .isCloseTo(type7(d, 0.975), within(1e-12));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Known outcomes.

  @Test
  void identicalModelsHaveZeroDeltasPValueOneAndTheZeroInterval() {
    List<Example> examples = new ArrayList<>();
    Random random = new Random(3L);
    for (int i = 0; i < 60; i++) {
      String label = i % 2 == 0 ? "pos" : "neg";
      String prediction = answer(random, label, List.of(label.equals("pos") ? "neg" : "pos"), 0.7);
      examples.add(new Example(label, prediction, prediction));
    }
    List<Bootstrap.Cell> cells = cells(examples, true, new Random(4L));

    Map<List<Object>, Bootstrap.Estimate> estimates = Bootstrap.estimate(cells, cells, R, "pos");

    assertThat(estimates).containsKey(Bootstrap.key(null, MetricId.SPECIFICITY));
    assertThat(estimates).hasSize(compared(matrix(examples, true), "pos").size());
    estimates.forEach(
        (key, e) -> {
          assertThat(e.pValue()).as("p of %s", key).isEqualTo(1.0);
          assertThat(e.deltaLow()).as("low of %s", key).isEqualTo(0.0);
          assertThat(e.deltaHigh()).as("high of %s", key).isEqualTo(0.0);
          assertThat(e.replicates()).as("replicates of %s", key).isEqualTo(R);
        });
  }

  @Test
  void candidateRightOnManyMoreExamplesHasTheSmallestPValueAndAPositiveInterval() {
    // 60 examples: the baseline is right on 20, the candidate on all 60. Every replicate that
    // draws one of the 40 fixed examples (all but e^-40 of them) has a positive accuracy delta.
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String label = i % 2 == 0 ? "a" : "b";
      String wrong = label.equals("a") ? "b" : "a";
      examples.add(new Example(label, i < 20 ? label : wrong, label));
    }
    Random random = new Random(5L);
    long[][] weights = weights(examples.size(), random);

    Bootstrap.Estimate accuracy =
        Bootstrap.estimate(cells(examples, true, weights), cells(examples, false, weights), R, null)
            .get(Bootstrap.key(null, MetricId.ACCURACY));

    // No replicate delta is <= 0: p = 2·(1 + 0) / (1 + R).
    assertThat(accuracy.pValue()).isCloseTo(2.0 * (1 + 0) / (R + 1), within(1e-15));
    assertThat(accuracy.deltaLow()).isPositive();
    assertThat(accuracy.deltaHigh()).isGreaterThanOrEqualTo(accuracy.deltaLow());
    // The whole-data delta is 40 / 60; the interval is around it.
    assertThat(accuracy.deltaLow()).isLessThan(40.0 / 60);
    assertThat(accuracy.deltaHigh()).isGreaterThan(40.0 / 60);
  }

  @Test
  void metricMissingInMoreThanHalfOfTheReplicatesIsNotReturned() {
    // R = 10. Class c occurs (both models right) in 4 replicates, class e in 5: c's per-class
    // metrics are missing in 6 of 10, e's in exactly half, which is still enough.
    long[] always = {3, 2, 4, 1, 2, 3, 5, 2, 1, 2};
    long[] fourTimes = {1, 0, 0, 2, 0, 0, 1, 0, 0, 1};
    long[] fiveTimes = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
    List<Bootstrap.Cell> baseline =
        List.of(
            new Bootstrap.Cell("a", "a", always),
            new Bootstrap.Cell("b", "a", always),
            new Bootstrap.Cell("c", "c", fourTimes),
            new Bootstrap.Cell("e", "e", fiveTimes));
    List<Bootstrap.Cell> candidate =
        List.of(
            new Bootstrap.Cell("a", "a", always),
            new Bootstrap.Cell("b", "b", always),
            new Bootstrap.Cell("c", "c", fourTimes),
            new Bootstrap.Cell("e", "e", fiveTimes));

    Map<List<Object>, Bootstrap.Estimate> estimates =
        Bootstrap.estimate(baseline, candidate, 10, null);

    for (MetricId metric : List.of(MetricId.PRECISION, MetricId.RECALL, MetricId.F1)) {
      assertThat(estimates).doesNotContainKey(Bootstrap.key("c", metric));
      assertThat(estimates.get(Bootstrap.key("e", metric)).replicates()).isEqualTo(5);
      assertThat(estimates.get(Bootstrap.key("a", metric)).replicates()).isEqualTo(10);
    }
    assertThat(estimates.get(Bootstrap.key(null, MetricId.ACCURACY)).replicates()).isEqualTo(10);
  }

  // ---------------------------------------------------------------------------------------------
  // summarize and quantile.

  @Test
  void oneReplicateGivesPValueOneAndAPointInterval() {
    // min(#{<= 0}, #{>= 0}) = 0, so p = 2·(1 + 0) / (1 + 1) = 1.
    Bootstrap.Estimate e = Bootstrap.summarize(new double[] {0.3});

    assertThat(e.pValue()).isEqualTo(1.0);
    assertThat(e.deltaLow()).isEqualTo(0.3);
    assertThat(e.deltaHigh()).isEqualTo(0.3);
    assertThat(e.replicates()).isEqualTo(1);
  }

  @Test
  void zeroDeltasCountOnBothSides() {
    // 8 positive, 1 zero: #{<= 0} = 1, #{>= 0} = 9, p = 2·(1 + 1) / (1 + 9).
    double[] oneTie = {0.1, 0.2, 0.0, 0.1, 0.3, 0.1, 0.2, 0.4, 0.1};
    // 9 positive: p = 2·(1 + 0) / (1 + 9).
    double[] noTie = {0.1, 0.2, 0.05, 0.1, 0.3, 0.1, 0.2, 0.4, 0.1};
    // 9 negative: the same by symmetry.
    double[] allBelow = Arrays.stream(noTie).map(d -> -d).toArray();

    assertThat(Bootstrap.summarize(oneTie).pValue()).isCloseTo(2.0 * (1 + 1) / 10, within(1e-15));
    assertThat(Bootstrap.summarize(noTie).pValue()).isCloseTo(2.0 * (1 + 0) / 10, within(1e-15));
    assertThat(Bootstrap.summarize(allBelow).pValue()).isCloseTo(2.0 * (1 + 0) / 10, within(1e-15));
  }

  @Test
  void pValueIsCappedAtOne() {
    // 5 below, 5 above: 2·(1 + 5) / 11 > 1.
    double[] balanced = {-0.1, 0.1, -0.2, 0.2, -0.3, 0.3, -0.4, 0.4, -0.5, 0.5};

    assertThat(Bootstrap.summarize(balanced).pValue()).isEqualTo(1.0);
  }

  @Test
  void intervalIsTheType7PercentilesOfTheUnsortedDeltas() {
    // Deltas 0, 1, ..., 199 in shuffled order: h = 199·0.025 = 4.975 and 199·0.975 = 194.025,
    // between consecutive order statistics one apart.
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      values.add((double) i);
    }
    java.util.Collections.shuffle(values, new Random(11L));
    double[] deltas = values.stream().mapToDouble(Double::doubleValue).toArray();
    double[] before = deltas.clone();

    Bootstrap.Estimate e = Bootstrap.summarize(deltas);

    assertThat(e.deltaLow()).isCloseTo(4 + 0.975, within(1e-12));
    assertThat(e.deltaHigh()).isCloseTo(194 + 0.025, within(1e-12));
    assertThat(e.replicates()).isEqualTo(200);
    assertThat(deltas).as("the input is not reordered").containsExactly(before);
  }

  @Test
  void quantileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {1, 2, 3, 4};

    assertThat(Bootstrap.quantile(sorted, 0.0)).isEqualTo(1.0);
    assertThat(Bootstrap.quantile(sorted, 1.0)).isEqualTo(4.0);
    // h = 3·0.5 = 1.5: halfway between 2 and 3.
    assertThat(Bootstrap.quantile(sorted, 0.5)).isCloseTo(2.5, within(1e-12));
    // h = 3·0.025 = 0.075.
    assertThat(Bootstrap.quantile(sorted, 0.025)).isCloseTo(1 + 0.075, within(1e-12));
    // h = 3·0.975 = 2.925.
    assertThat(Bootstrap.quantile(sorted, 0.975)).isCloseTo(3 + 0.925, within(1e-12));
  }

  @Test
  void quantileOfTiesAndOfOneValue() {
    double[] ties = {1, 1, 1, 2};

    // h = 1.5 lies between two equal order statistics.
    assertThat(Bootstrap.quantile(ties, 0.5)).isEqualTo(1.0);
    // h = 2.7: 1 + 0.7·(2 - 1).
    assertThat(Bootstrap.quantile(ties, 0.9)).isCloseTo(1.7, within(1e-12));
    assertThat(Bootstrap.quantile(new double[] {5}, 0.025)).isEqualTo(5.0);
    assertThat(Bootstrap.quantile(new double[] {5}, 0.975)).isEqualTo(5.0);
    assertThat(Bootstrap.quantile(new double[] {-2, -2, -2}, 0.975)).isEqualTo(-2.0);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  /** The label with probability {@code right}, else another class or (one in five) invalid. */
  private static String answer(Random random, String label, List<String> others, double right) {
    if (random.nextDouble() < right) {
      return label;
    }
    return random.nextDouble() < 0.2 ? INVALID : others.get(random.nextInt(others.size()));
  }

  /** Poisson(1) by inverse-CDF: the smallest k with P[X <= k] >= u. */
  private static long poisson1(Random random) {
    double u = random.nextDouble();
    long k = 0;
    double term = Math.exp(-1);
    double cdf = term;
    while (u > cdf && k < 40) {
      k++;
      term /= k;
      cdf += term;
    }
    return k;
  }

  private static long[][] weights(int n, Random random) {
    long[][] weights = new long[n][R];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < R; r++) {
        weights[i][r] = poisson1(random);
      }
    }
    return weights;
  }

  private static List<Bootstrap.Cell> cells(Map<List<String>, long[]> counts) {
    List<Bootstrap.Cell> cells = new ArrayList<>();
    counts.forEach((k, v) -> cells.add(new Bootstrap.Cell(k.get(0), k.get(1), v)));
    return cells;
  }

  private static List<Bootstrap.Cell> cells(
      List<Example> examples, boolean baseline, Random random) {
    return cells(examples, baseline, weights(examples.size(), random));
  }

  private static List<Bootstrap.Cell> cells(
      List<Example> examples, boolean baseline, long[][] weights) {
    Map<List<String>, long[]> counts = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      long[] c =
          counts.computeIfAbsent(
              List.of(e.label(), baseline ? e.baseline() : e.candidate()), k -> new long[R]);
      for (int r = 0; r < R; r++) {
        c[r] += weights[i][r];
      }
    }
    return cells(counts);
  }

  private static ConfusionMatrix matrix(List<Example> examples, boolean baseline) {
    ConfusionMatrix.Builder m = ConfusionMatrix.builder();
    for (Example e : examples) {
      m.add(e.label(), baseline ? e.baseline() : e.candidate(), 1);
    }
    return m.build();
  }

  /** (class, metric) to value of the compared metrics of a matrix. */
  private static Map<List<Object>, Double> compared(ConfusionMatrix m, String positive) {
    Map<List<Object>, Double> out = new HashMap<>();
    for (MetricValue v : GroupMetrics.compute(m, positive)) {
      if (v.metric().isCompared()) {
        assertThat(out.put(Arrays.asList(v.cls(), v.metric()), v.value())).isNull();
      }
    }
    return out;
  }

  /** R's type-7 quantile, with 1-based order statistics x(1) <= ... <= x(n). */
  private static double type7(double[] values, double q) {
    double[] x = values.clone();
    Arrays.sort(x);
    double h = 1 + (x.length - 1) * q;
    int j = (int) Math.floor(h);
    double below = x[j - 1];
    double above = j < x.length ? x[j] : x[j - 1];
    return below + (h - j) * (above - below);
  }
}
