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
   * A score row of one prediction of a binary domain: slice dimensions null, its score's state in
   * {@link PassRows#REASON} (it becomes the reconciliation row of the {@link
   * PassRows#SCORES_TABLE}, see {@link ExampleRows#perModel}); its valid scores are counted by the
   * score sketch ({@link ScoreSketching}).
   */
  SCORE_DOMAIN("S"),

  /**
   * The {@link PassRows#SKETCH} of the valid scores of one (model, domain) in one partition of the
   * pass's rows (see {@link SketchPartitions}); {@link PassRows#COUNT} is 1.
   */
  SCORE_SKETCH("K"),

  /**
   * The {@link PassRows#SKETCH} of the examples of one (model, domain) in one partition of the
   * pass's rows (see {@link ExampleSketching}); {@link PassRows#COUNT} is 1.
   */
  EXAMPLE_SKETCH("X"),

  /**
   * The {@link PassRows#SKETCH} of the raw answers of one (model, domain) in one partition that may
   * be invalid (see {@link AnswerSketching}); {@link PassRows#COUNT} is 1.
   */
  ANSWER_SKETCH("A"),

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
    return SCORE_DOMAIN.is(kind) || SCORE_SKETCH.is(kind);
  }

  /** Whether a kind column's value is a sketch row (not a count of input rows). */
  public static boolean isSketch(String kind) {
    return SCORE_SKETCH.is(kind) || EXAMPLE_SKETCH.is(kind) || ANSWER_SKETCH.is(kind);
  }
}
