package dev.domaineval.findings;

import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The findings of the scores. They inform and do not change verdicts: the gates judge the model's
 * own hard predictions.
 */
public final class ScoreRules {
  /** The reconciled table of scores, whose reasons are {@code <state>:<model>}. */
  public static final String SCORES_TABLE = "scores";

  public static final String VALID = "valid";

  private ScoreRules() {}

  /**
   * {@code INVALID_SCORES} per model with bad scores (warn above {@code maxInvalidRate}, info
   * otherwise), and {@code THRESHOLD_OPPORTUNITY} (info) per overall-slice choice whose threshold
   * meets the target that the hard predictions miss.
   *
   * @param inputs the reconciliation counts, among them those of the {@link #SCORES_TABLE}
   * @param choices the operating points of every group
   * @param maxInvalidRate the rate of bad scores above which the finding warns
   */
  public static List<Finding> evaluate(
      List<Evidence.InputCount> inputs, List<ThresholdChoice> choices, double maxInvalidRate) {
    List<Finding> out = new ArrayList<>();
    Map<String, Map<String, Long>> byModel = new TreeMap<>();
    for (Evidence.InputCount c : inputs) {
      if (SCORES_TABLE.equals(c.table()) && c.model() != null) {
        String state = c.reason().substring(0, c.reason().lastIndexOf(':'));
        byModel.computeIfAbsent(c.model(), m -> new TreeMap<>()).merge(state, c.rows(), Long::sum);
      }
    }
    byModel.forEach(
        (model, states) -> {
          long total = states.values().stream().mapToLong(Long::longValue).sum();
          long bad = total - states.getOrDefault(VALID, 0L);
          if (bad == 0 || total == 0) {
            return;
          }
          double rate = (double) bad / total;
          StringBuilder detail = new StringBuilder();
          states.forEach(
              (state, n) -> {
                if (!state.equals(VALID) && n > 0) {
                  detail
                      .append(detail.length() == 0 ? "" : ", ")
                      .append(state)
                      .append(' ')
                      .append(n);
                }
              });
          String message =
              bad == total
                  ? String.format(
                      Locale.ROOT,
                      "%s has no valid score on its %d predictions of binary domains (%s): its"
                          + " score metrics are not computed. Map the score column or check the"
                          + " model's output.",
                      model,
                      total,
                      detail)
                  : String.format(
                      Locale.ROOT,
                      "%.2f %% of %s's %d scores of binary domains are invalid (%s): they are left"
                          + " out of the score metrics (roc_auc, pr_auc, ...), not of the"
                          + " confusion counts. Scores must be probabilities of the positive class"
                          + " in [0, 1].",
                      100 * rate,
                      model,
                      total,
                      detail);
          out.add(
              new Finding(
                  rate > maxInvalidRate ? Severity.WARN : Severity.INFO,
                  FindingCode.INVALID_SCORES,
                  model,
                  SliceKey.POOLED,
                  SliceKey.OVERALL,
                  message));
        });
    for (ThresholdChoice c : choices) {
      if (!c.group().slice().equals(SliceKey.OVERALL) || !c.isOpportunity()) {
        continue;
      }
      OperatingPoint p = c.chosen().get();
      OperatingPoint hard = c.hard();
      boolean recallFloor = c.target().constraint() == OperatingPoint.Constraint.RECALL_AT_LEAST;
      out.add(
          new Finding(
              Severity.INFO,
              FindingCode.THRESHOLD_OPPORTUNITY,
              c.group().model(),
              c.group().domain(),
              SliceKey.OVERALL,
              String.format(
                  Locale.ROOT,
                  "Predicting positive for score >= %.4f would reach %s %.3f (target %.2f) with"
                      + " %s %.3f, where the hard predictions have %s %.3f and %s %.3f"
                      + " (on %d examples with a valid score). Consider calibrating the"
                      + " decision threshold.",
                  p.threshold(),
                  recallFloor ? "recall" : "precision",
                  recallFloor ? p.recall() : p.precision(),
                  c.target().minimum(),
                  recallFloor ? "precision" : "recall",
                  recallFloor ? p.precision() : p.recall(),
                  recallFloor ? "recall" : "precision",
                  recallFloor ? hard.recall() : hard.precision(),
                  recallFloor ? "precision" : "recall",
                  recallFloor ? hard.precision() : hard.recall(),
                  p.tp() + p.fp() + p.fn() + p.tn())));
    }
    return out;
  }
}
