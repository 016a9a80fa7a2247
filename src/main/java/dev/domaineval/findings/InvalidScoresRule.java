package dev.domaineval.findings;

import dev.domaineval.counts.Reason;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code INVALID_SCORES}, per model with scores that are null, not a number or outside [0, 1]: warn
 * above the maximum rate, inform otherwise. The findings inform and never change a verdict: the
 * gates judge the hard predictions, which bad scores do not touch.
 */
final class InvalidScoresRule {
  /** The reconciled table of scores, whose reasons are {@code <state>:<model>}. */
  static final String SCORES_TABLE = "scores";

  static final String VALID = Reason.VALID_SCORE.id();

  private InvalidScoresRule() {}

  /**
   * The findings from the reconciliation counts.
   *
   * @param inputs the reconciliation counts, among them those of the {@link #SCORES_TABLE}
   * @param maxInvalidRate the rate of bad scores above which the finding warns
   */
  static List<Finding> findings(List<Evidence.InputCount> inputs, double maxInvalidRate) {
    List<Finding> out = new ArrayList<>();
    Map<String, Map<String, Long>> byModel = new TreeMap<>();
    for (Evidence.InputCount c : inputs) {
      if (SCORES_TABLE.equals(c.table()) && c.model() != null) {
        byModel
            .computeIfAbsent(c.model(), m -> new TreeMap<>())
            .merge(state(c.reason()), c.rows(), Long::sum);
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
          out.add(
              new Finding(
                  rate > maxInvalidRate ? Severity.WARN : Severity.INFO,
                  FindingCode.INVALID_SCORES,
                  model,
                  SliceKey.POOLED,
                  SliceKey.OVERALL,
                  message(model, states, total, bad, rate),
                  Finding.Effect.INFORMS));
        });
    return out;
  }

  /** The state of a scores reason {@code <state>:<model>}. */
  private static String state(String reason) {
    return reason.substring(0, reason.lastIndexOf(':'));
  }

  private static String message(
      String model, Map<String, Long> states, long total, long bad, double rate) {
    StringBuilder detail = new StringBuilder();
    states.forEach(
        (state, n) -> {
          if (!state.equals(VALID) && n > 0) {
            detail.append(detail.length() == 0 ? "" : ", ").append(state).append(' ').append(n);
          }
        });
    return bad == total
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
  }
}
