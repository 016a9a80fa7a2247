package dev.domaineval.compare;

import dev.domaineval.counts.CellCount;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Poisson bootstrap of a baseline-candidate comparison, from replicate-weighted confusion
 * counts.
 *
 * <p>In replicate r every example carries a Poisson(1) weight, the same for both models (the pairs
 * are resampled together), and each cell of both confusion matrices is the sum of its examples'
 * weights. Each replicate's metrics give a replicate delta (candidate − baseline). The p-value is
 * two-sided, from the share of replicate deltas on either side of 0, with the usual +1 correction
 * so that it is never 0: p = min(1, 2·(1 + min(#{Δ ≤ 0}, #{Δ ≥ 0})) / (1 + R)). The interval is the
 * 2.5 % and 97.5 % percentiles of the replicate deltas (linear interpolation).
 */
public final class Bootstrap {
  /** A metric compared in a group needs a value in at least this share of the replicates. */
  private static final double MIN_SHARE = 0.5;

  private Bootstrap() {}

  /**
   * One cell of a group's confusion matrix, with its weighted count in every replicate.
   *
   * @param actual the actual class
   * @param predicted the predicted class or {@code (invalid)}
   * @param counts the weighted count of each replicate (weights are whole numbers)
   */
  public record Cell(String actual, String predicted, long[] counts) {}

  /**
   * The bootstrap p-value and the 95 % interval of the delta of a metric.
   *
   * @param pValue two-sided bootstrap p-value, in (0, 1]
   * @param deltaLow lower bound of the 95 % percentile interval of candidate − baseline
   * @param deltaHigh upper bound of it
   * @param replicates the number of replicates in which both models had the metric
   */
  public record Estimate(double pValue, double deltaLow, double deltaHigh, int replicates) {}

  /**
   * The estimates of every candidate group that has a baseline group, from the pass's
   * replicate-weighted confusion cells.
   *
   * @param cells the confusion cells of every group, with their replicate counts
   * @param baseline the baseline model
   * @param candidates the candidate models
   * @param replicates the number of replicates; 0 gives no estimate
   * @param positiveClass the positive class of a group's domain, or null
   * @return per candidate group, (class or null, metric) to its estimate
   */
  public static Map<GroupKey, Map<List<Object>, Estimate>> estimates(
      List<CellCount> cells,
      String baseline,
      List<String> candidates,
      int replicates,
      Function<GroupKey, String> positiveClass) {
    if (replicates == 0) {
      return Map.of();
    }
    Map<GroupKey, List<Cell>> byGroup = new LinkedHashMap<>();
    for (CellCount c : cells) {
      byGroup
          .computeIfAbsent(c.group(), k -> new ArrayList<>())
          .add(new Cell(c.actual(), c.predicted(), c.replicates()));
    }
    Map<GroupKey, Map<List<Object>, Estimate>> out = new LinkedHashMap<>();
    byGroup.forEach(
        (key, baselineCells) -> {
          if (!key.model().equals(baseline)) {
            return;
          }
          for (String candidate : candidates) {
            GroupKey cand = new GroupKey(candidate, key.domain(), key.slice());
            List<Cell> candidateCells = byGroup.get(cand);
            if (candidateCells != null) {
              out.put(
                  cand,
                  estimate(baselineCells, candidateCells, replicates, positiveClass.apply(key)));
            }
          }
        });
    return out;
  }

  /**
   * Estimates every compared metric of one group.
   *
   * @param baseline the baseline's cells in the group
   * @param candidate the candidate's cells in the group
   * @param replicates the number of replicates R (the length of every cell's counts)
   * @param positiveClass the positive class of a binary domain, or null
   * @return (class or null, metric) to its estimate, for the metrics present in both models in at
   *     least half of the replicates
   */
  public static Map<List<Object>, Estimate> estimate(
      List<Cell> baseline, List<Cell> candidate, int replicates, String positiveClass) {
    Map<List<Object>, double[]> deltas = new HashMap<>();
    Map<List<Object>, Integer> filled = new HashMap<>();
    for (int r = 0; r < replicates; r++) {
      Map<List<Object>, Double> b = values(matrix(baseline, r), positiveClass);
      Map<List<Object>, Double> c = values(matrix(candidate, r), positiveClass);
      for (Map.Entry<List<Object>, Double> e : c.entrySet()) {
        Double base = b.get(e.getKey());
        if (base == null) {
          continue;
        }
        double[] d = deltas.computeIfAbsent(e.getKey(), k -> new double[replicates]);
        int i = filled.merge(e.getKey(), 1, Integer::sum) - 1;
        d[i] = e.getValue() - base;
      }
    }
    Map<List<Object>, Estimate> out = new HashMap<>();
    deltas.forEach(
        (key, d) -> {
          int n = filled.get(key);
          if (n >= MIN_SHARE * replicates && n > 0) {
            out.put(key, summarize(Arrays.copyOf(d, n)));
          }
        });
    return out;
  }

  /** The p-value and interval of a sample of replicate deltas. */
  static Estimate summarize(double[] deltas) {
    int below = 0;
    int above = 0;
    for (double d : deltas) {
      below += d <= 0 ? 1 : 0;
      above += d >= 0 ? 1 : 0;
    }
    double p = Math.min(1.0, 2.0 * (1 + Math.min(below, above)) / (1.0 + deltas.length));
    double[] sorted = deltas.clone();
    Arrays.sort(sorted);
    return new Estimate(p, quantile(sorted, 0.025), quantile(sorted, 0.975), deltas.length);
  }

  /** Quantile with linear interpolation between order statistics (R's type 7). */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static ConfusionMatrix matrix(List<Cell> cells, int replicate) {
    ConfusionMatrix.Builder m = ConfusionMatrix.builder();
    for (Cell cell : cells) {
      long count = cell.counts()[replicate];
      if (count > 0) {
        m.add(cell.actual(), cell.predicted(), count);
      }
    }
    return m.build();
  }

  private static Map<List<Object>, Double> values(ConfusionMatrix m, String positiveClass) {
    Map<List<Object>, Double> out = new HashMap<>();
    if (m.total() == 0) {
      return out;
    }
    for (MetricValue v : GroupMetrics.compute(m, positiveClass)) {
      if (v.metric().isCompared()) {
        out.put(key(v.cls(), v.metric()), v.value());
      }
    }
    return out;
  }

  /** The key of a compared metric: its class (or null) and its id. */
  public static List<Object> key(String cls, MetricId metric) {
    List<Object> k = new ArrayList<>(2);
    k.add(cls);
    k.add(metric);
    return k;
  }
}
