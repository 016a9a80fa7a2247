package dev.domaineval.report.html.view;

import java.util.List;

/**
 * The verdict matrix: a row per candidate, a column per domain.
 *
 * @param domains the columns
 * @param rows the rows, in the order of the candidates
 */
public record VerdictsView(List<String> domains, List<Row> rows) {

  public VerdictsView {
    domains = List.copyOf(domains);
    rows = List.copyOf(rows);
  }

  /** A row of the matrix: one candidate. */
  public record Row(String candidate, List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }
  }

  /**
   * A cell of the matrix: one candidate on one domain.
   *
   * @param outcome the verdict's outcome, or NONE
   * @param css the outcome in lower case, as a class name
   * @param codes the finding codes among the reasons, each once, with its count when more than one
   * @param reasons the reasons shown
   * @param moreReasons the reasons folded away
   * @param kind what the deciding reasons blame, {@code model} or {@code evaluation}; empty for a
   *     PASS
   * @param anchor the id of the domain's section
   * @param reasonKinds the kind of each reason shown, then of each folded away
   * @param headline the candidate's priority metric on the domain against its target, e.g. "recall
   *     0.766, target ≥ 0.800 missed"; empty when the metric is undefined
   */
  public record Cell(
      String candidate,
      String domain,
      String outcome,
      String css,
      String codes,
      List<String> reasons,
      List<String> moreReasons,
      String kind,
      String anchor,
      List<String> reasonKinds,
      String headline) {

    public Cell {
      reasons = List.copyOf(reasons);
      moreReasons = List.copyOf(moreReasons);
      reasonKinds = List.copyOf(reasonKinds);
    }
  }
}
