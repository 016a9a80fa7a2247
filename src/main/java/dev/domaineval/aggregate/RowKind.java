package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;

/**
 * What a row of the pass stands for, as stored in its {@link PassRows#KIND} column. The ids are the
 * values the column holds (one character each, kept short because every counted row carries one). A
 * row whose kind is none of these is a reconciliation row, and its kind is the name of the table it
 * reconciles ({@code labels}, {@code predictions}, {@code scores} or a fine-tuning table).
 */
public enum RowKind {
  /**
   * One labelled example with every model's prediction side by side, once per base set; the pass
   * counts these and {@link ExampleRows#perModel} turns the counts into confusion, paired and
   * reconciliation rows.
   */
  EXAMPLE("e"),

  /** One (actual, predicted) cell of a model's confusion matrix. */
  CONFUSION("c"),

  /**
   * Per candidate, the baseline's and the candidate's predictions on an example; {@link
   * PassRows#PREDICTED} holds their {@link dev.domaineval.counts.JointConfusion#pairKey} (keys
   * until the roll-up, classes after it).
   */
  PAIRED("p"),

  /**
   * A score row at the domain level: slice dimensions null, bucket at {@code scores.resolution};
   * {@link PassRows#ACTUAL} is {@code 1} for the positive class and {@code 0} otherwise.
   */
  SCORE_DOMAIN("S"),

  /** A score row with the slice values, bucket at {@code scores.slice-resolution}. */
  SCORE_SLICE("s"),

  /**
   * Text values of an input table that contain U+FFFD, the replacement character: {@link
   * PassRows#REASON} holds the table ({@code labels} or {@code predictions}) and {@link
   * PassRows#COUNT} the values. Not input rows, so not a reconciliation row.
   */
  REPLACEMENT_CHARACTERS("r");

  private final String id;

  RowKind(String id) {
    this.id = id;
  }

  /** The value of the kind column. */
  public String id() {
    return id;
  }

  /** The id as a Spark literal. */
  Column literal() {
    return lit(id);
  }

  /** Whether a kind column's value is this kind. */
  public boolean is(String kind) {
    return id.equals(kind);
  }

  /** Whether a kind column's value is one of the two kinds of score rows. */
  public static boolean isScore(String kind) {
    return SCORE_DOMAIN.is(kind) || SCORE_SLICE.is(kind);
  }
}
