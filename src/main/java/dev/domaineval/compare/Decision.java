package dev.domaineval.compare;

/**
 * What a comparison row says about the candidate against the baseline, given the margin (the
 * smallest change that matters) of its domain and metric. "Worse" follows the metric's direction.
 * The ids are the {@code decision} column of the comparison table.
 */
public enum Decision {
  /** Significantly worse (after Benjamini–Hochberg), by more than the margin. */
  WORSE("worse"),
  /** Significantly worse, by no more than the margin: reported, never gating. */
  WORSE_WITHIN_MARGIN("worse_within_margin"),
  /** Significantly better. */
  BETTER("better"),
  /**
   * Not significantly different, and the 95 % interval rules out a drop larger than the margin: not
   * worse (non-inferior).
   */
  NOT_WORSE("not_worse"),
  /**
   * Not significantly different, and the interval still allows a drop larger than the margin: the
   * data cannot tell.
   */
  INCONCLUSIVE("inconclusive");

  private final String id;

  Decision(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
