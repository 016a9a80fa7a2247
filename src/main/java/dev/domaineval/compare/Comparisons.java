package dev.domaineval.compare;

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

/**
 * Compares every candidate with the baseline, group by group and metric by metric, on the same
 * population as the metrics table (every labelled example of the group; a missing prediction is
 * wrong), so the values equal the metrics table's.
 *
 * <p>Paired tests: the baseline and the candidate answered the same examples, so accuracy is tested
 * with the exact McNemar test on the examples where exactly one of them is right, and the recall of
 * a class with the same test restricted to that class's examples (specificity is the recall of the
 * negative class). Other metrics have no paired exact test: with the bootstrap on they get its
 * p-value ({@link Bootstrap}), else none; the bootstrap also gives every delta its 95 % interval.
 * Significance is decided with Benjamini–Hochberg over every distinct test of the run.
 */
public final class Comparisons {
  private static final String SLICE_POOLED = dev.domaineval.slice.SliceKey.POOLED;

  private Comparisons() {}

  /**
   * Builds the comparison rows of a run.
   *
   * @param baseline the baseline model
   * @param candidates the candidate models
   * @param metrics every group's metrics (baseline and candidates)
   * @param paired per candidate group (the key's model is the candidate), the paired counts of the
   *     examples of each actual class
   * @param positiveClasses domain to positive class, for binary domains
   * @param bootstrap per candidate group, the bootstrap estimate of each compared metric (class or
   *     null, metric; see {@link Bootstrap#key}); empty without bootstrap
   * @param alpha the false discovery rate of the significance decision
   * @return the rows, baseline groups in the order of {@code metrics}, candidates in order
   */
  public static List<ComparisonRow> compute(
      String baseline,
      List<String> candidates,
      Map<GroupKey, List<MetricValue>> metrics,
      Map<GroupKey, Map<String, PairedCounts>> paired,
      Map<String, String> positiveClasses,
      Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap,
      double alpha) {
    List<ComparisonRow> rows = new ArrayList<>();
    for (Map.Entry<GroupKey, List<MetricValue>> e : metrics.entrySet()) {
      GroupKey base = e.getKey();
      if (!base.model().equals(baseline)) {
        continue;
      }
      for (String candidate : candidates) {
        GroupKey cand = new GroupKey(candidate, base.domain(), base.slice());
        List<MetricValue> candidateValues = metrics.get(cand);
        if (candidateValues == null) {
          continue;
        }
        Map<String, PairedCounts> byClass = paired.getOrDefault(cand, Map.of());
        String positive = base.isPooledDomain() ? null : positiveClasses.get(base.domain());
        Map<List<Object>, MetricValue> candidateByKey = index(candidateValues);
        Map<List<Object>, Bootstrap.Estimate> estimates = bootstrap.getOrDefault(cand, Map.of());
        for (MetricValue b : e.getValue()) {
          if (!b.metric().isCompared()) {
            continue;
          }
          MetricValue c = candidateByKey.get(key(b));
          if (c == null) {
            // A class that only one model predicted has no row for the other.
            continue;
          }
          PairedCounts counts = pairedCounts(b, byClass, positive);
          Bootstrap.Estimate estimate = estimates.get(Bootstrap.key(b.cls(), b.metric()));
          Double p =
              counts != null
                  ? Double.valueOf(McNemar.exactPValue(counts.fixed(), counts.broken()))
                  : estimate != null ? Double.valueOf(estimate.pValue()) : null;
          double mde =
              b.metric().population() == MetricId.Population.NOT_A_PROPORTION
                  ? Double.NaN
                  : MinimumDetectableEffect.forProportion(
                      b.value(),
                      trials(b, e.getValue(), positive),
                      MinimumDetectableEffect.ALPHA,
                      MinimumDetectableEffect.POWER);
          rows.add(
              new ComparisonRow(
                  baseline,
                  candidate,
                  base.domain(),
                  base.slice(),
                  b.cls(),
                  b.metric(),
                  b.value(),
                  c.value(),
                  p,
                  false,
                  counts,
                  estimate == null ? null : estimate.deltaLow(),
                  estimate == null ? null : estimate.deltaHigh(),
                  mde,
                  b.support()));
        }
      }
    }
    return decideSignificance(rows, positiveClasses, alpha);
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

  /** The paired counts behind a metric's test, or null when it has none. */
  private static PairedCounts pairedCounts(
      MetricValue v, Map<String, PairedCounts> byClass, String positive) {
    return switch (v.metric().pairedTest()) {
      case MCNEMAR_ALL_EXAMPLES -> sum(byClass, null, false);
      case MCNEMAR_CLASS_EXAMPLES -> {
        String cls = v.cls() != null ? v.cls() : positive;
        yield cls == null ? null : byClass.getOrDefault(cls, new PairedCounts(0, 0, 0, 0));
      }
      case MCNEMAR_NEGATIVE_EXAMPLES -> positive == null ? null : sum(byClass, positive, true);
      case BOOTSTRAP, NONE -> null;
    };
  }

  private static PairedCounts sum(
      Map<String, PairedCounts> byClass, String excluded, boolean exclude) {
    PairedCounts total = new PairedCounts(0, 0, 0, 0);
    for (Map.Entry<String, PairedCounts> e : byClass.entrySet()) {
      if (!exclude || !e.getKey().equals(excluded)) {
        total = total.plus(e.getValue());
      }
    }
    return total;
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
        // The twin is untested (e.g. its class is missing from most bootstrap replicates): the
        // headline row is then a test of its own.
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
    boolean[] significant = BenjaminiHochberg.significant(p, alpha);
    boolean[] decided = new boolean[rows.size()];
    for (int i = 0; i < p.length; i++) {
      decided[tested.get(i)] = significant[i];
    }
    List<ComparisonRow> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      out.add(rows.get(i).withSignificant(rows.get(i).hasPValue() && decided[twin[i]]));
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
