package dev.domaineval.aggregate;

import dev.domaineval.slice.SliceKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values kept of each slice dimension that has more than allowed: the most supported ones (ties
 * by value); the roll-ups count the others as {@code (other)}. A null value ({@code (null)}) is a
 * value like any other.
 */
final class SliceValueCap {
  /** The pass's logger: capping is a step of the counting. */
  private static final Logger LOG = LoggerFactory.getLogger(CountAggregator.class);

  /** No dimension capped: every value kept. */
  static final SliceValueCap NONE = new SliceValueCap(Map.of(), List.of());

  /**
   * A slice dimension with more values than allowed.
   *
   * @param dimension its position in the plan's dimensions
   * @param values its number of distinct values
   * @param keptValues the number of values kept (the most supported ones)
   * @param otherRows the joined rows (labelled examples × models) of the other values
   */
  public record CappedDimension(int dimension, long values, int keptValues, long otherRows) {}

  /** Per capped dimension, the values kept (the others become {@code (other)}). */
  private final Map<Integer, Set<String>> kept;

  private final List<CappedDimension> capped;

  private SliceValueCap(Map<Integer, Set<String>> kept, List<CappedDimension> capped) {
    this.kept = kept;
    this.capped = List.copyOf(capped);
  }

  /**
   * Finds the {@code max} most supported values of each slice dimension that has more, with one
   * query on the small finest-grain result (the view {@code finestView}), whatever the number of
   * dimensions.
   *
   * @param dims the columns of the slice dimensions, in plan order (not empty)
   */
  static SliceValueCap compute(
      SparkSession spark, String finestView, SlicePlan plan, List<String> dims, int max) {
    // One row per (dimension, value) of every finest-grain confusion row, counted in its base set:
    // one aggregation and one window whatever the number of dimensions (a UNION of one query per
    // dimension would add a Spark job per slice).
    List<String> perDim = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      int base = -1;
      for (int b = 0; b < plan.baseSets().size() && base < 0; b++) {
        if (plan.baseSets().get(b).contains(d)) {
          base = b;
        }
      }
      if (base >= 0) {
        perDim.add(
            "named_struct('d', "
                + d
                + ", 'v', "
                + dims.get(d)
                + ", 'ok', "
                + PassRows.BASE_SET
                + " = "
                + plan.baseSetId(base)
                + ")");
      }
    }
    String values =
        "SELECT d, v, sum(n) AS n FROM (SELECT inline(array("
            + String.join(", ", perDim)
            + ")), n FROM "
            + finestView
            + " WHERE kind = '"
            + RowKind.CONFUSION.id()
            + "') WHERE ok GROUP BY d, v";
    String sql =
        "SELECT d, v, nvalues, total - running AS other, r FROM (SELECT d, v, row_number() OVER"
            + " (PARTITION BY d ORDER BY n DESC, v) AS r, count(*) OVER (PARTITION BY d) AS"
            + " nvalues, sum(n) OVER (PARTITION BY d) AS total, sum(n) OVER (PARTITION BY d ORDER"
            + " BY n DESC, v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM ("
            + values
            + ")) WHERE nvalues > "
            + max
            + " AND r <= "
            + max;
    List<Row> rows = new ArrayList<>(spark.sql(sql).collectAsList());
    rows.sort(Comparator.comparing((Row r) -> r.getInt(0)).thenComparing(r -> r.getInt(4)));
    Map<Integer, Set<String>> kept = new TreeMap<>();
    Map<Integer, long[]> stats = new TreeMap<>();
    for (Row r : rows) {
      int d = r.getInt(0);
      kept.computeIfAbsent(d, k -> new HashSet<>()).add(r.getString(1));
      // The last kept row's running total leaves the other values' rows.
      stats.put(d, new long[] {r.getLong(2), r.getLong(3)});
    }
    List<CappedDimension> out = new ArrayList<>();
    stats.forEach((d, s) -> out.add(new CappedDimension(d, s[0], kept.get(d).size(), s[1])));
    if (!out.isEmpty()) {
      LOG.warn(
          "Slice dimensions with more than {} values keep their {} most supported ones; the others"
              + " are counted as {}: {}",
          max,
          max,
          SliceKey.OTHER_VALUE,
          out);
    }
    return new SliceValueCap(kept, out);
  }

  /**
   * The value of dimension {@code d} in a roll-up, as {@link #dimension} computes it in Spark: the
   * value, or {@code (other)} beyond the kept ones (null stays null).
   */
  String value(int d, String value) {
    Set<String> values = kept.get(d);
    return value == null || values == null || values.contains(value) ? value : SliceKey.OTHER_VALUE;
  }

  /** The capped dimensions (empty when none has more values than allowed). */
  List<CappedDimension> capped() {
    return capped;
  }

  /**
   * The expression of dimension {@code d} in a roll-up: its value, or (other) beyond the kept ones.
   *
   * @param prefix the table alias and dot, or empty
   */
  String dimension(List<String> dims, int d, String prefix) {
    String col = prefix + dims.get(d);
    Set<String> values = kept.get(d);
    if (values == null) {
      return col;
    }
    String list =
        values.stream()
            .sorted()
            .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
            .collect(Collectors.joining(", "));
    return "CASE WHEN "
        + col
        + " IS NULL OR "
        + col
        + " IN ("
        + list
        + ") THEN "
        + col
        + " ELSE '"
        + SliceKey.OTHER_VALUE
        + "' END";
  }
}
