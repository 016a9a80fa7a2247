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
 * @param test the paired test of the row and the 95 % interval of its delta: the exact McNemar test
 *     with Newcombe's interval for accuracy, recalls and specificity, the delta method for every
 *     other metric (see {@link PairedTestMethod})
 * @param significant whether the difference is significant after Benjamini–Hochberg over every row
 *     of the run that has a p-value; false where there is no p-value
 * @param paired the paired counts behind a McNemar test (all examples for accuracy, the class's
 *     examples for a recall), or null
 * @param bootstrap the Poisson bootstrap's p-value and interval of the delta, or null without
 *     bootstrap and for a group outside {@code bootstrap.scope}
 * @param mde the minimum detectable effect (absolute) at alpha 0.05 and power 0.8 for {@code
 *     support} examples, or NaN when support is 0
 * @param support the number of examples behind the metric: the class's support for a per-class
 *     metric, the group's count otherwise
 * @param margin the smallest change of the metric that matters on the row's domain (absolute)
 * @param examples the number of examples of the group
 * @param pValueAdjusted the Benjamini–Hochberg adjusted p-value (q-value) over every row of the run
 *     that has a p-value, the one {@code significant} is decided on ({@code significant} is {@code
 *     pValueAdjusted <= alpha}); a headline row that repeats a per-class test has that test's; null
 *     where there is no p-value or before the correction
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
    PairedTestResult test,
    boolean significant,
    PairedCounts paired,
    Bootstrap.Estimate bootstrap,
    double mde,
    long support,
    double margin,
    long examples,
    Double pValueAdjusted) {

  public ComparisonRow {
    java.util.Objects.requireNonNull(test, "test");
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("Invalid margin " + margin + ": expected >= 0");
    }
  }

  /** Candidate minus baseline: positive is better for a metric where higher is better. */
  public double delta() {
    return candidateValue - baselineValue;
  }

  /** Whether the candidate is worse than the baseline by the metric's direction. */
  public boolean isRegression() {
    return metric.isHigherBetter() ? delta() < 0 : metric.isLowerBetter() && delta() > 0;
  }

  /** The p-value of the row's test, or null. */
  public Double pValue() {
    return test.pValue();
  }

  public boolean hasPValue() {
    return test.pValue() != null;
  }

  /** The lower bound of the 95 % interval of the delta, or null. */
  public Double deltaCiLow() {
    return test.low();
  }

  /** The upper bound of the 95 % interval of the delta, or null. */
  public Double deltaCiHigh() {
    return test.high();
  }

  /**
   * The change in the direction of improvement: the delta, negated for a metric where lower is
   * better, so that a drop is always negative.
   */
  public double improvement() {
    return metric.isLowerBetter() ? -delta() : delta();
  }

  /** The lower bound of the interval of {@link #improvement()}, or null. */
  public Double improvementLow() {
    if (!test.hasInterval()) {
      return null;
    }
    return metric.isLowerBetter() ? -test.high() : test.low();
  }

  /** The upper bound of the interval of {@link #improvement()}, or null. */
  public Double improvementHigh() {
    if (!test.hasInterval()) {
      return null;
    }
    return metric.isLowerBetter() ? -test.low() : test.high();
  }

  /**
   * What the row says given its margin (see {@link Decision}), or null for a row without a p-value
   * or interval (too few examples for its test).
   */
  public Decision decision() {
    if (!hasPValue() || !test.hasInterval()) {
      return null;
    }
    double change = improvement();
    if (significant && change < 0) {
      return -change > margin ? Decision.WORSE : Decision.WORSE_WITHIN_MARGIN;
    }
    if (significant && change > 0) {
      return Decision.BETTER;
    }
    return improvementLow() >= -margin ? Decision.NOT_WORSE : Decision.INCONCLUSIVE;
  }

  /**
   * Whether the interval rules out a drop larger than the margin (non-inferiority): its lower bound
   * in the direction of improvement is at or above {@code -margin}.
   */
  public boolean isShownNotWorse() {
    Double low = improvementLow();
    return low != null && low >= -margin;
  }

  /**
   * For an {@link Decision#INCONCLUSIVE} row, about how many examples of the group would settle it,
   * at the observed proportions: enough to put the interval's lower bound at or above {@code
   * -margin} when the observed change is above it, or to exclude 0 from the interval when the drop
   * is beyond the margin. For a McNemar row the paired counts are scaled and Newcombe's interval
   * recomputed until it holds (its width does not shrink as 1/√n at small counts); for a
   * delta-method row the Wald interval's width scales as 1/√n exactly. Null otherwise, or when the
   * change sits exactly on the margin.
   */
  public Long examplesToDecide() {
    if (decision() != Decision.INCONCLUSIVE) {
      return null;
    }
    double change = improvement();
    if (change == -margin) {
      return null;
    }
    boolean above = change > -margin;
    if (paired != null && paired.n() > 0) {
      return scaledUntilDecided(above);
    }
    double width = above ? change - improvementLow() : improvementHigh() - change;
    double room = above ? change + margin : -change;
    if (!(room > 0) || !(width > 0)) {
      return null;
    }
    double needed = Math.ceil(examples * (width / room) * (width / room));
    return needed >= Long.MAX_VALUE ? null : Math.max(examples + 1, (long) needed);
  }

  /** The smallest multiple of the examples whose scaled paired counts decide the row. */
  private Long scaledUntilDecided(boolean above) {
    double low = 1;
    double high = 2;
    double limit = 1e12 / paired.n();
    while (!decidedAt(high, above)) {
      low = high;
      high *= 2;
      if (high > limit) {
        return null;
      }
    }
    for (int i = 0; i < 60 && high - low > 1e-9 * high; i++) {
      double mid = (low + high) / 2;
      if (decidedAt(mid, above)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return (long) Math.ceil(examples * high);
  }

  private boolean decidedAt(double scale, boolean above) {
    PairedDifferenceInterval.Interval ci =
        PairedDifferenceInterval.of(
            Math.round(paired.bothRight() * scale),
            Math.round(paired.fixed() * scale),
            Math.round(paired.broken() * scale),
            Math.round(paired.bothWrong() * scale));
    return above ? ci.low() >= -margin : ci.high() < 0;
  }

  /** A copy with the run-wide significance decision. */
  public ComparisonRow withSignificant(boolean value) {
    return withSignificance(value, pValueAdjusted);
  }

  /** This row with its decision after the correction and its adjusted p-value. */
  public ComparisonRow withSignificance(boolean value, Double adjusted) {
    return new ComparisonRow(
        baseline,
        candidate,
        domain,
        slice,
        cls,
        metric,
        baselineValue,
        candidateValue,
        test,
        value,
        paired,
        bootstrap,
        mde,
        support,
        margin,
        examples,
        adjusted);
  }
}
