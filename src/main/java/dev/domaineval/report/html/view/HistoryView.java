package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The history section.
 *
 * @param present whether there is an earlier run or a reference run at all
 * @param runs the earlier runs shown, oldest first, then this run
 * @param reference the run compared with, or ""
 * @param pinned whether the reference run was pinned in the job file
 * @param charts the trend charts, two per domain
 * @param changes the candidates' priority metrics against the reference run
 */
public record HistoryView(
    boolean present,
    List<String> runs,
    String reference,
    boolean pinned,
    List<Chart> charts,
    List<Change> changes) {

  public HistoryView {
    runs = List.copyOf(runs);
    charts = List.copyOf(charts);
    changes = List.copyOf(changes);
  }

  /** The section when there is no earlier run. */
  public static HistoryView absent() {
    return new HistoryView(false, List.of(), "", false, List.of(), List.of());
  }

  /**
   * A row of the change-since-reference table.
   *
   * @param verdict "significantly worse", "better" or "no significant drop"
   * @param css "worse" or ""
   */
  public record Change(
      String candidate,
      String domain,
      String metric,
      String reference,
      String current,
      String delta,
      String p,
      String verdict,
      String css) {}
}
