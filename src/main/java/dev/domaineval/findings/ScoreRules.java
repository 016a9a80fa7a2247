package dev.domaineval.findings;

import dev.domaineval.scores.ThresholdChoice;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings of the scores ({@link InvalidScoresRule}, {@link ThresholdOpportunityRule}). They
 * inform and do not change verdicts: the gates judge the model's own hard predictions.
 */
public final class ScoreRules {
  /** The reconciled table of scores, whose reasons are {@code <state>:<model>}. */
  public static final String SCORES_TABLE = InvalidScoresRule.SCORES_TABLE;

  public static final String VALID = InvalidScoresRule.VALID;

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
    List<Finding> out = new ArrayList<>(InvalidScoresRule.findings(inputs, maxInvalidRate));
    out.addAll(ThresholdOpportunityRule.findings(choices));
    return out;
  }
}
