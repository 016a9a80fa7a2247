package dev.domaineval.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ComparisonsTest {

  private static final String BASELINE = "base";
  private static final String CANDIDATE = "cand";
  private static final double ALPHA = 0.05;
  private static final SliceKey OVERALL = SliceKey.OVERALL;
  private static final String POOLED = SliceKey.POOLED;
  private static final String INVALID = ConfusionMatrix.INVALID;
  private static final Set<MetricId> ALIASED =
      Set.of(MetricId.PRECISION, MetricId.RECALL, MetricId.F1, MetricId.SPECIFICITY);

  /** {@code count} examples of class {@code label} with the two models' predictions. */
  private record Examples(String label, String baseline, String candidate, int count) {}

  /** A run's inputs, built from examples the way the job builds them from its counts. */
  private static final class Run {
    final Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
    final Map<GroupKey, JointConfusion> paired = new LinkedHashMap<>();
    final Map<String, String> positiveClasses = new TreeMap<>();

    Run domain(String domain, String positive, Examples... examples) {
      return group(domain, OVERALL, positive, List.of(examples));
    }

    Run group(String domain, SliceKey slice, String positive, List<Examples> examples) {
      ConfusionMatrix.Builder baseline = ConfusionMatrix.builder();
      ConfusionMatrix.Builder candidate = ConfusionMatrix.builder();
      Map<JointConfusion.Cell, Long> cells = new TreeMap<>();
      for (Examples e : examples) {
        baseline.add(e.label(), e.baseline(), e.count());
        candidate.add(e.label(), e.candidate(), e.count());
        cells.merge(
            new JointConfusion.Cell(e.label(), e.baseline(), e.candidate()),
            (long) e.count(),
            Long::sum);
      }
      if (positive != null) {
        positiveClasses.put(domain, positive);
      }
      metrics.put(
          new GroupKey(BASELINE, domain, slice), GroupMetrics.compute(baseline.build(), positive));
      metrics.put(
          new GroupKey(CANDIDATE, domain, slice),
          GroupMetrics.compute(candidate.build(), positive));
      paired.put(new GroupKey(CANDIDATE, domain, slice), JointConfusion.of(cells));
      return this;
    }

    List<ComparisonRow> compare() {
      return compare(Map.of());
    }

    List<ComparisonRow> compare(Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap) {
      return Comparisons.compute(
          BASELINE,
          List.of(CANDIDATE),
          metrics,
          paired,
          positiveClasses,
          bootstrap,
          Margins.uniform(0.01),
          ALPHA);
    }

    MetricValue value(String model, String domain, String cls, MetricId metric) {
      return metrics.get(new GroupKey(model, domain, OVERALL)).stream()
          .filter(v -> v.metric() == metric && java.util.Objects.equals(v.cls(), cls))
          .findFirst()
          .orElseThrow();
    }
  }

  // A multiclass domain "topic" (32 examples) and a binary domain "spam" (30, positive spam).
  //
  //   class  examples (label → baseline, candidate)               paired (right/fixed/broken/wrong)
  //   a      3 a→b,a  1 a→a,c  10 a→a,a                          10, 3, 1, 0
  //   b      5 b→c,b  6 b→b,b                                    6, 5, 0, 0
  //   c      2 c→c,a  4 c→c,c  1 c→(invalid),b                   4, 0, 2, 1
  //   spam   6 spam→ham,spam  4 spam→spam,spam                   4, 6, 0, 0
  //   ham    2 ham→ham,spam  16 ham→ham,ham  2 ham→spam,(invalid)  16, 0, 2, 2
  private static Run topicAndSpam() {
    return new Run()
        .domain(
            "topic",
            null,
            new Examples("a", "b", "a", 3),
            new Examples("a", "a", "c", 1),
            new Examples("a", "a", "a", 10),
            new Examples("b", "c", "b", 5),
            new Examples("b", "b", "b", 6),
            new Examples("c", "c", "a", 2),
            new Examples("c", "c", "c", 4),
            new Examples("c", INVALID, "b", 1))
        .domain(
            "spam",
            "spam",
            new Examples("spam", "ham", "spam", 6),
            new Examples("spam", "spam", "spam", 4),
            new Examples("ham", "ham", "spam", 2),
            new Examples("ham", "ham", "ham", 16),
            new Examples("ham", "spam", INVALID, 2));
  }

  // ---------------------------------------------------------------------------------------------
  // Values.

  @Test
  void valuesAreTheGivenMetricsAndDeltaIsCandidateMinusBaseline() {
    Run run = topicAndSpam();

    List<ComparisonRow> rows = run.compare();

    assertThat(rows).isNotEmpty();
    for (ComparisonRow r : rows) {
      MetricValue b = run.value(BASELINE, r.domain(), r.cls(), r.metric());
      MetricValue c = run.value(CANDIDATE, r.domain(), r.cls(), r.metric());
      assertThat(r.baseline()).isEqualTo(BASELINE);
      assertThat(r.candidate()).isEqualTo(CANDIDATE);
      assertThat(r.slice()).isEqualTo(OVERALL);
      assertThat(r.baselineValue()).as("%s", r).isEqualTo(b.value());
      assertThat(r.candidateValue()).as("%s", r).isEqualTo(c.value());
      assertThat(r.delta()).as("%s", r).isEqualTo(c.value() - b.value());
      assertThat(r.support()).as("%s", r).isEqualTo(b.support());
    }
    // topic accuracy: baseline (10 + 1 + 6 + 2 + 4) / 32, candidate (3 + 10 + 5 + 6 + 4) / 32.
    ComparisonRow accuracy = row(rows, "topic", null, MetricId.ACCURACY);
    assertThat(accuracy.baselineValue()).isCloseTo(23.0 / 32, within(1e-12));
    assertThat(accuracy.candidateValue()).isCloseTo(28.0 / 32, within(1e-12));
    assertThat(accuracy.delta()).isCloseTo(5.0 / 32, within(1e-12));
  }

  @Test
  void rowsExistOnlyForComparedMetricsPresentInBothModels() {
    // Only the candidate predicts d, only the baseline predicts e: neither class has rows.
    //
    //   actual \ predicted   baseline: a  b  e     candidate: a  b  d
    //   a                              5  1  1                6  0  1
    //   b                              0  4  0                1  3  0
    Run run =
        new Run()
            .domain(
                "topic",
                null,
                new Examples("a", "a", "a", 5),
                new Examples("a", "b", "a", 1),
                new Examples("a", "e", "d", 1),
                new Examples("b", "b", "b", 3),
                new Examples("b", "b", "a", 1));

    List<ComparisonRow> rows = run.compare();

    Set<List<Object>> expected = new HashSet<>();
    for (String cls : List.of("a", "b")) {
      for (MetricId m : List.of(MetricId.PRECISION, MetricId.RECALL, MetricId.F1)) {
        expected.add(Arrays.asList(cls, m));
      }
    }
    for (MetricId m :
        List.of(
            MetricId.ACCURACY,
            MetricId.MACRO_PRECISION,
            MetricId.MACRO_RECALL,
            MetricId.MACRO_F1,
            MetricId.WEIGHTED_PRECISION,
            MetricId.WEIGHTED_RECALL,
            MetricId.WEIGHTED_F1,
            MetricId.BALANCED_ACCURACY,
            MetricId.MCC,
            MetricId.COHEN_KAPPA,
            MetricId.INVALID_RATE)) {
      expected.add(Arrays.asList(null, m));
    }
    assertThat(rows).hasSize(expected.size());
    assertThat(rows)
        .extracting(r -> Arrays.<Object>asList(r.cls(), r.metric()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void groupsWithoutACandidateGroupHaveNoRows() {
    Run run = topicAndSpam();
    run.metrics.remove(new GroupKey(CANDIDATE, "spam", OVERALL));

    assertThat(run.compare()).extracting(ComparisonRow::domain).containsOnly("topic");
  }

  // ---------------------------------------------------------------------------------------------
  // Paired tests.

  @Test
  void accuracyIsTestedOnThePairedCountsSummedOverClasses() {
    List<ComparisonRow> rows = topicAndSpam().compare();

    // topic: fixed 3 + 5 + 0, broken 1 + 0 + 2.
    ComparisonRow accuracy = row(rows, "topic", null, MetricId.ACCURACY);
    assertThat(accuracy.paired()).isEqualTo(new PairedCounts(10 + 6 + 4, 3 + 5, 1 + 2, 1));
    assertThat(accuracy.pValue()).isEqualTo(McNemar.exactPValue(8, 3));
    // spam: fixed 6, broken 2.
    ComparisonRow spamAccuracy = row(rows, "spam", null, MetricId.ACCURACY);
    assertThat(spamAccuracy.paired()).isEqualTo(new PairedCounts(4 + 16, 6, 2, 2));
    assertThat(spamAccuracy.pValue()).isEqualTo(McNemar.exactPValue(6, 2));
  }

  @Test
  void recallOfAClassIsTestedOnItsOwnPairedCountsOnly() {
    List<ComparisonRow> rows = topicAndSpam().compare();

    ComparisonRow a = row(rows, "topic", "a", MetricId.RECALL);
    assertThat(a.paired()).isEqualTo(new PairedCounts(10, 3, 1, 0));
    assertThat(a.pValue()).isEqualTo(McNemar.exactPValue(3, 1));
    ComparisonRow b = row(rows, "topic", "b", MetricId.RECALL);
    assertThat(b.paired()).isEqualTo(new PairedCounts(6, 5, 0, 0));
    assertThat(b.pValue()).isCloseTo(2.0 / 32, within(1e-12));
    ComparisonRow c = row(rows, "topic", "c", MetricId.RECALL);
    assertThat(c.paired()).isEqualTo(new PairedCounts(4, 0, 2, 1));
    assertThat(c.pValue()).isEqualTo(McNemar.exactPValue(0, 2));
  }

  @Test
  void binaryHeadlineRecallUsesThePositiveClassAndSpecificityTheNegativeClass() {
    List<ComparisonRow> rows = topicAndSpam().compare();

    ComparisonRow recall = row(rows, "spam", null, MetricId.RECALL);
    assertThat(recall.paired()).isEqualTo(new PairedCounts(4, 6, 0, 0));
    assertThat(recall.pValue()).isCloseTo(2.0 / 64, within(1e-12));
    ComparisonRow specificity = row(rows, "spam", null, MetricId.SPECIFICITY);
    assertThat(specificity.paired()).isEqualTo(new PairedCounts(16, 0, 2, 2));
    assertThat(specificity.pValue()).isEqualTo(McNemar.exactPValue(0, 2));
    assertThat(specificity.pValue()).isEqualTo(row(rows, "spam", "ham", MetricId.RECALL).pValue());
  }

  @Test
  void everyComparedRowHasAPairedTestAndAnIntervalWithoutBootstrap() {
    List<ComparisonRow> rows = topicAndSpam().compare();

    assertThat(rows).isNotEmpty();
    for (ComparisonRow r : rows) {
      boolean proportion =
          r.metric() == MetricId.ACCURACY
              || r.metric() == MetricId.RECALL
              || r.metric() == MetricId.SPECIFICITY;
      assertThat(r.hasPValue()).as("%s", r).isTrue();
      assertThat(r.test().method())
          .as("%s", r)
          .isEqualTo(proportion ? PairedTestMethod.MCNEMAR_EXACT : PairedTestMethod.DELTA_METHOD);
      assertThat(r.paired() != null).as("%s", r).isEqualTo(proportion);
      if (proportion) {
        PairedCounts p = r.paired();
        PairedDifferenceInterval.Interval ci =
            PairedDifferenceInterval.of(p.bothRight(), p.fixed(), p.broken(), p.bothWrong());
        assertThat(r.pValue()).as("%s", r).isEqualTo(McNemar.exactPValue(p.fixed(), p.broken()));
        assertThat(r.deltaCiLow()).as("%s", r).isEqualTo(ci.low());
        assertThat(r.deltaCiHigh()).as("%s", r).isEqualTo(ci.high());
      } else {
        // A Wald interval centred on the delta, whose half-width gives the z-test's p-value.
        double half = (r.deltaCiHigh() - r.deltaCiLow()) / 2;
        assertThat((r.deltaCiHigh() + r.deltaCiLow()) / 2)
            .as("%s", r)
            .isCloseTo(r.delta(), within(1e-9));
        double z = half == 0 ? 0 : Math.abs(r.delta()) / (half / 1.959963984540054);
        assertThat(r.pValue())
            .as("%s", r)
            .isCloseTo(
                half == 0
                    ? (r.delta() == 0 ? 1.0 : 0.0)
                    : org.apache.commons.math3.special.Erf.erfc(z / Math.sqrt(2)),
                within(1e-9));
      }
      assertThat(r.bootstrap()).isNull();
    }
  }

  @Test
  void theDeltaMethodNeedsTenExamplesOnWhichThePredictionsDiffer() {
    // 40 examples, the predictions differ on 9: accuracy still has its exact test, precision has
    // no p-value and says why.
    Run run =
        new Run()
            .domain(
                "spam",
                "spam",
                new Examples("spam", "ham", "spam", 6),
                new Examples("spam", "spam", "spam", 10),
                new Examples("ham", "ham", "spam", 3),
                new Examples("ham", "ham", "ham", 21));

    List<ComparisonRow> rows = run.compare();

    assertThat(row(rows, "spam", null, MetricId.ACCURACY).pValue())
        .isEqualTo(McNemar.exactPValue(6, 3));
    ComparisonRow precision = row(rows, "spam", null, MetricId.PRECISION);
    assertThat(precision.pValue()).isNull();
    assertThat(precision.deltaCiLow()).isNull();
    assertThat(precision.decision()).isNull();
    assertThat(precision.test().note())
        .isEqualTo(
            "no p-value: the two models' predictions differ on 9 examples of the group; the delta"
                + " method needs at least 10");
  }

  @Test
  void aMetricAtItsBoundKeepsItsUncertainty() {
    // Both models right on every urgent example and the candidate wrong on 12 of 30 routine ones:
    // the precision of routine is 1 for both, and no cell of the raw table moves it (the plain
    // delta method would claim an error of 0). With half an example in every allowed cell the
    // variance sees the cells that could move it: p = 1 for a delta of 0, and an interval around
    // 0 instead of a point.
    Run run =
        new Run()
            .domain(
                "medical",
                "urgent",
                new Examples("urgent", "urgent", "urgent", 20),
                new Examples("routine", "routine", "urgent", 12),
                new Examples("routine", "routine", "routine", 18));

    List<ComparisonRow> rows = run.compare();

    ComparisonRow recall = row(rows, "medical", "urgent", MetricId.RECALL);
    assertThat(recall.test().method()).isEqualTo(PairedTestMethod.MCNEMAR_EXACT);
    assertThat(recall.pValue()).isEqualTo(1.0);
    ComparisonRow precisionOfRoutine = row(rows, "medical", "routine", MetricId.PRECISION);
    assertThat(precisionOfRoutine.baselineValue()).isEqualTo(1.0);
    assertThat(precisionOfRoutine.candidateValue()).isEqualTo(1.0);
    assertThat(precisionOfRoutine.pValue()).isEqualTo(1.0);
    assertThat(precisionOfRoutine.deltaCiLow()).isNegative();
    assertThat(precisionOfRoutine.deltaCiHigh()).isPositive();
    assertThat(DeltaMethod.of(JointConfusionOf.table(run), m -> precisionOf(m, "routine")))
        .satisfies(e -> assertThat(e.standardError()).isZero());
  }

  private static double precisionOf(ClassCounts m, String cls) {
    return MetricId.PRECISION.compute(m.binaryCounts(cls));
  }

  /** The joint confusion of a run's only group. */
  private static final class JointConfusionOf {
    static JointConfusion table(Run run) {
      return run.paired.values().iterator().next();
    }
  }

  @Test
  void bootstrapEstimatesAreCarriedBesideThePairedTest() {
    Run run = topicAndSpam();
    // A distinct estimate per (domain, class, metric), except topic's mcc, left without one.
    Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap = new HashMap<>();
    Map<List<Object>, Bootstrap.Estimate> byRow = new HashMap<>();
    int i = 0;
    for (ComparisonRow r : run.compare()) {
      if (r.domain().equals("topic") && r.metric() == MetricId.MCC) {
        continue;
      }
      i++;
      Bootstrap.Estimate e = new Bootstrap.Estimate(0.001 * i, -0.01 * i, 0.02 * i, 200);
      bootstrap
          .computeIfAbsent(new GroupKey(CANDIDATE, r.domain(), r.slice()), k -> new HashMap<>())
          .put(Bootstrap.key(r.cls(), r.metric()), e);
      byRow.put(Arrays.asList(r.domain(), r.cls(), r.metric()), e);
    }
    List<ComparisonRow> without = run.compare();

    List<ComparisonRow> rows = run.compare(bootstrap);

    assertThat(rows).hasSameSizeAs(without);
    for (int k = 0; k < rows.size(); k++) {
      ComparisonRow r = rows.get(k);
      assertThat(r.bootstrap())
          .as("%s", r)
          .isEqualTo(byRow.get(Arrays.asList(r.domain(), r.cls(), r.metric())));
      assertThat(r.test()).as("%s", r).isEqualTo(without.get(k).test());
    }
    assertThat(row(rows, "topic", null, MetricId.MCC).bootstrap()).isNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Significance.

  @Test
  void binaryHeadlineRowsTakeTheirTwinsDecisionWithoutEnteringTheCorrectionTwice() {
    // Binary domain, no bootstrap: the rows with a p-value are accuracy, recall of spam and of
    // ham (the distinct tests), and the headline recall and specificity (their aliases).
    //
    //   spam: 6 fixed, 4 both right   →  recall(spam) and accuracy: McNemar(6, 0) = 2 / 2^6
    //   ham: 20 both right            →  recall(ham): no discordant examples, p = 1
    Run run =
        new Run()
            .domain(
                "spam",
                "spam",
                new Examples("spam", "ham", "spam", 6),
                new Examples("spam", "spam", "spam", 4),
                new Examples("ham", "ham", "ham", 20));
    double p = 2.0 / 64;
    // Distinct tests, m = 3: rank 2 has (3 / 2)·p = 0.046875 <= 0.05, so both p are significant.
    assertThat(BenjaminiHochberg.significant(new double[] {p, p, 1}, ALPHA))
        .containsExactly(true, true, false);
    // Counting the aliases again, m = 5: rank 3 has (5 / 3)·p = 0.052 > 0.05: nothing would be.
    assertThat(BenjaminiHochberg.significant(new double[] {p, p, 1, p, 1}, ALPHA))
        .containsExactly(false, false, false, false, false);

    List<ComparisonRow> rows = run.compare();

    assertThat(row(rows, "spam", null, MetricId.ACCURACY).pValue()).isCloseTo(p, within(1e-15));
    assertThat(row(rows, "spam", "spam", MetricId.RECALL).pValue()).isCloseTo(p, within(1e-15));
    assertThat(row(rows, "spam", null, MetricId.RECALL).pValue()).isCloseTo(p, within(1e-15));
    assertThat(row(rows, "spam", "ham", MetricId.RECALL).pValue()).isEqualTo(1.0);
    assertThat(row(rows, "spam", null, MetricId.SPECIFICITY).pValue()).isEqualTo(1.0);
    assertThat(row(rows, "spam", null, MetricId.ACCURACY).significant()).isTrue();
    assertThat(row(rows, "spam", "spam", MetricId.RECALL).significant()).isTrue();
    assertThat(row(rows, "spam", null, MetricId.RECALL).significant()).isTrue();
    assertThat(row(rows, "spam", "ham", MetricId.RECALL).significant()).isFalse();
    assertThat(row(rows, "spam", null, MetricId.SPECIFICITY).significant()).isFalse();
    assertThat(rows).filteredOn(r -> !r.hasPValue()).noneMatch(ComparisonRow::significant);
  }

  @Test
  void withBootstrapEveryAliasTakesItsTwinsDecisionAndTheOthersAreOneCorrection() {
    Run run =
        topicAndSpam()
            .domain(
                "fraud",
                "fraud",
                new Examples("fraud", "ok", "fraud", 9),
                new Examples("fraud", "fraud", "fraud", 3),
                new Examples("ok", "ok", "ok", 30),
                new Examples("ok", "fraud", "ok", 2));
    // Bootstrap p-values spread over (0, 0.05], equal for a headline row and its twin, as the
    // bootstrap computes them from the same counts.
    Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap = new HashMap<>();
    int i = 0;
    for (ComparisonRow r : run.compare()) {
      if (r.cls() == null && ALIASED.contains(r.metric()) && isBinary(run, r.domain())) {
        continue;
      }
      i++;
      Bootstrap.Estimate e = new Bootstrap.Estimate(0.05 * ((i * 7) % 23 + 1) / 23, -1, 1, 100);
      Map<List<Object>, Bootstrap.Estimate> group =
          bootstrap.computeIfAbsent(
              new GroupKey(CANDIDATE, r.domain(), r.slice()), k -> new HashMap<>());
      group.put(Bootstrap.key(r.cls(), r.metric()), e);
      String positive = run.positiveClasses.get(r.domain());
      if (positive != null && positive.equals(r.cls()) && ALIASED.contains(r.metric())) {
        group.put(Bootstrap.key(null, r.metric()), e);
      }
    }

    List<ComparisonRow> rows = run.compare(bootstrap);

    List<ComparisonRow> aliases = new ArrayList<>();
    List<ComparisonRow> tested = new ArrayList<>();
    for (ComparisonRow r : rows) {
      if (r.cls() == null && ALIASED.contains(r.metric()) && isBinary(run, r.domain())) {
        aliases.add(r);
      } else if (r.hasPValue()) {
        tested.add(r);
      }
    }
    assertThat(aliases).hasSize(2 * 4);
    boolean[] expected =
        BenjaminiHochberg.significant(
            tested.stream().mapToDouble(ComparisonRow::pValue).toArray(), ALPHA);
    for (int k = 0; k < tested.size(); k++) {
      assertThat(tested.get(k).significant()).as("%s", tested.get(k)).isEqualTo(expected[k]);
    }
    assertThat(tested).anyMatch(ComparisonRow::significant);
    assertThat(tested).anyMatch(r -> !r.significant());
    // The adjusted p-values, by brute force: q_k = min(1, min over p_j >= p_k of m p_j / rank_j),
    // rank_j = how many p-values are <= p_j; the decision is q <= alpha.
    double[] p = tested.stream().mapToDouble(ComparisonRow::pValue).toArray();
    for (int k = 0; k < p.length; k++) {
      double q = 1;
      for (double pj : p) {
        if (pj >= p[k]) {
          long rank = java.util.Arrays.stream(p).filter(x -> x <= pj).count();
          q = Math.min(q, p.length * pj / rank);
        }
      }
      assertThat(tested.get(k).pValueAdjusted())
          .as("%s", tested.get(k))
          .isCloseTo(q, within(1e-12));
      assertThat(tested.get(k).significant()).isEqualTo(q <= ALPHA);
    }
    for (ComparisonRow alias : aliases) {
      String positive = run.positiveClasses.get(alias.domain());
      ComparisonRow twin =
          alias.metric() == MetricId.SPECIFICITY
              ? row(rows, alias.domain(), positive.equals("spam") ? "ham" : "ok", MetricId.RECALL)
              : row(rows, alias.domain(), positive, alias.metric());
      assertThat(alias.pValue()).as("%s", alias).isEqualTo(twin.pValue());
      assertThat(alias.significant()).as("%s", alias).isEqualTo(twin.significant());
      assertThat(alias.pValueAdjusted()).as("%s", alias).isEqualTo(twin.pValueAdjusted());
    }
  }

  @Test
  void pooledDomainRowsAreComparedAndNeverAliased() {
    // The pooled domain of "spam" alone: its per-class rows mirror the binary domain's, yet the
    // pooled group is multiclass (no headline rows) and each of its rows is a test of its own.
    Examples[] spam = {
      new Examples("spam", "ham", "spam", 6),
      new Examples("spam", "spam", "spam", 4),
      new Examples("ham", "ham", "ham", 20)
    };
    Run run = new Run().domain("spam", "spam", spam).domain(POOLED, null, spam);

    List<ComparisonRow> rows = run.compare();

    List<ComparisonRow> pooled = rows.stream().filter(r -> r.domain().equals(POOLED)).toList();
    assertThat(pooled).isNotEmpty();
    assertThat(pooled).noneMatch(r -> r.metric() == MetricId.SPECIFICITY);
    assertThat(pooled)
        .filteredOn(r -> r.cls() == null)
        .noneMatch(r -> ALIASED.contains(r.metric()));
    assertThat(row(rows, POOLED, "spam", MetricId.RECALL).paired())
        .isEqualTo(new PairedCounts(4, 6, 0, 0));
    assertThat(row(rows, POOLED, null, MetricId.ACCURACY).paired())
        .isEqualTo(new PairedCounts(24, 6, 0, 0));
    // Distinct tests: 2 accuracy and 2 recall(spam) at p = 2 / 2^6, 2 recall(ham) at 1; m = 6
    // and rank 4 has (6 / 4)·p = 0.046875 <= 0.05.
    double p = 2.0 / 64;
    List<ComparisonRow> tested =
        rows.stream()
            .filter(ComparisonRow::hasPValue)
            .filter(
                r -> r.domain().equals(POOLED) || r.cls() != null || !ALIASED.contains(r.metric()))
            .toList();
    assertThat(tested).hasSize(6);
    boolean[] expected =
        BenjaminiHochberg.significant(
            tested.stream().mapToDouble(ComparisonRow::pValue).toArray(), ALPHA);
    for (int k = 0; k < tested.size(); k++) {
      assertThat(tested.get(k).significant()).as("%s", tested.get(k)).isEqualTo(expected[k]);
    }
    assertThat(row(rows, POOLED, null, MetricId.ACCURACY).pValue()).isCloseTo(p, within(1e-15));
    assertThat(row(rows, POOLED, null, MetricId.ACCURACY).significant()).isTrue();
    assertThat(row(rows, POOLED, "spam", MetricId.RECALL).significant()).isTrue();
    assertThat(row(rows, POOLED, "ham", MetricId.RECALL).significant()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Minimum detectable effect.

  @Test
  void minimumDetectableEffectUsesTheExamplesTheRateIsMeasuredOn() {
    // spam: 10 positives, 20 negatives, 30 examples.
    List<ComparisonRow> rows = topicAndSpam().compare();

    ComparisonRow recall = row(rows, "spam", null, MetricId.RECALL);
    assertThat(recall.mde())
        .isCloseTo(MinimumDetectableEffect.forProportion(4.0 / 10, 10), within(1e-12));
    assertThat(recall.mde())
        .isNotCloseTo(MinimumDetectableEffect.forProportion(4.0 / 10, 30), within(1e-3));
    ComparisonRow precision = row(rows, "spam", null, MetricId.PRECISION);
    assertThat(precision.mde())
        .isCloseTo(
            MinimumDetectableEffect.forProportion(precision.baselineValue(), 10), within(1e-12));
    // Specificity: baseline 18 of the 20 negatives.
    ComparisonRow specificity = row(rows, "spam", null, MetricId.SPECIFICITY);
    assertThat(specificity.baselineValue()).isCloseTo(18.0 / 20, within(1e-12));
    assertThat(specificity.mde())
        .isCloseTo(MinimumDetectableEffect.forProportion(18.0 / 20, 20), within(1e-12));
    // Accuracy: the group's 30 examples; baseline 4 + 18 right.
    ComparisonRow accuracy = row(rows, "spam", null, MetricId.ACCURACY);
    assertThat(accuracy.mde())
        .isCloseTo(MinimumDetectableEffect.forProportion(22.0 / 30, 30), within(1e-12));
    // A per-class row: the class's support.
    ComparisonRow hamRecall = row(rows, "spam", "ham", MetricId.RECALL);
    assertThat(hamRecall.mde())
        .isCloseTo(MinimumDetectableEffect.forProportion(18.0 / 20, 20), within(1e-12));
    // A multiclass aggregate: the group's 32 examples.
    ComparisonRow macroF1 = row(rows, "topic", null, MetricId.MACRO_F1);
    assertThat(macroF1.mde())
        .isCloseTo(
            MinimumDetectableEffect.forProportion(macroF1.baselineValue(), 32), within(1e-12));
    assertThat(row(rows, "spam", null, MetricId.MCC).mde()).isNaN();
    assertThat(row(rows, "topic", null, MetricId.MCC).mde()).isNaN();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  private static boolean isBinary(Run run, String domain) {
    return !domain.equals(POOLED) && run.positiveClasses.containsKey(domain);
  }

  private static ComparisonRow row(
      List<ComparisonRow> rows, String domain, String cls, MetricId metric) {
    List<ComparisonRow> found =
        rows.stream()
            .filter(
                r ->
                    r.domain().equals(domain)
                        && java.util.Objects.equals(r.cls(), cls)
                        && r.metric() == metric)
            .toList();
    assertThat(found).as("rows of %s %s %s", domain, cls, metric).hasSize(1);
    return found.get(0);
  }
}
