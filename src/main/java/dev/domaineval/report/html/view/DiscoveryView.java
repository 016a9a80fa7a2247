package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The slices discovery found.
 *
 * @param enabled whether the run searched
 * @param searched the slices searched, joined for reading
 * @param leftOut the column and expression slices left out, joined, or ""
 * @param rows the slices shown: the significant ones and the top ones of each candidate, domain and
 *     error definition
 * @param total how many slices were found
 * @param table where every slice found is (the discovered_slices table's path)
 */
public record DiscoveryView(
    boolean enabled, String searched, String leftOut, List<Row> rows, int total, String table) {

  public DiscoveryView {
    rows = List.copyOf(rows);
  }

  /**
   * One slice found.
   *
   * @param predicates its predicates joined by AND
   * @param examples its examples on the discovery half
   * @param errors its errors under {@code error} on the discovery half, and their rate
   * @param domainErrorRate the domain's error rate on the discovery half
   * @param confirmation what the held-out half shows: broken vs fixed, or errors of examples
   * @param p the confirmation test's p-value
   * @param significance "significant" (Benjamini–Hochberg over the run) or "not significant"
   * @param css "gate-fail", "gate-warn" or ""
   * @param filter the Spark SQL condition of the slice's errors, or ""
   */
  public record Row(
      String candidate,
      String domain,
      String error,
      int rank,
      String predicates,
      String examples,
      String errors,
      String domainErrorRate,
      String confirmation,
      String p,
      String significance,
      String css,
      String filter) {}
}
