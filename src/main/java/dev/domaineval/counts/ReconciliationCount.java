package dev.domaineval.counts;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Input rows of one table counted under one reason. Every input row is counted exactly once, so the
 * counts of a table add up to its row count.
 *
 * @param table {@code labels}, {@code predictions}, {@code scores} or {@code training.<candidate>}
 * @param model for predictions of a selected model, that model; else null
 * @param reason why the rows were used or excluded
 * @param detail what the reason is about, or null: the models without a prediction ({@link
 *     Reason#MISSING_PREDICTION}, comma-separated) or the model of a score
 * @param rows the number of input rows
 */
public record ReconciliationCount(
    String table, String model, Reason reason, String detail, long rows) {

  /** A count whose reason has no detail. */
  public static ReconciliationCount of(String table, String model, Reason reason, long rows) {
    return new ReconciliationCount(table, model, reason, null, rows);
  }

  /**
   * A count from the published form of its reason, {@code id} or {@code id:detail}.
   *
   * @throws IllegalArgumentException if the id is not a {@link Reason}
   */
  public static ReconciliationCount parse(String table, String model, String reasonId, long rows) {
    int sep = reasonId.indexOf(Reason.DETAIL_SEPARATOR);
    return sep < 0
        ? of(table, model, Reason.fromId(reasonId), rows)
        : new ReconciliationCount(
            table,
            model,
            Reason.fromId(reasonId.substring(0, sep)),
            reasonId.substring(sep + 1),
            rows);
  }

  /** The published form of the reason: its id, followed by {@code :detail} where it has one. */
  public String reasonId() {
    return detail == null ? reason.id() : reason.id() + Reason.DETAIL_SEPARATOR + detail;
  }

  /** This count with another number of rows. */
  public ReconciliationCount withRows(long n) {
    return new ReconciliationCount(table, model, reason, detail, n);
  }

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
            .merge(c.reasonId(), c.rows(), Long::sum);
      }
    }
    return byTable;
  }
}
