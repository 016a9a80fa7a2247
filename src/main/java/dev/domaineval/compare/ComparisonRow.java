package dev.domaineval.compare;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.SliceKey;

/**
 * One metric of one group, baseline against candidate: a row of the {@code comparison} table.
 *
 * @param baseline the baseline model
 * @param candidate the candidate model
 * @param domain the domain, or {@code *} for all domains pooled
 * @param slice the slice and its value
 * @param cls the class of a per-class metric; null for an aggregate one (for a binary domain the
 *     aggregate precision, recall and f1 are the positive class's)
 * @param metric the metric
 * @param baselineValue the baseline's value, equal to its row in the metrics table
 * @param candidateValue the candidate's value, equal to its row in the metrics table
 * @param pValue two-sided p-value: of the exact McNemar test where the metric has one (accuracy,
 *     recalls, specificity), else of the Poisson bootstrap when it is on, else null
 * @param significant whether the difference is significant after Benjamini–Hochberg over every row
 *     of the run that has a p-value; false where there is no p-value
 * @param paired the paired counts behind {@code pValue} (all examples for accuracy, the class's
 *     examples for a recall), or null
 * @param deltaCiLow lower bound of the bootstrap 95 % interval of the delta, or null without
 *     bootstrap
 * @param deltaCiHigh upper bound of that interval, or null
 * @param mde the minimum detectable effect (absolute) at alpha 0.05 and power 0.8 for {@code
 *     support} examples, or NaN when support is 0
 * @param support the number of examples behind the metric: the class's support for a per-class
 *     metric, the group's count otherwise
 */
public record ComparisonRow(
    String baseline,
    String candidate,
    String domain,
    SliceKey slice,
    String cls,
    MetricId metric,
    double baselineValue,
    double candidateValue,
    Double pValue,
    boolean significant,
    PairedCounts paired,
    Double deltaCiLow,
    Double deltaCiHigh,
    double mde,
    long support) {

  /** Candidate minus baseline: positive is better for a metric where higher is better. */
  public double delta() {
    return candidateValue - baselineValue;
  }

  /** Whether the candidate is worse than the baseline by the metric's direction. */
  public boolean isRegression() {
    return metric.isHigherBetter() ? delta() < 0 : metric.isLowerBetter() && delta() > 0;
  }

  public boolean hasPValue() {
    return pValue != null;
  }

  /** A copy with the run-wide significance decision. */
  public ComparisonRow withSignificant(boolean value) {
    return new ComparisonRow(
        baseline,
        candidate,
        domain,
        slice,
        cls,
        metric,
        baselineValue,
        candidateValue,
        pValue,
        value,
        paired,
        deltaCiLow,
        deltaCiHigh,
        mde,
        support);
  }
}
