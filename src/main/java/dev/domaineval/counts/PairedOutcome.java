package dev.domaineval.counts;

/**
 * How a candidate and the baseline fared on one labelled example: the cell of the paired (joint)
 * confusion table that the paired tests read. The ids are the values the pass writes into its
 * {@code predicted} column for paired rows.
 */
public enum PairedOutcome {
  /** Both models predicted the example's label. */
  BOTH_RIGHT("both_right"),
  /** Only the candidate predicted it: the fine-tuning fixed the example. */
  FIXED("fixed"),
  /** Only the baseline predicted it: the fine-tuning broke the example. */
  BROKEN("broken"),
  /** Neither did. */
  BOTH_WRONG("both_wrong");

  private final String id;

  PairedOutcome(String id) {
    this.id = id;
  }

  /** The stable id in the pass's rows. */
  public String id() {
    return id;
  }

  /** Whether the baseline was right. */
  public boolean isBaselineRight() {
    return this == BOTH_RIGHT || this == BROKEN;
  }

  /** Whether the candidate was right. */
  public boolean isCandidateRight() {
    return this == BOTH_RIGHT || this == FIXED;
  }

  /**
   * The outcome with this id.
   *
   * @throws IllegalArgumentException for an unknown id
   */
  public static PairedOutcome fromId(String id) {
    for (PairedOutcome o : values()) {
      if (o.id.equals(id)) {
        return o;
      }
    }
    throw new IllegalArgumentException("Unknown paired outcome '" + id + "'");
  }
}
