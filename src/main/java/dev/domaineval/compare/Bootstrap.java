package dev.domaineval.compare;

import dev.domaineval.config.BootstrapScope;
import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Poisson bootstrap of a baseline-candidate comparison, drawn from the joint confusion of the
 * candidate group (actual class × baseline's prediction × candidate's prediction).
 *
 * <p>In replicate r every example weighs Poisson(1), the same for both models (the pairs are
 * resampled together). A joint cell's replicate count is then Poisson(n_cell), independently of the
 * other cells, so each replicate table is drawn from the counts ({@link ReplicateTables}) and both
 * models' confusion matrices are its margins. Each replicate's metrics give a replicate delta
 * (candidate − baseline). The p-value is two-sided, from the share of replicate deltas on either
 * side of 0, with the usual +1 correction so that it is never 0: p = min(1, 2·(1 + min(#{Δ ≤ 0},
 * #{Δ ≥ 0})) / (1 + R)). The interval is the 2.5 % and 97.5 % percentiles of the replicate deltas
 * (linear interpolation).
 *
 * <p>Each group draws from a generator of its own, seeded with the seed mixed with a hash of the
 * group's key (model, domain, slice, value): a group's estimates depend only on its counts, the
 * seed and its key, not on the other groups of the run or their order.
 */
public final class Bootstrap {
  /** A metric compared in a group needs a value in at least this share of the replicates. */
  private static final double MIN_SHARE = 0.5;

  private Bootstrap() {}

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
   * The estimates of the candidate groups in scope, from their joint confusion.
   *
   * @param joint per candidate group (the key's model is the candidate), the joint confusion of the
   *     baseline and the candidate on its examples
   * @param candidates the candidate models; groups of other models are skipped
   * @param replicates the number of replicates; 0 gives no estimate
   * @param seed the seed, mixed with each group's key
   * @param scope which groups get estimates: the overall slices only, or every slice value too
   * @param positiveClassOfDomain the positive class of a binary domain, or null (not asked for the
   *     pooled domain, which has none)
   * @param answers whether the groups have the answer metrics ({@code Scope.ANSWERS})
   * @return per candidate group in scope with examples, (class or null, metric) to its estimate
   */
  public static Map<GroupKey, Map<List<Object>, Estimate>> estimates(
      Map<GroupKey, JointConfusion> joint,
      List<String> candidates,
      int replicates,
      long seed,
      BootstrapScope scope,
      Function<String, String> positiveClassOfDomain,
      boolean answers) {
    Map<GroupKey, Map<List<Object>, Estimate>> out = new LinkedHashMap<>();
    if (replicates == 0) {
      return out;
    }
    joint.forEach(
        (key, table) -> {
          boolean inScope = scope == BootstrapScope.ALL || key.slice().isOverall();
          if (!inScope || !candidates.contains(key.model()) || table.total() == 0) {
            return;
          }
          String positive = key.isPooledDomain() ? null : positiveClassOfDomain.apply(key.domain());
          out.put(key, estimate(table, replicates, groupSeed(seed, key), positive, answers));
        });
    return out;
  }

  /**
   * Estimates every compared metric of one group.
   *
   * @param joint the group's joint confusion
   * @param replicates the number of replicates R
   * @param seed the seed of this group's draws
   * @param positiveClass the positive class of a binary domain, or null
   * @return (class or null, metric) to its estimate, for the metrics present in both models in at
   *     least half of the replicates
   */
  static Map<List<Object>, Estimate> estimate(
      JointConfusion joint, int replicates, long seed, String positiveClass) {
    return estimate(joint, replicates, seed, positiveClass, false);
  }

  static Map<List<Object>, Estimate> estimate(
      JointConfusion joint, int replicates, long seed, String positiveClass, boolean answers) {
    ReplicateTables tables = new ReplicateTables(joint, seed);
    return estimate(tables.cells(), tables::next, replicates, positiveClass, answers);
  }

  /**
   * Estimates every compared metric from given replicate tables.
   *
   * @param cells the joint cells
   * @param replicate gives the counts of {@code cells} in the next replicate, once per replicate
   * @param replicates the number of replicates R
   * @param positiveClass the positive class of a binary domain, or null
   */
  static Map<List<Object>, Estimate> estimate(
      List<JointConfusion.Cell> cells,
      Supplier<long[]> replicate,
      int replicates,
      String positiveClass) {
    return estimate(cells, replicate, replicates, positiveClass, false);
  }

  static Map<List<Object>, Estimate> estimate(
      List<JointConfusion.Cell> cells,
      Supplier<long[]> replicate,
      int replicates,
      String positiveClass,
      boolean answers) {
    Map<List<Object>, double[]> deltas = new HashMap<>();
    Map<List<Object>, Integer> filled = new HashMap<>();
    for (int r = 0; r < replicates; r++) {
      long[] counts = replicate.get();
      ConfusionMatrix.Builder baseline = ConfusionMatrix.builder();
      ConfusionMatrix.Builder candidate = ConfusionMatrix.builder();
      for (int i = 0; i < counts.length; i++) {
        JointConfusion.Cell cell = cells.get(i);
        // A cell drawn 0 times adds nothing: a class absent from a replicate has no metrics there.
        baseline.add(cell.actual(), cell.baseline(), counts[i]);
        candidate.add(cell.actual(), cell.candidate(), counts[i]);
      }
      Map<List<Object>, Double> b = values(baseline.build(), positiveClass, answers);
      Map<List<Object>, Double> c = values(candidate.build(), positiveClass, answers);
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

  /**
   * The seed of a group's draws: the seed mixed with a 64-bit FNV-1a hash of the key's model,
   * domain, slice and value (stable across JVMs and runs), through SplitMix64's finalizer.
   */
  static long groupSeed(long seed, GroupKey key) {
    long h = 0xcbf29ce484222325L;
    for (String part :
        List.of(key.model(), key.domain(), key.slice().slice(), key.slice().value())) {
      // Each part ends with a 0 byte, so that ("ab", "c") and ("a", "bc") differ.
      byte[] bytes = (part + '\0').getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        h ^= b & 0xff;
        h *= 0x100000001b3L;
      }
    }
    return mix(seed ^ mix(h));
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
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

  private static Map<List<Object>, Double> values(
      ConfusionMatrix m, String positiveClass, boolean answers) {
    Map<List<Object>, Double> out = new HashMap<>();
    if (m.total() == 0) {
      return out;
    }
    for (MetricValue v : GroupMetrics.compute(m, positiveClass, answers)) {
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
