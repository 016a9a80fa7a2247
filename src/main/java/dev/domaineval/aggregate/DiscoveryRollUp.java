package dev.domaineval.aggregate;

import dev.domaineval.counts.DiscoveryCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The counts slice discovery reads, from the pass's finest-grain result with one small query: per
 * candidate, domain, combination of the searched dimensions' values and half ({@link
 * PassRows#HALF}), the examples the baseline and the candidate each got right or wrong. The paired
 * rows of the finest-grain base set hold every example once, so these are the counts of every
 * example of the domain, split in two halves.
 */
final class DiscoveryRollUp {
  private DiscoveryRollUp() {}

  /**
   * The cells.
   *
   * @param finestView the view of the finest-grain counts
   * @param keysView the view of (domain, key, label): how prediction keys map to classes
   * @param dimensions per searched dimension, its SQL over the finest rows {@code f} (capped values
   *     renamed)
   * @param finestBase the id of the finest-grain base set
   */
  static List<DiscoveryCell> cells(
      SparkSession spark,
      String finestView,
      String keysView,
      List<String> dimensions,
      long finestBase) {
    StringBuilder dims = new StringBuilder();
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < dimensions.size(); i++) {
      dims.append(dimensions.get(i)).append(" AS d").append(i).append(", ");
      names.append("d").append(i).append(", ");
    }
    String sql =
        "SELECT model, domain, "
            + names
            + "half, baseline_right, candidate_right, sum(n) AS n FROM (SELECT /*+ BROADCAST(kb,"
            + " kc) */ f.model, f.domain, "
            + dims
            + "f."
            + PassRows.HALF
            + " AS half, "
            + CountAggregator.classOf("kb")
            + " = f.actual AS baseline_right, "
            + CountAggregator.classOf("kc")
            + " = f.actual AS candidate_right, f.n FROM (SELECT *, "
            + PairKeys.partsSql()
            + " FROM "
            + finestView
            + ") f LEFT JOIN "
            + keysView
            + " kb ON f.domain = kb.domain AND f.baseline_key = kb.key LEFT JOIN "
            + keysView
            + " kc ON f.domain = kc.domain AND f.candidate_key = kc.key WHERE f.kind = '"
            + RowKind.PAIRED.id()
            + "' AND f."
            + PassRows.BASE_SET
            + " = "
            + finestBase
            + " AND f."
            + PassRows.HALF
            + " IS NOT NULL) GROUP BY model, domain, "
            + names
            + "half, baseline_right, candidate_right";
    Map<List<Object>, long[]> cells = new LinkedHashMap<>();
    int n = dimensions.size();
    for (Row r : spark.sql(sql).collectAsList()) {
      List<Object> key = new ArrayList<>(n + 3);
      key.add(r.getString(0));
      key.add(r.getString(1));
      for (int i = 0; i < n; i++) {
        key.add(r.getString(2 + i));
      }
      key.add(r.getInt(2 + n));
      boolean baselineRight = r.getBoolean(3 + n);
      boolean candidateRight = r.getBoolean(4 + n);
      // bothRight, fixed, broken, bothWrong
      int outcome = baselineRight ? (candidateRight ? 0 : 2) : (candidateRight ? 1 : 3);
      cells.computeIfAbsent(key, k -> new long[4])[outcome] += r.getLong(5 + n);
    }
    List<DiscoveryCell> out = new ArrayList<>(cells.size());
    cells.forEach(
        (key, c) -> {
          List<String> values = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            values.add((String) key.get(2 + i));
          }
          out.add(
              new DiscoveryCell(
                  (String) key.get(0),
                  (String) key.get(1),
                  values,
                  (Integer) key.get(2 + n),
                  c[0],
                  c[1],
                  c[2],
                  c[3]));
        });
    return out;
  }
}
