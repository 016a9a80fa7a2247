package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The top of the page.
 *
 * @param createdAt when the report was rendered, ISO-8601 UTC to the second
 * @param verdictCounts how many verdicts of each outcome, most severe first
 * @param findingCounts how many findings of each severity
 * @param rowsRead each input table's rows
 * @param title the page's title: the run and each candidate's decision
 * @param decisions each candidate's decision line
 */
public record HeaderView(
    String runId,
    String createdAt,
    String baseline,
    List<String> candidates,
    String verdictCounts,
    String findingCounts,
    String rowsRead,
    String title,
    List<DecisionView> decisions) {

  public HeaderView {
    candidates = List.copyOf(candidates);
    decisions = List.copyOf(decisions);
  }
}
