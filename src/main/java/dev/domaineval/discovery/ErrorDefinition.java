package dev.domaineval.discovery;

import dev.domaineval.compare.McNemar;
import dev.domaineval.compare.PairedCounts;

/**
 * What counts as an error when searching for slices, and how a found slice is confirmed. Each
 * definition is searched on its own; its id appears in the outputs.
 */
public enum ErrorDefinition {
  /**
   * The baseline right, the candidate wrong: where fine-tuning broke things. Confirmed by the
   * one-sided exact McNemar test of the slice's fixed and broken examples ({@link
   * McNemar#exactOneSidedPValue}).
   */
  BROKEN("broken"),
  /**
   * The candidate wrong, whatever the baseline did. Confirmed by the one-sided Fisher exact test of
   * the candidate's error rate in the slice against the rest of the domain ({@link FisherExact}).
   */
  WRONG("wrong");

  private final String id;

  ErrorDefinition(String id) {
    this.id = id;
  }

  /** The id in the outputs: {@code broken} or {@code wrong}. */
  public String id() {
    return id;
  }

  /** The number of errors among the examples of {@code counts}. */
  public long errors(PairedCounts counts) {
    return switch (this) {
      case BROKEN -> counts.broken();
      case WRONG -> Math.addExact(counts.broken(), counts.bothWrong());
    };
  }

  /**
   * The one-sided p-value of "the candidate is worse in this slice", from confirmation-half counts:
   * for {@link #BROKEN}, that it breaks more examples of the slice than it fixes; for {@link
   * #WRONG}, that its error rate in the slice exceeds that of the rest of the domain.
   *
   * @param slice the slice's counts
   * @param domain the domain's counts, the slice's included
   */
  public double confirmationPValue(PairedCounts slice, PairedCounts domain) {
    return switch (this) {
      case BROKEN -> McNemar.exactOneSidedPValue(slice.fixed(), slice.broken());
      case WRONG -> FisherExact.greaterPValue(errors(slice), slice.n(), errors(domain), domain.n());
    };
  }
}
