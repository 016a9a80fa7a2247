package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ClassCounts;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.metrics.PairedTest;
import dev.domaineval.metrics.Scope;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares every candidate with the baseline, group by group and metric by metric, on the same
 * population as the metrics table (every labelled example of the group; a missing prediction is
 * wrong), so the values equal the metrics table's.
 *
 * <p>Paired tests, from the joint confusion of the two models on the group's examples: accuracy is
 * tested with the exact McNemar test on the examples where exactly one of them is right, and the
 * recall of a class with the same test restricted to that class's examples (specificity is the
 * recall of the negative class), each with Newcombe's hybrid score interval of the paired
 * difference ({@link PairedDifferenceInterval}). Every other compared metric gets the delta
 * method's z-test and Wald interval ({@link DeltaMethod}), when the two models' predictions differ
 * on at least {@value #MIN_DISCORDANT_PREDICTIONS} examples of the group and its standard error is
 * not 0; otherwise the row has no p-value and says why. With the bootstrap on, the rows of the
 * groups in its scope also carry their bootstrap estimate. Significance is decided with
 * Benjamini–Hochberg over every distinct test of the run.
 */
public final class Comparisons {
  private static final String SLICE_POOLED = dev.domaineval.slice.SliceKey.POOLED;

  /**
   * A delta-method row needs the two models' predictions to differ on at least this many examples
   * of its group: the asymptotic normal approximation rests on them.
   */
  public static final long MIN_DISCORDANT_PREDICTIONS = 10;

  /**
   * Above this many cells of a group's joint confusion (a domain with hundreds of classes) its
   * delta-method rows get no p-value: the perturbed matrices would cost more than the pass.
   */
  static final int MAX_DELTA_METHOD_CELLS = 20_000;

  private Comparisons() {}

  /**
   * Builds the comparison rows of a run.
   *
   * @param baseline the baseline model
   * @param candidates the candidate models
   * @param metrics every group's metrics (baseline and candidates)
   * @param joint per candidate group (the key's model is the candidate), the joint confusion of the
   *     baseline and the candidate on its examples
   * @param positiveClasses domain to positive class, for binary domains
   * @param bootstrap per candidate group, the bootstrap estimate of each compared metric (class or
   *     null, metric; see {@link Bootstrap#key}); empty without bootstrap
   * @param margins the margin of each domain and metric
   * @param alpha the false discovery rate of the significance decision
   * @return the rows, baseline groups in the order of {@code metrics}, candidates in order
   */
  public static List<ComparisonRow> compute(
      String baseline,
      List<String> candidates,
      Map<GroupKey, List<MetricValue>> metrics,
      Map<GroupKey, JointConfusion> joint,
      Map<String, String> positiveClasses,
      Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap,
      Margins margins,
      double alpha) {
    List<GroupKey[]> pairs = new ArrayList<>();
    for (GroupKey base : metrics.keySet()) {
      if (!base.model().equals(baseline)) {
        continue;
      }
      for (String candidate : candidates) {
        GroupKey cand = new GroupKey(candidate, base.domain(), base.slice());
        if (metrics.containsKey(cand)) {
          pairs.add(new GroupKey[] {base, cand});
        }
      }
    }
    // Groups are independent and their tests pure: computed in parallel, kept in order.
    List<ComparisonRow> rows =
        pairs.parallelStream()
            .flatMap(
                pair ->
                    rowsOf(
                        pair[0],
                        pair[1],
                        metrics,
                        joint.getOrDefault(pair[1], JointConfusion.of(Map.of())),
                        pair[0].isPooledDomain() ? null : positiveClasses.get(pair[0].domain()),
                        bootstrap.getOrDefault(pair[1], Map.of()),
                        margins)
                        .stream())
            .toList();
    return decideSignificance(rows, positiveClasses, alpha);
  }

  /** The comparison rows of one baseline group against its candidate group. */
  private static List<ComparisonRow> rowsOf(
      GroupKey base,
      GroupKey cand,
      Map<GroupKey, List<MetricValue>> metrics,
      JointConfusion table,
      String positive,
      Map<List<Object>, Bootstrap.Estimate> estimates,
      Margins margins) {
    List<MetricValue> baseValues = metrics.get(base);
    Map<List<Object>, MetricValue> candidateByKey = index(metrics.get(cand));
    List<MetricValue[]> compared = new ArrayList<>();
    for (MetricValue b : baseValues) {
      MetricValue c = b.metric().isCompared() ? candidateByKey.get(key(b)) : null;
      // A class that only one model predicted has no row for the other.
      if (c != null) {
        compared.add(new MetricValue[] {b, c});
      }
    }
    Map<List<Object>, PairedTestResult> deltaMethod =
        deltaMethod(table, compared, positive, base.isPooledDomain());
    long examples = table.total();
    List<ComparisonRow> rows = new ArrayList<>(compared.size());
    for (MetricValue[] pair : compared) {
      MetricValue b = pair[0];
      MetricValue c = pair[1];
      PairedCounts counts = pairedCounts(b, table, positive);
      PairedTestResult test = counts != null ? mcNemar(counts, b) : deltaMethod.get(key(b));
      double mde =
          b.metric().population() == MetricId.Population.NOT_A_PROPORTION
              ? Double.NaN
              : MinimumDetectableEffect.forProportion(
                  b.value(),
                  trials(b, baseValues, positive),
                  MinimumDetectableEffect.ALPHA,
                  MinimumDetectableEffect.POWER);
      rows.add(
          new ComparisonRow(
              base.model(),
              cand.model(),
              base.domain(),
              base.slice(),
              b.cls(),
              b.metric(),
              b.value(),
              c.value(),
              test,
              false,
              counts,
              estimates.get(Bootstrap.key(b.cls(), b.metric())),
              mde,
              b.support(),
              margins.of(base.domain(), b.metric()),
              examples,
              null));
    }
    return rows;
  }

  /** The exact McNemar test and Newcombe's interval of a proportion's paired counts. */
  private static PairedTestResult mcNemar(PairedCounts counts, MetricValue v) {
    if (counts.n() == 0) {
      return PairedTestResult.untested(
          PairedTestMethod.MCNEMAR_EXACT,
          "no p-value: no examples "
              + (v.cls() == null ? "in the group" : "of class '" + v.cls() + "'"));
    }
    PairedDifferenceInterval.Interval interval =
        PairedDifferenceInterval.of(
            counts.bothRight(), counts.fixed(), counts.broken(), counts.bothWrong());
    return new PairedTestResult(
        PairedTestMethod.MCNEMAR_EXACT,
        McNemar.exactPValue(counts.fixed(), counts.broken()),
        interval.low(),
        interval.high(),
        null);
  }

  /**
   * The delta method's test of every compared row of one group whose metric has no McNemar test, by
   * (class, metric), from one set of perturbed matrices of the group's joint confusion.
   */
  private static Map<List<Object>, PairedTestResult> deltaMethod(
      JointConfusion table, List<MetricValue[]> compared, String positive, boolean pooled) {
    List<List<Object>> keys = new ArrayList<>();
    for (MetricValue[] pair : compared) {
      if (pair[0].metric().pairedTest() == PairedTest.DELTA_METHOD) {
        keys.add(key(pair[0]));
      }
    }
    if (keys.isEmpty()) {
      return Map.of();
    }
    long discordant = table.discordantPredictions();
    if (discordant < MIN_DISCORDANT_PREDICTIONS) {
      String note =
          String.format(
              "no p-value: the two models' predictions differ on %d example%s of the group; the"
                  + " delta method needs at least %d",
              discordant, discordant == 1 ? "" : "s", MIN_DISCORDANT_PREDICTIONS);
      return untested(keys, note);
    }
    if (table.size() > MAX_DELTA_METHOD_CELLS) {
      return untested(
          keys,
          String.format(
              "no p-value: the joint confusion has %d cells, more than the delta method's %d",
              table.size(), MAX_DELTA_METHOD_CELLS));
    }
    // The variance with half an example in every allowed cell (see DeltaMethod#ofAllSmoothed): a
    // rare class at a bound keeps its uncertainty.
    Function<ClassCounts, double[]> values =
        m -> {
          double[] v = new double[keys.size()];
          for (int i = 0; i < v.length; i++) {
            String cls = (String) keys.get(i).get(0);
            MetricId metric = (MetricId) keys.get(i).get(1);
            // Both models have every key's row (compared rows only), and a neighbour matrix
            // only gains examples: its classes are the model's.
            v[i] = GroupMetrics.value(m, positive, cls, metric);
          }
          return v;
        };
    // The pooled domain mixes label sets: its allowed cells would cross every domain's classes
    // with every other's, so its variance is the plain one (it never gates).
    DeltaMethod.Estimate[] estimates =
        pooled ? DeltaMethod.ofAll(table, values) : DeltaMethod.ofAllSmoothed(table, values);
    Map<List<Object>, PairedTestResult> out = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      DeltaMethod.Estimate est = estimates[i];
      if (!(est.standardError() > 0)) {
        // No cell of the table moves the difference (a metric at its bound, such as a recall of 1
        // that stays 1): the delta method degenerates and would claim certainty.
        out.put(
            keys.get(i),
            PairedTestResult.untested(
                PairedTestMethod.DELTA_METHOD,
                "no p-value: the delta method's standard error is 0 on this table (the metric"
                    + " sits at a bound for both models), so it cannot measure the uncertainty"));
        continue;
      }
      double[] interval = est.interval95();
      out.put(
          keys.get(i),
          new PairedTestResult(
              PairedTestMethod.DELTA_METHOD,
              est.pValue(),
              Math.max(-2, interval[0]),
              Math.min(2, interval[1]),
              null));
    }
    return out;
  }

  /** The same untested result, and why, for every key. */
  private static Map<List<Object>, PairedTestResult> untested(
      List<List<Object>> keys, String note) {
    Map<List<Object>, PairedTestResult> out = new HashMap<>();
    keys.forEach(k -> out.put(k, PairedTestResult.untested(PairedTestMethod.DELTA_METHOD, note)));
    return out;
  }

  /**
   * The number of examples a rate is measured on, for its minimum detectable effect: the class's
   * examples for a per-class metric and for the positive class's headline metrics, the negative
   * examples for specificity, the group's examples otherwise.
   */
  private static long trials(MetricValue v, List<MetricValue> group, String positive) {
    if (v.cls() != null || positive == null) {
      return v.support();
    }
    long positives =
        group.stream()
            .filter(x -> x.metric() == MetricId.SUPPORT && positive.equals(x.cls()))
            .mapToLong(x -> (long) x.value())
            .findFirst()
            .orElse(0L);
    return switch (v.metric().population()) {
      case POSITIVES -> positives;
      case NEGATIVES -> v.support() - positives;
      case GROUP, NOT_A_PROPORTION -> v.support();
    };
  }

  /** The paired counts behind a metric's McNemar test, or null when it has none. */
  private static PairedCounts pairedCounts(MetricValue v, JointConfusion table, String positive) {
    return switch (v.metric().pairedTest()) {
      case MCNEMAR_ALL_EXAMPLES -> PairedCounts.of(table);
      case MCNEMAR_CLASS_EXAMPLES -> {
        String cls = v.cls() != null ? v.cls() : positive;
        yield cls == null ? null : PairedCounts.of(table.ofActual(cls));
      }
      case MCNEMAR_NEGATIVE_EXAMPLES ->
          positive == null
              ? null
              : PairedCounts.of(table).minus(PairedCounts.of(table.ofActual(positive)));
      case DELTA_METHOD, NONE -> null;
    };
  }

  /**
   * Benjamini–Hochberg over the distinct tests of the run. In a binary domain the headline
   * precision, recall and f1 (class null) are the positive class's rows again, and specificity is
   * the negative class's recall: those aliases do not enter the correction twice, they take their
   * twin's decision.
   */
  private static List<ComparisonRow> decideSignificance(
      List<ComparisonRow> rows, Map<String, String> positiveClasses, double alpha) {
    Map<List<Object>, Integer> byKey = new HashMap<>();
    Map<List<Object>, Integer> negativeRecall = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      ComparisonRow r = rows.get(i);
      byKey.put(rowKey(r, r.cls(), r.metric()), i);
      String positive = positiveClasses.get(r.domain());
      if (positive != null
          && r.metric().pairedTest() == PairedTest.MCNEMAR_CLASS_EXAMPLES
          && r.cls() != null
          && !r.cls().equals(positive)) {
        negativeRecall.put(rowKey(r, null, null), i);
      }
    }
    int[] twin = new int[rows.size()];
    List<Integer> tested = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ComparisonRow r = rows.get(i);
      String positive = positiveClasses.get(r.domain());
      Integer t = null;
      if (r.cls() == null && positive != null && !SLICE_POOLED.equals(r.domain())) {
        if (r.metric().hasScope(Scope.PER_CLASS)) {
          // A headline rate of the positive class is its per-class row again.
          t = byKey.get(rowKey(r, positive, r.metric()));
        } else if (r.metric().pairedTest() == PairedTest.MCNEMAR_NEGATIVE_EXAMPLES) {
          // Specificity is the recall of the negative class.
          t = negativeRecall.get(rowKey(r, null, null));
        }
      }
      if (t != null && !rows.get(t).hasPValue()) {
        // The twin is untested (too few examples for its test): the headline row is then a test
        // of its own.
        t = null;
      }
      twin[i] = t == null ? i : t;
      if (t == null && r.hasPValue()) {
        tested.add(i);
      }
    }
    double[] p = new double[tested.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rows.get(tested.get(i)).pValue();
    }
    double[] adjusted = BenjaminiHochberg.adjusted(p);
    boolean[] decided = new boolean[rows.size()];
    Double[] q = new Double[rows.size()];
    for (int i = 0; i < p.length; i++) {
      decided[tested.get(i)] = adjusted[i] <= alpha;
      q[tested.get(i)] = adjusted[i];
    }
    List<ComparisonRow> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      boolean hasP = rows.get(i).hasPValue();
      out.add(rows.get(i).withSignificance(hasP && decided[twin[i]], hasP ? q[twin[i]] : null));
    }
    return out;
  }

  /** Identifies a row by candidate, domain, slice, class and metric. */
  private static List<Object> rowKey(ComparisonRow r, String cls, MetricId metric) {
    return java.util.Arrays.asList(r.candidate(), r.domain(), r.slice(), cls, metric);
  }

  private static Map<List<Object>, MetricValue> index(List<MetricValue> values) {
    Map<List<Object>, MetricValue> byKey = new LinkedHashMap<>();
    for (MetricValue v : values) {
      byKey.put(key(v), v);
    }
    return byKey;
  }

  private static List<Object> key(MetricValue v) {
    return Bootstrap.key(v.cls(), v.metric());
  }
}
