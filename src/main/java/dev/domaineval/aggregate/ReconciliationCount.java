package dev.domaineval.aggregate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Input rows of one table counted under one reason. Every input row is counted exactly once, so the
 * counts of a table add up to its row count.
 *
 * @param table {@code labels} or {@code predictions}
 * @param model for predictions of a selected model, that model; else null
 * @param reason why the rows were used or excluded, e.g. {@code matched}, {@code no_label}
 * @param rows the number of input rows
 */
public record ReconciliationCount(String table, String model, String reason, long rows) {

  /**
   * The non-zero counts summed by table and reason (the models' rows share a reason), both sorted:
   * the form of the reconciliation table, summary.json and the report.
   */
  public static Map<String, Map<String, Long>> byTableAndReason(List<ReconciliationCount> counts) {
    Map<String, Map<String, Long>> byTable = new TreeMap<>();
    for (ReconciliationCount c : counts) {
      if (c.rows() > 0) {
        byTable
            .computeIfAbsent(c.table(), t -> new TreeMap<>())
            .merge(c.reason(), c.rows(), Long::sum);
      }
    }
    return byTable;
  }
}
