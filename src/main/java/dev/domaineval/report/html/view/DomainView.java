package dev.domaineval.report.html.view;

import java.util.List;

/**
 * Everything about one domain, on its overall slice.
 *
 * @param id the domain's HTML id (an anchor safe for any domain name)
 * @param verdicts the candidates' verdicts on the domain
 * @param kind binary (with its positive class) or multiclass
 * @param priority the priority metric, role and min-support of the domain's policy
 * @param comparisons each candidate's comparison with the baseline
 * @param matrices each model's confusion heat map, the baseline first
 * @param precisionRecallChart each model's precision and recall, or null when the baseline has none
 * @param scoreCharts ROC, precision-recall and calibration charts (when the models have scores)
 * @param operatingPoints one line per threshold choice (when the models have scores)
 * @param scoreMetrics the score metrics of every model beside the baseline's (when the models have
 *     scores), e.g. ROC AUC and average precision, with each candidate's change
 * @param validity whether the evaluation of the domain can be trusted: one check per row
 */
public record DomainView(
    String name,
    String id,
    List<VerdictsView.Cell> verdicts,
    String kind,
    String priority,
    List<Comparison> comparisons,
    List<Matrix> matrices,
    Chart precisionRecallChart,
    List<Chart> scoreCharts,
    List<String> operatingPoints,
    List<ScoreRow> scoreMetrics,
    List<ValidityRow> validity) {

  public DomainView {
    verdicts = List.copyOf(verdicts);
    comparisons = List.copyOf(comparisons);
    matrices = List.copyOf(matrices);
    scoreCharts = List.copyOf(scoreCharts);
    operatingPoints = List.copyOf(operatingPoints);
    scoreMetrics = List.copyOf(scoreMetrics);
    validity = List.copyOf(validity);
  }

  /**
   * One check of the evaluation's validity.
   *
   * @param model the model the number is about
   * @param value the number, in words
   * @param status "not flagged", or the severity and code of the finding that flags it
   * @param css "ok", "flag-fail", "flag-warn" or "flag-info"
   */
  public record ValidityRow(String check, String model, String value, String status, String css) {}

  /**
   * A score metric of one candidate against the baseline.
   *
   * @param direction "higher is better" or "lower is better"
   * @param delta candidate − baseline, or "—"
   */
  public record ScoreRow(
      String metric,
      String direction,
      String candidate,
      String baseline,
      String candidateValue,
      String delta) {}

  /**
   * The comparison tables of one candidate.
   *
   * @param rows the headline metrics
   * @param classRows per-class precision, recall and F1
   * @param cleanSlice the candidate's leakage slice, whose {@code clean} value each row shows
   *     beside the value on all examples, or "" when the candidate has no fine-tuning data
   */
  public record Comparison(
      String candidate,
      List<ComparisonRow> rows,
      List<ComparisonRow> classRows,
      String cleanSlice) {
    public Comparison {
      rows = List.copyOf(rows);
      classRows = List.copyOf(classRows);
    }
  }

  /**
   * A row of a baseline-vs-candidate table.
   *
   * @param cls the class, or "" for a metric of the whole domain
   * @param ci the candidate's interval, or "—"
   * @param deltaCi the interval of the difference, or "—"
   * @param css "worse", "minor", "better" or ""
   * @param target the domain's target for the metric, or "" when it has none
   * @param vsTarget "met", "missed" or "inside the interval" (decided on the candidate's interval
   *     where it has one), or "" without a target
   * @param clean the candidate's value on the examples that were not its fine-tuning data, or ""
   */
  public record ComparisonRow(
      String metric,
      String cls,
      String baseline,
      String candidate,
      String delta,
      String ci,
      String deltaCi,
      String p,
      String significance,
      String css,
      String target,
      String vsTarget,
      String clean) {}

  /** One model's confusion heat map. */
  /**
   * A confusion heat map: one model's counts, or a candidate's change of counts against the
   * baseline.
   *
   * @param caption what the table shows
   * @param difference whether the cells are changes (candidate − baseline) rather than counts
   */
  public record Matrix(
      String model,
      List<String> predicted,
      List<MatrixRow> rows,
      String caption,
      boolean difference) {
    public Matrix {
      predicted = List.copyOf(predicted);
      rows = List.copyOf(rows);
    }
  }

  /** A row of a confusion heat map: one actual class. */
  public record MatrixRow(String actual, String support, List<MatrixCell> cells) {
    public MatrixRow {
      cells = List.copyOf(cells);
    }
  }

  /**
   * A cell of a confusion heat map.
   *
   * @param count the count, or the signed change of a difference view
   * @param percent the cell's share of its row (of the actual class: recall's view), or "" in a
   *     difference view
   * @param columnPercent the cell's share of its column (of the predicted class: precision's view),
   *     or ""
   * @param style the cell's inline style (its background, which shades the share the domain's
   *     priority reads: the row's for recall, the column's for precision)
   * @param css "costly" for the cell the domain's priority makes costly (a missed positive under
   *     recall, a false alarm under precision), "gain"/"loss" in a difference view, else ""
   * @param title what the cell is, in words (shown on hover)
   */
  public record MatrixCell(
      String count, String percent, String columnPercent, String style, String css, String title) {}
}
