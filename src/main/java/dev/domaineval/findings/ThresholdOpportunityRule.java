package dev.domaineval.findings;

import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code THRESHOLD_OPPORTUNITY} (info), per overall-slice choice of an operating point whose
 * threshold meets the domain target that the hard predictions miss. The findings inform and never
 * change a verdict: the gates judge the model's own hard predictions.
 */
final class ThresholdOpportunityRule {
  private ThresholdOpportunityRule() {}

  /** The findings of the operating points of every group. */
  static List<Finding> findings(List<ThresholdChoice> choices) {
    List<Finding> out = new ArrayList<>();
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
                  p.tp() + p.fp() + p.fn() + p.tn()),
              Finding.Effect.INFORMS));
    }
    return out;
  }
}
