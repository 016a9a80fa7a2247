package dev.domaineval.scores;

import dev.domaineval.slice.GroupKey;
import java.util.Optional;

/**
 * The threshold a domain's policy would choose for one group, next to the model's own hard
 * predictions: a row of the {@code operating_points} table.
 *
 * @param group the model, domain and slice value
 * @param target the policy's floor (on its priority metric) and the metric it maximizes
 * @param chosen the best threshold that reaches the floor; empty when none does
 * @param hard the counts of the model's own hard predictions on the same examples (one-vs-rest for
 *     the positive class), as an operating point with a NaN threshold
 */
public record ThresholdChoice(
    GroupKey group,
    OperatingPoint.Target target,
    Optional<OperatingPoint> chosen,
    OperatingPoint hard) {

  /** Whether the chosen threshold meets the floor where the hard predictions miss it. */
  public boolean isOpportunity() {
    if (chosen.isEmpty()) {
      return false;
    }
    double hardValue =
        target.constraint() == OperatingPoint.Constraint.RECALL_AT_LEAST
            ? hard.recall()
            : hard.precision();
    return hardValue < target.minimum();
  }
}
