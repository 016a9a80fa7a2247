package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.domaineval.config.JobConfig;
import dev.domaineval.config.ScoresSpec;
import dev.domaineval.counts.Reason;
import dev.domaineval.counts.ScoreBuckets;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.scores.ScoreHistogram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the pass counts of each valid score of a binary domain: its label, its bucket at the domain
 * and at the slice resolution, the score, its log loss and its squared error (summed exactly in the
 * {@link dev.domaineval.counts.ScoreSketch}).
 *
 * @param positiveClasses per binary domain, its positive class
 * @param buckets number of domain-level buckets
 * @param sliceBuckets number of slice-level buckets
 */
record ScoreTerms(Map<String, String> positiveClasses, int buckets, int sliceBuckets) {
  ScoreTerms {
    positiveClasses = Collections.unmodifiableMap(new TreeMap<>(positiveClasses));
  }

  /**
   * The fields of a model's input to its score sketch ({@link ScoreSketching#input}), in order:
   * whether the example is of the positive class, its bucket at the domain and at the slice
   * resolution, the score, its log loss and squared error, then the value of every slice dimension
   * (plan order).
   */
  static final List<String> INPUT_FIELDS =
      List.of("positive", "bucket", "slice_bucket", "score", "ll", "br");

  /** The terms of the binary domains of the configuration, at its resolutions. */
  static ScoreTerms of(JobConfig config) {
    Map<String, String> positiveClasses = new TreeMap<>();
    config
        .domains()
        .forEach((name, d) -> d.positiveClass().ifPresent(p -> positiveClasses.put(name, p)));
    return new ScoreTerms(
        positiveClasses,
        ScoresSpec.bucketCount(config.scores().resolution()),
        ScoresSpec.bucketCount(config.scores().sliceResolution()));
  }

  /**
   * Adds per model a struct of the example's score terms ({@link #termsOf}), computed once here
   * rather than in each score row: whether the row counts ({@code n}: labelled, binary domain,
   * valid score), the reconciliation row count and reason, the label as {@code 1}/{@code 0}, both
   * buckets, the score, its log loss (scikit-learn's clipping) and squared error.
   */
  Dataset<Row> addTo(Dataset<Row> examples, List<String> models) {
    Column domain = ExampleJoin.domain();
    Column label = ExampleJoin.label();
    Column labelled = ExampleJoin.isUsable();
    Column binary = domain.isin(positiveClasses.keySet().toArray());
    Column positive = lit(false);
    for (Map.Entry<String, String> e : positiveClasses.entrySet()) {
      positive = when(domain.equalTo(e.getKey()), label.equalTo(e.getValue())).otherwise(positive);
    }
    Column y = when(positive, lit(1.0)).otherwise(lit(0.0));
    Dataset<Row> out = examples;
    for (int i = 0; i < models.size(); i++) {
      Column predicted = labelled.and(binary).and(ExampleJoin.predictionRows(i).gt(0));
      Column score = ExampleJoin.score(i);
      Column valid = predicted.and(ExampleJoin.scoreState(i).equalTo(Reason.VALID_SCORE.id()));
      Column clipped =
          least(
              greatest(score, lit(ScoreHistogram.LOG_LOSS_EPSILON)),
              lit(1 - ScoreHistogram.LOG_LOSS_EPSILON));
      Column logLoss =
          when(positive, negate(log(clipped))).otherwise(negate(log(lit(1.0).minus(clipped))));
      Column error = score.minus(y);
      out =
          out.withColumn(
              termsOf(i),
              struct(
                  when(predicted, lit(1L)).otherwise(lit(0L)).as("rows"),
                  concat(ExampleJoin.scoreState(i), lit(Reason.DETAIL_SEPARATOR + models.get(i)))
                      .as("state"),
                  positive.as("positive"),
                  // Null unless valid: a bad score's row only counts in the reconciliation.
                  when(valid, bucket(score, buckets)).as("bucket"),
                  when(valid, bucket(score, sliceBuckets)).as("slice_bucket"),
                  when(valid, score).as("score"),
                  when(valid, logLoss).as("ll"),
                  when(valid, error.multiply(error)).as("br")));
    }
    return out;
  }

  /** The column of a model's score terms on the examples. */
  private static String termsOf(int model) {
    return "sc_" + model;
  }

  private static Column term(int model, String name) {
    return col(termsOf(model) + "." + name);
  }

  /** 1 when the model's prediction has a score to reconcile (labelled, binary domain), else 0. */
  static Column reconciled(int model) {
    return term(model, "rows");
  }

  /** The reconciliation reason of the model's score: its state and the model. */
  static Column state(int model) {
    return term(model, "state");
  }

  /** The domain-level bucket of a valid score, else null. */
  static Column domainBucket(int model) {
    return term(model, "bucket");
  }

  /** The slice-level bucket of a valid score, else null. */
  static Column sliceBucket(int model) {
    return term(model, "slice_bucket");
  }

  /** A valid score, else null. */
  static Column score(int model) {
    return term(model, "score");
  }

  /** The log loss of a valid score, else null. */
  static Column logLoss(int model) {
    return term(model, "ll");
  }

  /** The squared error of a valid score, else null. */
  static Column brier(int model) {
    return term(model, "br");
  }

  /**
   * A model's input to its (model, domain)'s score sketch (see {@link ScoreSketching#input}):
   * whether the example is positive, both buckets (null unless the score is valid), the score, its
   * log loss and squared error, and the model's slice values.
   */
  static Column sketchInput(int model, List<Column> sliceValues) {
    List<Column> fields = new ArrayList<>();
    fields.add(term(model, "positive").as(INPUT_FIELDS.get(0)));
    fields.add(domainBucket(model).as(INPUT_FIELDS.get(1)));
    fields.add(sliceBucket(model).as(INPUT_FIELDS.get(2)));
    fields.add(score(model).as(INPUT_FIELDS.get(3)));
    fields.add(logLoss(model).as(INPUT_FIELDS.get(4)));
    fields.add(brier(model).as(INPUT_FIELDS.get(5)));
    for (int d = 0; d < sliceValues.size(); d++) {
      fields.add(sliceValues.get(d).cast("string").as(PassRows.dimension(d)));
    }
    return struct(fields.toArray(Column[]::new));
  }

  /** The type of {@link #sketchInput} with {@code dims} slice dimensions. */
  static StructType sketchInputType(int dims) {
    StructType type =
        new StructType()
            .add(INPUT_FIELDS.get(0), DataTypes.BooleanType)
            .add(INPUT_FIELDS.get(1), DataTypes.IntegerType)
            .add(INPUT_FIELDS.get(2), DataTypes.IntegerType)
            .add(INPUT_FIELDS.get(3), DataTypes.DoubleType)
            .add(INPUT_FIELDS.get(4), DataTypes.DoubleType)
            .add(INPUT_FIELDS.get(5), DataTypes.DoubleType);
    for (int d = 0; d < dims; d++) {
      type = type.add(PassRows.dimension(d), DataTypes.StringType);
    }
    return type;
  }

  /** {@link ScoreBuckets#of} as a Spark expression. */
  private static Column bucket(Column score, int buckets) {
    return least(
        floor(score.multiply(lit((double) buckets)).plus(lit(ScoreBuckets.EDGE_TOLERANCE)))
            .cast("int"),
        lit(buckets - 1));
  }
}
