package dev.domaineval.compare;

import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.Ratio;

/**
 * Paired outcome of the baseline and the candidate on the same examples: numbers of examples
 * (counted, not weighted), each {@code >= 0}. "Right" means the model's prediction equals the
 * label; an invalid or missing prediction is wrong.
 *
 * @param bothRight examples both models got right
 * @param fixed examples the baseline got wrong and the candidate right
 * @param broken examples the baseline got right and the candidate wrong
 * @param bothWrong examples both models got wrong
 */
public record PairedCounts(long bothRight, long fixed, long broken, long bothWrong) {

  public PairedCounts {
    if (bothRight < 0 || fixed < 0 || broken < 0 || bothWrong < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid paired counts: negative value in bothRight=%s fixed=%s broken=%s"
                  + " bothWrong=%s; counts are numbers of examples and must be >= 0",
              bothRight, fixed, broken, bothWrong));
    }
  }

  /**
   * The counts of {@code count} examples with the given outcome, all other cells 0.
   *
   * @param baselineRight whether the baseline got these examples right
   * @param candidateRight whether the candidate got these examples right
   * @param count number of examples, {@code >= 0}
   */
  public static PairedCounts of(boolean baselineRight, boolean candidateRight, long count) {
    if (baselineRight) {
      return candidateRight ? new PairedCounts(count, 0, 0, 0) : new PairedCounts(0, 0, count, 0);
    }
    return candidateRight ? new PairedCounts(0, count, 0, 0) : new PairedCounts(0, 0, 0, count);
  }

  /** The paired outcomes of a joint confusion's examples. */
  public static PairedCounts of(JointConfusion joint) {
    long[] o = joint.pairedOutcomes();
    return new PairedCounts(o[0], o[1], o[2], o[3]);
  }

  /** Number of examples (N). */
  public long n() {
    return Math.addExact(Math.addExact(bothRight, fixed), Math.addExact(broken, bothWrong));
  }

  /** Number of examples on which the two models disagree in correctness: fixed + broken. */
  public long discordant() {
    return Math.addExact(fixed, broken);
  }

  /**
   * Fraction of examples whose correctness flipped between baseline and candidate, in [0, 1]; 0.0
   * without examples (the zero-denominator policy of {@link Ratio}).
   */
  public double flipRate() {
    return Ratio.of(discordant(), n());
  }

  /** The counts of these examples without those of {@code o}, a subset of them. */
  public PairedCounts minus(PairedCounts o) {
    return new PairedCounts(
        Math.subtractExact(bothRight, o.bothRight),
        Math.subtractExact(fixed, o.fixed),
        Math.subtractExact(broken, o.broken),
        Math.subtractExact(bothWrong, o.bothWrong));
  }

  /** Counts of the union of both sets of examples (counts are additive). */
  public PairedCounts plus(PairedCounts o) {
    return new PairedCounts(
        Math.addExact(bothRight, o.bothRight),
        Math.addExact(fixed, o.fixed),
        Math.addExact(broken, o.broken),
        Math.addExact(bothWrong, o.bothWrong));
  }
}
