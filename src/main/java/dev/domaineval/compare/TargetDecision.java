package dev.domaineval.compare;

import dev.domaineval.metrics.WilsonInterval;
import dev.domaineval.metrics.WilsonInterval.Interval;
import java.util.OptionalLong;

/**
 * Decides whether a metric meets a target from its confidence interval rather than its point
 * estimate, so that a gate only passes or fails when the data settle it. Bounds and targets are in
 * the metric's units (fractions for proportions); the interval's bounds are inclusive, and a higher
 * value is better.
 */
public final class TargetDecision {

  /** Whether the interval settles the target. */
  public enum Outcome {
    /** The whole interval is at or above the target: {@code low >= target}. */
    MET,
    /** The whole interval is below the target: {@code high < target}. */
    MISSED,
    /** The interval contains the target: more examples are needed to tell. */
    INCONCLUSIVE
  }

  private TargetDecision() {}

  /**
   * {@link Outcome#MET} when {@code low >= target} (an interval whose inclusive lower bound touches
   * the target meets it), {@link Outcome#MISSED} when {@code high < target}, else {@link
   * Outcome#INCONCLUSIVE}.
   *
   * @param low inclusive lower bound of the interval
   * @param high inclusive upper bound of the interval, {@code >= low}
   * @param target the value to reach
   * @throws IllegalArgumentException if a value is NaN or {@code low > high}
   */
  /**
   * A metric against a target as the gates decide it: on its 95 % interval where it has one, else
   * on its value ({@link Outcome#MET} at or above the target, {@link Outcome#MISSED} below).
   */
  public static Outcome of(dev.domaineval.metrics.MetricValue v, double target) {
    if (v.hasInterval()) {
      return decide(v.ciLow(), v.ciHigh(), target);
    }
    return v.value() >= target ? Outcome.MET : Outcome.MISSED;
  }

  public static Outcome decide(double low, double high, double target) {
    if (Double.isNaN(low) || Double.isNaN(high) || Double.isNaN(target) || low > high) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot decide target %s on interval [%s, %s]: expected numbers with low <= high",
              target, low, high));
    }
    if (low >= target) {
      return Outcome.MET;
    }
    return high < target ? Outcome.MISSED : Outcome.INCONCLUSIVE;
  }

  /**
   * How many more examples would settle the target, assuming the observed proportion p = successes
   * / n stays the same: the total n' >= n at which the 95 % Wilson interval of round(p·n')
   * successes in n' ({@link WilsonInterval}) no longer contains the target, so that {@link #decide}
   * gives {@link Outcome#MET} or {@link Outcome#MISSED}, minus n; 0 when the current interval
   * already settles it. A planning estimate, not a promise: the proportion will move as examples
   * are added.
   *
   * <p>The interval of a fixed proportion narrows as n' grows, so n' is found by doubling from n
   * and then bisecting, never by trying every n'. Rounding the successes to whole examples moves
   * the proportion by up to 0.5 / n', so close to the answer "settled" flickers over a band of
   * sample sizes (for 81 % against 80 %: settled first at 6 050, unsettled last at 6 229; the band
   * narrows relative to n' as 1 / sqrt(n')). The result is a point of that band where the target is
   * settled at n' and not at n' − 1, the same for every {@code maxN}.
   *
   * @param successes observed successes, {@code 0 <= successes <= n}
   * @param n observed examples, {@code >= 0}
   * @param target the proportion to reach, in [0, 1]
   * @param maxN the largest total sample size n' to report
   * @return the additional examples n' − n; empty when p equals the target exactly (no sample size
   *     settles it), when {@code n == 0} (no proportion observed) or when n' > maxN
   * @throws IllegalArgumentException if the counts or the target are out of range
   */
  public static OptionalLong examplesToSettle(long successes, long n, double target, long maxN) {
    if (n < 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid binomial counts to project: successes=%d, n=%d; expected 0 <= successes"
                  + " <= n",
              successes, n));
    }
    if (!(target >= 0 && target <= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid target %s for a proportion: expected a number in [0, 1], such as 0.8",
              target));
    }
    if (n == 0) {
      return OptionalLong.empty();
    }
    double p = (double) successes / n;
    if (p == target) {
      return OptionalLong.empty();
    }
    if (isSettled(p, n, target)) {
      return OptionalLong.of(0);
    }
    // Invariant: the target is not settled at n' = unsettled and is at n' = settled. The search
    // path depends on n only, not on maxN, so the answer does not either.
    long unsettled = n;
    long step = n;
    long settled;
    while (true) {
      if (unsettled >= maxN) {
        return OptionalLong.empty();
      }
      settled = Long.MAX_VALUE - unsettled <= step ? Long.MAX_VALUE : unsettled + step;
      if (isSettled(p, settled, target)) {
        break;
      }
      if (settled == Long.MAX_VALUE) {
        return OptionalLong.empty();
      }
      unsettled = settled;
      step = step > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * step;
    }
    while (settled - unsettled > 1) {
      long middle = unsettled + (settled - unsettled) / 2;
      if (isSettled(p, middle, target)) {
        settled = middle;
      } else {
        unsettled = middle;
      }
    }
    return settled <= maxN ? OptionalLong.of(settled - n) : OptionalLong.empty();
  }

  private static boolean isSettled(double p, long total, double target) {
    // min(total, ·): p·total in double can round above total when total exceeds 2^53.
    long successes = Math.min(total, Math.round(p * total));
    Interval interval = WilsonInterval.of(successes, total).orElseThrow();
    return decide(interval.low(), interval.high(), target) != Outcome.INCONCLUSIVE;
  }
}
