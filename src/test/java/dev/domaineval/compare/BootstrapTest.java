package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.domaineval.config.BootstrapScope;
import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ClassCounts;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  private static final int R = 200;
  private static final String INVALID = ConfusionMatrix.INVALID;
  private static final String CANDIDATE = "ft-v1";
  private static final GroupKey SPAM = new GroupKey(CANDIDATE, "spam", SliceKey.OVERALL);
  private static final GroupKey POOLED = new GroupKey(CANDIDATE, SliceKey.POOLED, SliceKey.OVERALL);
  private static final GroupKey SPAM_EN =
      new GroupKey(CANDIDATE, "spam", new SliceKey("language", "en"));
  private static final Function<String, String> SPAM_IS_POSITIVE =
      domain -> {
        assertThat(domain).as("the pooled domain has no positive class").isNotEqualTo("*");
        return domain.equals("spam") ? "spam" : null;
      };

  /** One example: its label and the two models' predictions. */
  private record Example(String label, String baseline, String candidate) {}

  // ---------------------------------------------------------------------------------------------
  // Determinism and scope.

  @Test
  void sameTableAndSeedGiveIdenticalEstimatesAnotherSeedOthers() {
    Map<GroupKey, JointConfusion> joint = Map.of(SPAM, spamTable(1));

    var first = estimates(joint, 42, BootstrapScope.DOMAINS);
    var again = estimates(joint, 42, BootstrapScope.DOMAINS);
    var otherSeed = estimates(joint, 43, BootstrapScope.DOMAINS);

    assertThat(first.get(SPAM)).hasSizeGreaterThan(10);
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed.keySet()).isEqualTo(first.keySet());
    assertThat(otherSeed.get(SPAM).keySet()).isEqualTo(first.get(SPAM).keySet());
    assertThat(otherSeed.get(SPAM)).isNotEqualTo(first.get(SPAM));
    // The precision delta's interval bounds are sums of random draws: another seed moves them.
    List<Object> precision = Bootstrap.key("spam", MetricId.PRECISION);
    assertThat(otherSeed.get(SPAM).get(precision).deltaLow())
        .isNotEqualTo(first.get(SPAM).get(precision).deltaLow());
  }

  @Test
  void aGroupsEstimatesDependOnItsCountsSeedAndKeyOnly() {
    JointConfusion table = spamTable(1);
    Map<GroupKey, JointConfusion> alone = Map.of(SPAM, table);
    Map<GroupKey, JointConfusion> withOthers = new LinkedHashMap<>();
    withOthers.put(SPAM_EN, spamTable(2));
    withOthers.put(POOLED, spamTable(3));
    withOthers.put(SPAM, table);
    GroupKey renamed = new GroupKey(CANDIDATE, "mail", SliceKey.OVERALL);

    var fromAlone = estimates(alone, 42, BootstrapScope.DOMAINS).get(SPAM);
    var fromAll = estimates(withOthers, 42, BootstrapScope.ALL).get(SPAM);
    var underAnotherKey =
        Bootstrap.estimates(
                Map.of(renamed, table),
                List.of(CANDIDATE),
                R,
                42,
                BootstrapScope.DOMAINS,
                domain -> "spam",
                false)
            .get(renamed);

    assertThat(fromAll).isEqualTo(fromAlone);
    // The same counts under another group key are drawn from another generator.
    assertThat(underAnotherKey.keySet()).isEqualTo(fromAlone.keySet());
    assertThat(underAnotherKey).isNotEqualTo(fromAlone);
  }

  @Test
  void groupSeedIsAStableHashOfSeedAndKey() {
    // Pinned: the same seed and group must draw the same replicates on any JVM and in any run.
    assertThat(Bootstrap.groupSeed(42, SPAM)).isEqualTo(2590133173977415896L);
    assertThat(Bootstrap.groupSeed(42, SPAM_EN)).isEqualTo(2882818574961180153L);
    // Parts are delimited: moving a character from one part to the next is another key.
    assertThat(Bootstrap.groupSeed(42, new GroupKey("ab", "c", SliceKey.OVERALL)))
        .isNotEqualTo(Bootstrap.groupSeed(42, new GroupKey("a", "bc", SliceKey.OVERALL)));
    assertThat(Bootstrap.groupSeed(43, SPAM)).isNotEqualTo(Bootstrap.groupSeed(42, SPAM));
  }

  @Test
  void scopeDomainsEstimatesOnlyTheOverallSlicesAndScopeAllEverySliceValueToo() {
    Map<GroupKey, JointConfusion> joint = new LinkedHashMap<>();
    joint.put(SPAM, spamTable(1));
    joint.put(SPAM_EN, spamTable(1));
    joint.put(POOLED, spamTable(1));
    joint.put(
        new GroupKey(CANDIDATE, SliceKey.POOLED, new SliceKey("language", "en")), spamTable(1));
    // A model that is not a candidate of the run.
    joint.put(new GroupKey("ft-v0", "spam", SliceKey.OVERALL), spamTable(1));

    var domains = estimates(joint, 42, BootstrapScope.DOMAINS);
    var all = estimates(joint, 42, BootstrapScope.ALL);

    assertThat(domains).containsOnlyKeys(SPAM, POOLED);
    assertThat(all)
        .containsOnlyKeys(
            SPAM,
            SPAM_EN,
            POOLED,
            new GroupKey(CANDIDATE, SliceKey.POOLED, new SliceKey("language", "en")));
    // A binary domain's group has the positive class's specificity, the pooled domain's has none.
    assertThat(all.get(SPAM_EN)).containsKey(Bootstrap.key(null, MetricId.SPECIFICITY));
    assertThat(all.get(POOLED)).doesNotContainKey(Bootstrap.key(null, MetricId.SPECIFICITY));
    assertThat(
            Bootstrap.estimates(
                joint, List.of(CANDIDATE), 0, 42, BootstrapScope.ALL, SPAM_IS_POSITIVE, false))
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The distribution of the replicates.

  @Test
  void replicateCountsOfEachCellArePoissonOfItsCountAndIndependent() {
    long[] n = {1, 3, 17, 120, 751};
    Map<JointConfusion.Cell, Long> cells = new TreeMap<>();
    String[] values = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < n.length; i++) {
      cells.put(new JointConfusion.Cell(values[i], values[i], values[i]), n[i]);
    }
    ReplicateTables tables = new ReplicateTables(JointConfusion.of(cells), 7L);
    int replicates = 4000;
    double[][] drawn = new double[n.length][replicates];
    for (int r = 0; r < replicates; r++) {
      long[] counts = tables.next();
      for (int i = 0; i < n.length; i++) {
        drawn[i][r] = counts[i];
      }
    }

    for (int i = 0; i < n.length; i++) {
      double mean = mean(drawn[i]);
      double variance = variance(drawn[i]);
      // Poisson(n): mean n, variance n; the sample variance's standard error is about
      // √((n + 2n²) / R). Both within 4 standard errors.
      double meanError = Math.sqrt(n[i] / (double) replicates);
      double varianceError = Math.sqrt((n[i] + 2.0 * n[i] * n[i]) / replicates);
      assertThat(mean).as("mean of cell %d", n[i]).isCloseTo(n[i], within(4 * meanError));
      assertThat(variance)
          .as("variance of cell %d", n[i])
          .isCloseTo(n[i], within(4 * varianceError));
    }
    // Independent cells: correlations within 4 / √R of 0.
    for (int i = 0; i < n.length; i++) {
      for (int j = i + 1; j < n.length; j++) {
        assertThat(correlation(drawn[i], drawn[j]))
            .as("correlation of cells %d and %d", n[i], n[j])
            .isCloseTo(0.0, within(4 / Math.sqrt(replicates)));
      }
    }
  }

  @Test
  void cellsAboveTenMillionAreDrawnFromTheNormalApproximation() {
    long big = 30_000_000L;
    long huge = 5_000_000_000L;
    Map<JointConfusion.Cell, Long> cells = new TreeMap<>();
    cells.put(new JointConfusion.Cell("a", "a", "a"), big);
    cells.put(new JointConfusion.Cell("b", "b", "b"), huge);
    ReplicateTables tables = new ReplicateTables(JointConfusion.of(cells), 11L);
    int replicates = 4000;
    double[] a = new double[replicates];
    double[] b = new double[replicates];
    for (int r = 0; r < replicates; r++) {
      long[] counts = tables.next();
      a[r] = counts[0];
      b[r] = counts[1];
    }

    assertThat(mean(a)).isCloseTo(big, within(4 * Math.sqrt(big / (double) replicates)));
    assertThat(variance(a)).isCloseTo(big, within(4 * big * Math.sqrt(2.0 / replicates)));
    // Beyond an int: no overflow, no cap.
    assertThat(mean(b)).isCloseTo(huge, within(4 * Math.sqrt(huge / (double) replicates)));
    assertThat(variance(b)).isCloseTo(huge, within(4 * huge * Math.sqrt(2.0 / replicates)));
  }

  /**
   * On a table of 3,000 examples the bootstrap's 95 % percentile interval and the delta method's
   * Wald interval estimate the same sampling distribution: their widths agree within 10 % for
   * accuracy and for a precision (the Monte-Carlo error of the width at 2,000 replicates is about 2
   * %), and they are centred alike. Drawing the two models' cells independently, or each cell with
   * a Poisson(1) count, would miss by far.
   */
  @Test
  void percentileIntervalsAgreeWithTheDeltaMethodsWaldIntervals() {
    JointConfusion table = spamTable(3);
    int replicates = 2000;

    Map<List<Object>, Bootstrap.Estimate> estimates =
        Bootstrap.estimate(table, replicates, 2024L, "spam");

    ToDoubleFunction<ClassCounts> accuracy = m -> m.correct() / (double) m.total();
    ToDoubleFunction<ClassCounts> precision =
        m -> {
          double tp = m.binaryCounts("spam").tp();
          return tp / (tp + m.binaryCounts("spam").fp());
        };
    checkAgainstDeltaMethod(
        estimates.get(Bootstrap.key(null, MetricId.ACCURACY)),
        DeltaMethod.of(table, accuracy),
        replicates);
    checkAgainstDeltaMethod(
        estimates.get(Bootstrap.key("spam", MetricId.PRECISION)),
        DeltaMethod.of(table, precision),
        replicates);
  }

  private static void checkAgainstDeltaMethod(
      Bootstrap.Estimate bootstrap, DeltaMethod.Estimate wald, int replicates) {
    double[] interval = wald.interval95();
    double waldWidth = interval[1] - interval[0];
    double width = bootstrap.deltaHigh() - bootstrap.deltaLow();
    assertThat(bootstrap.replicates()).isEqualTo(replicates);
    assertThat(waldWidth).isPositive();
    assertThat(width).isCloseTo(waldWidth, within(0.10 * waldWidth));
    assertThat((bootstrap.deltaLow() + bootstrap.deltaHigh()) / 2)
        .isCloseTo(wald.delta(), within(0.10 * waldWidth));
  }

  // ---------------------------------------------------------------------------------------------
  // Brute force: given replicate tables, the deltas are those of the materialised resamples.

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

  /**
   * Every example gets a Poisson(1) weight per replicate; the joint cells' replicate counts are the
   * sums of their examples' weights (what the bootstrap draws directly); the estimates from those
   * tables must equal the metrics of every materialised resample of the examples.
   */
  private static void checkAgainstBruteForce(
      List<Example> examples, String positive, Random random) {
    int n = examples.size();
    long[][] weights = new long[n][R];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < R; r++) {
        weights[i][r] = poisson1(random);
      }
    }
    Map<JointConfusion.Cell, long[]> byCell = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Example e = examples.get(i);
      long[] c =
          byCell.computeIfAbsent(
              new JointConfusion.Cell(e.label(), e.baseline(), e.candidate()), k -> new long[R]);
      for (int r = 0; r < R; r++) {
        c[r] += weights[i][r];
      }
    }
    List<JointConfusion.Cell> cells = new ArrayList<>(byCell.keySet());
    List<long[]> tables = new ArrayList<>();
    for (int r = 0; r < R; r++) {
      long[] t = new long[cells.size()];
      for (int j = 0; j < t.length; j++) {
        t[j] = byCell.get(cells.get(j))[r];
      }
      tables.add(t);
    }
    Iterator<long[]> replicates = tables.iterator();
    Map<List<Object>, Bootstrap.Estimate> actual =
        Bootstrap.estimate(cells, replicates::next, R, positive);
    assertThat(replicates).as("one table per replicate").isExhausted();

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
    Random random = new Random(3L);
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String label = i % 2 == 0 ? "pos" : "neg";
      String prediction = answer(random, label, List.of(label.equals("pos") ? "neg" : "pos"), 0.7);
      examples.add(new Example(label, prediction, prediction));
    }

    Map<List<Object>, Bootstrap.Estimate> estimates =
        Bootstrap.estimate(joint(examples), R, 4L, "pos");

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

    Bootstrap.Estimate accuracy =
        Bootstrap.estimate(joint(examples), R, 5L, null)
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
    // Joint cells (actual, baseline, candidate): the baseline gets b wrong, the candidate right.
    List<JointConfusion.Cell> cells =
        List.of(
            new JointConfusion.Cell("a", "a", "a"),
            new JointConfusion.Cell("b", "a", "b"),
            new JointConfusion.Cell("c", "c", "c"),
            new JointConfusion.Cell("e", "e", "e"));
    List<long[]> tables = new ArrayList<>();
    for (int r = 0; r < 10; r++) {
      tables.add(new long[] {always[r], always[r], fourTimes[r], fiveTimes[r]});
    }
    Iterator<long[]> replicates = tables.iterator();

    Map<List<Object>, Bootstrap.Estimate> estimates =
        Bootstrap.estimate(cells, replicates::next, 10, null);

    for (MetricId metric : List.of(MetricId.PRECISION, MetricId.RECALL, MetricId.F1)) {
      assertThat(estimates).doesNotContainKey(Bootstrap.key("c", metric));
      assertThat(estimates.get(Bootstrap.key("e", metric)).replicates()).isEqualTo(5);
      assertThat(estimates.get(Bootstrap.key("a", metric)).replicates()).isEqualTo(10);
    }
    assertThat(estimates.get(Bootstrap.key(null, MetricId.ACCURACY)).replicates()).isEqualTo(10);
    // Accuracy: the candidate is right on b's examples too, so every delta is positive.
    assertThat(estimates.get(Bootstrap.key(null, MetricId.ACCURACY)).deltaLow()).isPositive();
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

  private static Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> estimates(
      Map<GroupKey, JointConfusion> joint, long seed, BootstrapScope scope) {
    return Bootstrap.estimates(joint, List.of(CANDIDATE), R, seed, scope, SPAM_IS_POSITIVE, false);
  }

  /**
   * A binary table of {@code 1000 · scale} examples: actual × baseline × candidate over {spam,
   * ham}, in that order (the table of {@code DeltaMethodTest}, each count times {@code scale}).
   *
   * <pre>
   *   actual spam: spam,spam 120  spam,ham 14  ham,spam 9   ham,ham 30
   *   actual ham:  spam,spam 11   spam,ham 25  ham,spam 40  ham,ham 751
   * </pre>
   */
  private static JointConfusion spamTable(int scale) {
    long[] counts = {120, 14, 9, 30, 11, 25, 40, 751};
    String[] v = {"spam", "ham"};
    Map<JointConfusion.Cell, Long> cells = new LinkedHashMap<>();
    int i = 0;
    for (String a : v) {
      for (String b : v) {
        for (String c : v) {
          cells.put(new JointConfusion.Cell(a, b, c), counts[i++] * scale);
        }
      }
    }
    return JointConfusion.of(cells);
  }

  private static JointConfusion joint(List<Example> examples) {
    Map<JointConfusion.Cell, Long> cells = new TreeMap<>();
    for (Example e : examples) {
      cells.merge(new JointConfusion.Cell(e.label(), e.baseline(), e.candidate()), 1L, Long::sum);
    }
    return JointConfusion.of(cells);
  }

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

  private static double mean(double[] x) {
    return Arrays.stream(x).sum() / x.length;
  }

  private static double variance(double[] x) {
    double m = mean(x);
    return Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1);
  }

  private static double correlation(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
    }
    return sxy / (x.length - 1) / Math.sqrt(variance(x) * variance(y));
  }
}
