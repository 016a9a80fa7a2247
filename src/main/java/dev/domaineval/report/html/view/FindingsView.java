package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The findings list.
 *
 * @param rows the findings shown, most severe first
 * @param total how many findings the run has
 * @param table where all of them are (the findings table's path)
 */
public record FindingsView(List<Row> rows, int total, String table) {

  public FindingsView {
    rows = List.copyOf(rows);
  }

  /** A finding, printed. */
  public record Row(
      String severity, String code, String model, String domain, String slice, String message) {}
}
