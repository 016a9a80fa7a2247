package dev.domaineval.aggregate;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the rows the pass counts ({@link ExampleRows#rows()}) and of their counts. The
 * Java names say what a column holds; the Spark names are short because every counted row carries
 * them.
 *
 * <p>Every row has {@link #KIND} .. {@link #BASE_SET} and one column per slice dimension ({@code
 * s_<d>}); example rows also have the further models' predictions and prediction-side slice values
 * ({@link #wideColumns}); with scores or the examples table on, {@link #SKETCH}.
 */
public final class PassRows {
  /** A {@link RowKind} id, else the reconciled table: labels, predictions, scores, training. */
  public static final String KIND = "kind";

  public static final String MODEL = "model";
  public static final String DOMAIN = "domain";
  public static final String ACTUAL = "actual";

  /**
   * The normalised prediction key (trimmed, lower-cased unless case-sensitive), or {@code
   * (invalid)}; on an example row the first model's key, on a paired row the pair key of the
   * baseline's and the candidate's (see {@link dev.domaineval.counts.JointConfusion#pairKey}).
   */
  public static final String PREDICTED = "predicted";

  /**
   * The reconciliation reason; on an example row which models have a prediction (one character per
   * model, {@code 1} or {@code 0}); on a domain-level score row the score's state.
   */
  public static final String REASON = "reason";

  /** How many rows a row stands for: 1 per row before counting, the sum after. */
  public static final String COUNT = "n";

  /**
   * The base set a row is counted in, as its grouping id ({@code SlicePlan.baseSetId}): rows that
   * carry slice values come once per base set, with the dimensions outside it null.
   */
  public static final String BASE_SET = "base";

  /**
   * With scores or the examples table on: a sketch row's bytes (a piece of a partition's {@link
   * dev.domaineval.counts.ScoreSketch} or {@link dev.domaineval.counts.ExampleSketch}, see {@link
   * SketchPartitions}); null on other rows.
   */
  public static final String SKETCH = "sketch";

  /**
   * With slice discovery on: on an example row of the finest-grain base set, and on the paired rows
   * counted from it, the example's half (0: discovery, 1: confirmation; the lowest bit of the
   * xxhash64 of its id, see {@link dev.domaineval.discovery.Half#ofHash}); null on other rows, so
   * only the finest grain's paired counts are split in two.
   */
  public static final String HALF = "half";

  /**
   * On an example row of the first base set, the rule that decided the first model's prediction key
   * ({@link dev.domaineval.input.AnswerChain.Rule}; {@code rule_<i>} model i's, see {@link
   * #ruleOf}); on a confusion row counted from it, its model's, when the model has a prediction;
   * null on other rows.
   */
  public static final String RULE = "rule";

  /** The reconciled table of labels. */
  public static final String LABELS_TABLE = "labels";

  /** The reconciled table of predictions. */
  public static final String PREDICTIONS_TABLE = "predictions";

  /** The reconciled "table" of scores: matched predictions of binary domains by score state. */
  public static final String SCORES_TABLE = "scores";

  private PassRows() {}

  /** The column of a slice dimension, by its position in the plan. */
  static String dimension(int d) {
    return "s_" + d;
  }

  /** The column of model {@code model}'s prediction key on an example row (model 0: PREDICTED). */
  static String predictedBy(int model) {
    return model == 0 ? PREDICTED : PREDICTED + "_" + model;
  }

  /** The column of the rule of model {@code model}'s prediction on an example row. */
  static String ruleOf(int model) {
    return model == 0 ? RULE : RULE + "_" + model;
  }

  /** The rule columns of an example row, one per model. */
  static List<String> ruleColumns(int models) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < models; i++) {
      names.add(ruleOf(i));
    }
    return names;
  }

  /** The column of model {@code model}'s value of prediction-side dimension {@code d}. */
  static String dimensionOf(int d, int model) {
    return "s_" + d + "_" + model;
  }

  /**
   * The columns of an example row beyond the common ones: {@code predicted_<i>} for each model
   * after the first, then {@code s_<d>_<i>} for each of them and each prediction-side dimension.
   */
  static List<String> wideColumns(int models, List<Integer> predictionSideDimensions) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i < models; i++) {
      names.add(predictedBy(i));
    }
    for (int i = 1; i < models; i++) {
      for (int d : predictionSideDimensions) {
        names.add(dimensionOf(d, i));
      }
    }
    return names;
  }
}
