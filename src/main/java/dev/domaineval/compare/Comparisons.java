package dev.domaineval.compare;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares every candidate with the baseline, group by group and metric by metric, on the same
 * population as the metrics table (every labelled example of the group; a missing prediction is
 * wrong), so the values equal the metrics table's.
 *
 * <p>Paired tests: the baseline and the candidate answered the same examples, so accuracy is tested
 * with the exact McNemar test on the examples where exactly one of them is right, and the recall of
 * a class with the same test restricted to that class's examples (specificity is the recall of the
 * negative class). Other metrics have no paired exact test and get no p-value. Significance is
 * decided with Benjamini–Hochberg over every row of the run that has a p-value.
 */
public final class Comparisons {
  /** The metrics compared: rates, not counts. */
  static final Set<MetricId> COMPARED =
      EnumSet.of(
          MetricId.PRECISION,
          MetricId.RECALL,
          MetricId.F1,
          MetricId.ACCURACY,
          MetricId.MACRO_PRECISION,
          MetricId.MACRO_RECALL,
          MetricId.MACRO_F1,
          MetricId.WEIGHTED_PRECISION,
          MetricId.WEIGHTED_RECALL,
          MetricId.WEIGHTED_F1,
          MetricId.BALANCED_ACCURACY,
          MetricId.MCC,
          MetricId.INVALID_RATE,
          MetricId.SPECIFICITY);

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
   * @param alpha the false discovery rate of the significance decision
   * @return the rows, baseline groups in the order of {@code metrics}, candidates in order
   */
  public static List<ComparisonRow> compute(
      String baseline,
      List<String> candidates,
      Map<GroupKey, List<MetricValue>> metrics,
      Map<GroupKey, Map<String, PairedCounts>> paired,
      Map<String, String> positiveClasses,
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
        for (MetricValue b : e.getValue()) {
          if (!COMPARED.contains(b.metric())) {
            continue;
          }
          MetricValue c = candidateByKey.get(key(b));
          if (c == null) {
            // A class that only one model predicted has no row for the other.
            continue;
          }
          PairedCounts counts = pairedCounts(b, byClass, positive);
          Double p = counts == null ? null : McNemar.exactPValue(counts.fixed(), counts.broken());
          double mde =
              b.metric() == MetricId.MCC
                  ? Double.NaN
                  : MinimumDetectableEffect.forProportion(
                      b.value(),
                      b.support(),
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
                  mde,
                  b.support()));
        }
      }
    }
    return decideSignificance(rows, alpha);
  }

  /** The paired counts behind a metric's test, or null when it has none. */
  private static PairedCounts pairedCounts(
      MetricValue v, Map<String, PairedCounts> byClass, String positive) {
    if (v.metric() == MetricId.ACCURACY) {
      return sum(byClass, null, false);
    }
    if (v.metric() == MetricId.RECALL) {
      String cls = v.cls() != null ? v.cls() : positive;
      return cls == null ? null : byClass.getOrDefault(cls, new PairedCounts(0, 0, 0, 0));
    }
    if (v.metric() == MetricId.SPECIFICITY && positive != null) {
      return sum(byClass, positive, true);
    }
    return null;
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

  private static List<ComparisonRow> decideSignificance(List<ComparisonRow> rows, double alpha) {
    List<Integer> tested = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).hasPValue()) {
        tested.add(i);
      }
    }
    double[] p = new double[tested.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rows.get(tested.get(i)).pValue();
    }
    boolean[] significant = BenjaminiHochberg.significant(p, alpha);
    List<ComparisonRow> out = new ArrayList<>(rows);
    for (int i = 0; i < p.length; i++) {
      int row = tested.get(i);
      out.set(row, rows.get(row).withSignificant(significant[i]));
    }
    return out;
  }

  private static Map<List<Object>, MetricValue> index(List<MetricValue> values) {
    Map<List<Object>, MetricValue> byKey = new LinkedHashMap<>();
    for (MetricValue v : values) {
      byKey.put(key(v), v);
    }
    return byKey;
  }

  private static List<Object> key(MetricValue v) {
    return java.util.Arrays.asList(Objects.toString(v.cls(), null), v.metric());
  }
}
