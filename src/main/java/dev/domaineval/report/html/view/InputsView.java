package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The inputs and reconciliation section.
 *
 * @param inputs one line per input table: what was read and from where
 * @param reconciliation per table its reasons, then its total
 * @param outputs where the full data is, per output table
 */
public record InputsView(
    List<String> inputs, List<ReconciliationRow> reconciliation, List<Output> outputs) {

  public InputsView {
    inputs = List.copyOf(inputs);
    reconciliation = List.copyOf(reconciliation);
    outputs = List.copyOf(outputs);
  }

  /**
   * A line of the reconciliation table.
   *
   * @param total whether this is the table's total line
   */
  public record ReconciliationRow(String table, String reason, String rows, boolean total) {}

  /** An output table and the path of this run's partition of it. */
  public record Output(String table, String path) {}
}
