package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The slice table.
 *
 * @param rows the rows shown, worst change first
 * @param total how many slice rows there are
 * @param sliceNames the slices among all rows, for the filter
 * @param domains the domains among all rows, for the filter
 * @param table where every slice is (the comparison table's path)
 * @param matrices the confusion counts of each shown row with a finding, in the order of the rows
 */
public record SlicesView(
    List<Row> rows,
    int total,
    List<String> sliceNames,
    List<String> domains,
    String table,
    List<Matrices> matrices) {

  public SlicesView {
    rows = List.copyOf(rows);
    sliceNames = List.copyOf(sliceNames);
    domains = List.copyOf(domains);
    matrices = List.copyOf(matrices);
  }

  /**
   * A row of the slice table: a candidate's priority metric on one slice value.
   *
   * @param accuracyDelta the change of accuracy on the slice, or "—"
   * @param accuracyP its p-value, "no test" or "—"
   * @param n the number of examples the metric rests on, from the candidate's confusion matrix of
   *     the slice: actual positives for recall, predicted positives for precision, actual negatives
   *     for specificity, every example of the slice otherwise; "—" without a matrix
   * @param lowSupport whether the slice has fewer examples than the domain's min-support
   * @param css "gate-fail" or "gate-warn" (a finding about the slice gates), else "low", "worse",
   *     "minor", "better" or ""
   * @param findings the codes of the gating findings about the slice, or ""
   * @param below "yes" when the candidate's value is below the domain's target for the metric, "no"
   *     when it meets it, "" when the domain has no target on the metric or the value is undefined
   * @param anchor the id of the slice's confusion matrices (rows with a finding), or ""
   */
  public record Row(
      String candidate,
      String domain,
      String slice,
      String value,
      String metric,
      String baseline,
      String candidateValue,
      String delta,
      String p,
      String significance,
      String accuracyDelta,
      String accuracyP,
      String n,
      boolean lowSupport,
      String css,
      String findings,
      String below,
      String anchor) {}

  /**
   * The baseline's and the candidate's confusion counts on the slice of a row with a finding.
   *
   * @param anchor the id the row links to
   * @param title the candidate, domain, slice value and the finding codes
   */
  public record Matrices(String anchor, String title, List<Matrix> matrices) {
    public Matrices {
      matrices = List.copyOf(matrices);
    }
  }

  /**
   * One model's counts: actual rows × predicted columns (invalid predictions as a last column when
   * either model has any), the same columns for both models.
   */
  public record Matrix(String model, List<String> predicted, List<MatrixRow> rows) {
    public Matrix {
      predicted = List.copyOf(predicted);
      rows = List.copyOf(rows);
    }
  }

  /** An actual class and its counts, one per predicted column, with thousands separators. */
  public record MatrixRow(String actual, List<String> counts) {
    public MatrixRow {
      counts = List.copyOf(counts);
    }
  }
}
