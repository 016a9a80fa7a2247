package dev.domaineval.input;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.domaineval.config.InputSpec;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.ScoresSpec;
import dev.domaineval.config.SliceSpec;
import dev.domaineval.config.SliceSpec.TableRef;
import dev.domaineval.counts.FixedPointSum;
import dev.domaineval.counts.PairedOutcome;
import dev.domaineval.counts.Reason;
import dev.domaineval.counts.ScoreBuckets;
import dev.domaineval.scores.ScoreHistogram;
import dev.domaineval.slice.SliceKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins predictions to labels, one row per (example, selected model), in one shuffle.
 *
 * <p>Both tables are projected to the needed columns, put in one union and grouped by example id
 * once. Per example the group yields the label row (and how many there were), each selected model's
 * prediction (and how many), and the number of rows of other models. From that one row per example
 * come:
 *
 * <ul>
 *   <li>one confusion row per selected model when the example has a label: a missing prediction is
 *       the predicted value {@code (invalid)};
 *   <li>one paired row per candidate when the example has a label: whether the baseline and the
 *       candidate were right on it, for the paired tests;
 *   <li>reconciliation rows that account for every input row of both tables, each under exactly one
 *       reason.
 * </ul>
 *
 * <p>The output ({@link #rows()}) has the columns of {@link #KIND} .. {@link #N}. Predictions are
 * kept as their normalised match key (trimmed, lower-cased unless case-sensitive): whether a key is
 * a valid class is decided after counting, when every domain's label set is known.
 */
public final class ExampleJoin {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleJoin.class);

  /** {@code c} for a confusion row, else the reconciled table: labels or predictions. */
  public static final String KIND = "kind";

  public static final String MODEL = "model";
  public static final String DOMAIN = "domain";
  public static final String ACTUAL = "actual";

  /** The normalised prediction key, or {@code (invalid)}. */
  public static final String PREDICTED = "predicted";

  public static final String REASON = "reason";

  /** Values of a leakage slice. */
  public static final String LEAKED = "leaked";

  public static final String CLEAN = "clean";

  /** In the union: the candidate whose training row this is (null for labels and predictions). */
  private static final String TRAINING = "t";

  public static final String N = "n";

  /**
   * With scores on: the score bucket of a score row (null on other rows); the resolution is the
   * domain-level one on {@link #SCORE_DOMAIN} rows and the slice one on {@link #SCORE_SLICE} rows.
   */
  public static final String BUCKET = "bucket";

  /** With scores on: the score of a score row (summed: the bucket's score sum). */
  public static final String SCORE_SUM = "score_sum";

  /** With scores on: the example's log loss (scikit-learn's clipping), summed. */
  public static final String LOG_LOSS = "log_loss";

  /** With scores on: the example's squared error (score − y)², summed. */
  public static final String BRIER = "brier";

  /** With scores on: the summed terms of a score row. */
  private static final List<String> SCORE_TERMS = List.of(SCORE_SUM, LOG_LOSS, BRIER);

  /**
   * With scores on: the columns of the score sums of a score row, each of {@link #SCORE_TERMS} as
   * the high and low part of an exact fixed-point sum (see {@link FixedPointSum}): {@code
   * <sum>_hi}, {@code <sum>_lo}.
   */
  public static final List<String> SUM_COLUMNS =
      SCORE_TERMS.stream().flatMap(t -> java.util.stream.Stream.of(high(t), low(t))).toList();

  /** The column of the high part of a score sum. */
  public static String high(String sum) {
    return sum + "_hi";
  }

  /** The column of the low part of a score sum. */
  public static String low(String sum) {
    return sum + "_lo";
  }

  /**
   * A score row at the domain level: slice dimensions null, bucket at {@code scores.resolution};
   * {@link #ACTUAL} is {@code 1} for the positive class and {@code 0} otherwise.
   */
  public static final String SCORE_DOMAIN = "S";

  /** A score row with the slice values, bucket at {@code scores.slice-resolution}. */
  public static final String SCORE_SLICE = "s";

  /** The reconciled "table" of scores: matched predictions of binary domains by score state. */
  public static final String SCORES_TABLE = "scores";

  /**
   * With bootstrap on, the array of the example's Poisson weights, one per replicate, on confusion
   * rows; null on other rows.
   */
  public static final String WEIGHTS = "w";

  public static final String CONFUSION = "c";

  /**
   * An example row, the form in which the pass counts a labelled example: one row per example (and
   * base set) with every model's prediction side by side — {@link #PREDICTED} holds the first
   * model's key, {@code predicted_<i>} model i's, and prediction-side slice dimensions have a
   * column {@code s_<d>_<i>} per further model; {@link #REASON} holds which models have a
   * prediction (one character per model, {@code 1} or {@code 0}). {@link #perModel} turns the
   * counted example rows into the confusion, paired and reconciliation rows that they stand for:
   * counting one row per example rather than one per model and candidate is what keeps the pass
   * near the cost of a plain join.
   */
  public static final String EXAMPLE = "e";

  /**
   * The base set a row is counted in, as its grouping id ({@code SlicePlan.baseSetId}): rows that
   * carry slice values come once per base set, with the dimensions outside it null.
   */
  public static final String BASE = "base";

  /**
   * A paired row: per candidate and example, whether the baseline and the candidate were right;
   * {@link #PREDICTED} holds a {@link PairedOutcome} id.
   */
  public static final String PAIRED = "p";

  public static final String INVALID = "(invalid)";

  private final Dataset<Row> rows;
  private final List<String> dimensionColumns;
  private final Resolved labels;
  private final Resolved predictions;
  private final List<TableRef> dimensionSources;
  private final int replicates;
  private final Map<String, Long> trainingRowsByText;
  private final boolean scored;
  private final List<String> models;
  private final boolean caseSensitive;
  private final List<Integer> wideDims;

  /**
   * The layout of the output rows: number of slice dimensions, of bootstrap replicates, and the
   * score buckets (null with scores off).
   */
  private record Shape(
      int dims,
      int replicates,
      ScoreShape scores,
      List<Set<Integer>> baseSets,
      List<Long> baseIds,
      int models,
      List<Integer> wideDims) {
    boolean hasScores() {
      return scores != null;
    }

    /** The base set of rows without slice values (reconciliation and domain-level score rows). */
    Column firstBase() {
      return lit(baseIds.get(0));
    }
  }

  /**
   * How score rows are made.
   *
   * @param positiveClasses per binary domain, its positive class
   * @param buckets number of domain-level buckets
   * @param sliceBuckets number of slice-level buckets
   */
  private record ScoreShape(Map<String, String> positiveClasses, int buckets, int sliceBuckets) {}

  /** An opened input table and the actual names of its canonical columns. */
  private record Resolved(InputSpec spec, Dataset<Row> df, String id, String main, String extra) {}

  private ExampleJoin(
      Dataset<Row> rows,
      List<String> dims,
      List<TableRef> dimensionSources,
      int replicates,
      Map<String, Long> trainingRowsByText,
      Resolved labels,
      Resolved predictions,
      boolean scored,
      List<String> models,
      boolean caseSensitive,
      List<Integer> wideDims) {
    this.rows = rows;
    this.models = List.copyOf(models);
    this.caseSensitive = caseSensitive;
    this.wideDims = List.copyOf(wideDims);
    this.scored = scored;
    this.replicates = replicates;
    this.trainingRowsByText = Map.copyOf(trainingRowsByText);
    this.dimensionColumns = List.copyOf(dims);
    // A leakage slice reads no table: its source is null.
    this.dimensionSources =
        java.util.Collections.unmodifiableList(new ArrayList<>(dimensionSources));
    this.labels = labels;
    this.predictions = predictions;
  }

  /**
   * Opens and checks the inputs and defines the joined rows (lazily: nothing is read here but
   * schemas, except the distinct text hashes of fine-tuning data matched by text, which are read
   * once to be broadcast).
   *
   * @throws InvalidInputException when an input or column is missing or has a wrong type, or a
   *     slice does not resolve
   */
  public static ExampleJoin define(SparkSession spark, JobConfig config, SlicePlan plan) {
    InputReader reader = new InputReader(spark);
    InputSpec ls = config.labels();
    InputSpec ps = config.predictions();
    Dataset<Row> labelsDf = reader.open(ls);
    Dataset<Row> predsDf = reader.open(ps);

    Resolved labels =
        new Resolved(
            ls,
            labelsDf,
            text(labelsDf, ls, "example_id"),
            text(labelsDf, ls, "label"),
            text(labelsDf, ls, "domain"));
    Resolved predictions =
        new Resolved(
            ps,
            predsDf,
            text(predsDf, ps, "example_id"),
            text(predsDf, ps, "prediction"),
            text(predsDf, ps, "model"));
    if (ls.column("split").isPresent()) {
      text(labelsDf, ls, "split");
    }
    String scoreColumn = null;
    if (ps.column("score").isPresent()) {
      scoreColumn = InputReader.column(predsDf, ps, "score");
      InputReader.checkType(predsDf, ps, "score", scoreColumn, InputReader.Expect.NUMBER);
    }
    ScoreShape scoreShape = null;
    Map<String, String> positiveClasses = new java.util.TreeMap<>();
    config
        .domains()
        .forEach((name, d) -> d.positiveClass().ifPresent(p -> positiveClasses.put(name, p)));
    if (scoreColumn != null && !positiveClasses.isEmpty()) {
      scoreShape =
          new ScoreShape(
              positiveClasses,
              ScoresSpec.bucketCount(config.scores().resolution()),
              ScoresSpec.bucketCount(config.scores().sliceResolution()));
    } else if (scoreColumn != null) {
      LOG.info(
          "The predictions have a score column but no domain has a positive-class: no score"
              + " metrics (they are defined for binary domains)");
    }

    List<String> dims = new ArrayList<>();
    List<Column> labelDims = new ArrayList<>();
    List<Column> predDims = new ArrayList<>();
    List<TableRef> dimSource = new ArrayList<>();
    for (int i = 0; i < plan.dimensions().size(); i++) {
      SliceSpec s = plan.dimensions().get(i);
      String alias = "s_" + i;
      dims.add(alias);
      if (s.kind() == SliceSpec.Kind.LEAKAGE) {
        // Known per example only after the grouping: see leakageDims.
        dimSource.add(null);
        continue;
      }
      TableRef source = sourceOf(s, labelsDf, predsDf);
      dimSource.add(source);
      Column value =
          coalesce(expr("CAST((" + sliceSql(s) + ") AS STRING)"), lit(SliceKey.NULL_VALUE))
              .as(alias);
      (source == TableRef.LABELS ? labelDims : predDims).add(value);
    }

    String labelExpr = "nullif(trim(CAST(" + quote(labels.main()) + " AS STRING)), '')";
    String domainExpr =
        "coalesce(nullif(trim(CAST("
            + quote(labels.extra())
            + " AS STRING)), ''), '"
            + SliceKey.NULL_VALUE
            + "')";
    String keyExpr = "nullif(trim(CAST(" + quote(predictions.main()) + " AS STRING)), '')";
    if (!config.caseSensitive()) {
      keyExpr = "lower(" + keyExpr + ")";
    }

    List<String> models = config.models();
    List<Training> training = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      InputSpec ts = config.training().get(models.get(i));
      if (ts != null) {
        training.add(Training.open(reader, ts, i));
      }
    }
    Map<String, Long> trainingRowsByText = new java.util.TreeMap<>();
    for (Training t : training) {
      if (t.text() != null) {
        String labelText = InputReader.column(labelsDf, ls, "text");
        InputReader.checkType(labelsDf, ls, "text", labelText, InputReader.Expect.TEXT);
        labelsDf =
            labelsDf.join(
                broadcast(t.textHashes(spark, trainingRowsByText)),
                textHash(quote(labelText)).equalTo(col(t.hashColumn())),
                "left_outer");
      }
    }

    List<Column> lFields = new ArrayList<>();
    // The first field orders a row with a label before a row without one, so that keep-one
    // keeps a labelled row when an id has both.
    lFields.add(expr(labelExpr + " IS NULL").as("label_missing"));
    lFields.add(expr(labelExpr).as("label"));
    lFields.add(expr(domainExpr).as("domain"));
    lFields.addAll(labelDims);
    for (Training t : training) {
      if (t.text() != null) {
        lFields.add(col(t.hashColumn()).isNotNull().as("leak_text_" + t.model()));
      }
    }
    List<Column> pFields = new ArrayList<>();
    pFields.add(expr(keyExpr).as("key"));
    pFields.addAll(predDims);
    if (scoreShape != null) {
      // try_cast: a text that is no number is a bad score of its own kind, not a failed run.
      Column raw = expr(quote(scoreColumn));
      Column score = expr("try_cast(" + quote(scoreColumn) + " AS DOUBLE)");
      pFields.add(score.as("score"));
      pFields.add(
          when(raw.isNull(), lit(Reason.NULL_SCORE.id()))
              .when(score.isNull(), lit(Reason.UNPARSEABLE_SCORE.id()))
              .when(isnan(score), lit(Reason.NAN_SCORE.id()))
              .when(score.lt(0).or(score.gt(1)), lit(Reason.OUT_OF_RANGE_SCORE.id()))
              .otherwise(lit(Reason.VALID_SCORE.id()))
              .as("score_state"));
    }

    Dataset<Row> labelRows =
        labelsDf.select(
            expr("CAST(" + quote(labels.id()) + " AS STRING)").as("example_id"),
            struct(lFields.toArray(Column[]::new)).as("l"),
            lit(null).cast("string").as(MODEL));
    Dataset<Row> predRows =
        predsDf.select(
            expr("CAST(" + quote(predictions.id()) + " AS STRING)").as("example_id"),
            expr("trim(CAST(" + quote(predictions.extra()) + " AS STRING))").as(MODEL),
            struct(pFields.toArray(Column[]::new)).as("p"));
    DataType lType = labelRows.schema().apply("l").dataType();
    DataType pType = predRows.schema().apply("p").dataType();
    Dataset<Row> union =
        labelRows
            .withColumn("p", lit(null).cast(pType))
            .withColumn(TRAINING, lit(null).cast("string"))
            .unionByName(
                predRows
                    .withColumn("l", lit(null).cast(lType))
                    .withColumn(TRAINING, lit(null).cast("string")));
    for (Training t : training) {
      if (t.id() != null) {
        union =
            union.unionByName(
                t.df()
                    .select(
                        expr("CAST(" + quote(t.id()) + " AS STRING)").as("example_id"),
                        lit(null).cast(lType).as("l"),
                        lit(null).cast("string").as(MODEL),
                        lit(null).cast(pType).as("p"),
                        lit(models.get(t.model())).as(TRAINING)));
      }
    }

    List<Column> aggs = new ArrayList<>();
    aggs.add(min(col("l")).as("l"));
    for (int i = 0; i < models.size(); i++) {
      Column isModel = col(MODEL).equalTo(lit(models.get(i)));
      aggs.add(count(when(isModel, lit(1))).as("n_" + i));
      aggs.add(min(when(isModel, col("p"))).as("p_" + i));
    }
    Column selected = col(MODEL).isin(models.toArray());
    Column isPrediction = col("l").isNull().and(col(TRAINING).isNull());
    aggs.add(
        count(when(isPrediction.and(col(MODEL).isNull().or(not(selected))), lit(1))).as("n_other"));
    for (Training t : training) {
      if (t.id() != null) {
        aggs.add(
            count(when(col(TRAINING).equalTo(lit(models.get(t.model()))), lit(1)))
                .as("t_" + t.model()));
      }
    }
    Dataset<Row> perExample =
        union
            .repartition(col("example_id"))
            .groupBy(col("example_id"))
            .agg(count(col("l")).as("n_labels"), aggs.toArray(Column[]::new));

    for (Training t : training) {
      Column leaked = lit(false);
      if (t.id() != null) {
        leaked = leaked.or(col("t_" + t.model()).gt(0));
      }
      if (t.text() != null) {
        leaked = leaked.or(coalesce(col("l.leak_text_" + t.model()), lit(false)));
      }
      perExample = perExample.withColumn("leak_" + t.model(), leaked);
    }
    for (int d = 0; d < dims.size(); d++) {
      SliceSpec s = plan.dimensions().get(d);
      if (s.kind() == SliceSpec.Kind.LEAKAGE) {
        perExample =
            perExample.withColumn(
                dims.get(d),
                when(col("leak_" + models.indexOf(s.sql())), lit(LEAKED)).otherwise(lit(CLEAN)));
      }
    }
    List<Long> baseIds = new ArrayList<>();
    for (int b = 0; b < plan.baseSets().size(); b++) {
      baseIds.add(plan.baseSetId(b));
    }
    List<Integer> wideDims = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      if (dimSource.get(d) == TableRef.PREDICTIONS) {
        wideDims.add(d);
      }
    }
    Shape shape =
        new Shape(
            dims.size(),
            config.bootstrapReplicates(),
            scoreShape,
            plan.baseSets(),
            baseIds,
            models.size(),
            wideDims);
    if (shape.hasScores()) {
      perExample = withScoreTerms(perExample, models, shape);
    }
    if (shape.replicates() > 0) {
      perExample =
          withBootstrapWeights(perExample, config.bootstrapReplicates(), config.bootstrapSeed());
    }
    Dataset<Row> joined =
        perExample
            .select(
                explode(outputRows(models, dims, dimSource, shape, lit(true), training)).as("r"))
            .where(col("r." + N).gt(0))
            .select(col("r.*"));
    if (shape.hasScores()) {
      joined = withFixedPointSums(joined);
    }
    LOG.info(
        "Defined the join of {} and {} for models {} with {} slice dimensions",
        ls.source(),
        ps.source(),
        models,
        dims.size());
    return new ExampleJoin(
        joined,
        dims,
        dimSource,
        shape.replicates(),
        trainingRowsByText,
        labels,
        predictions,
        shape.hasScores(),
        models,
        config.caseSensitive(),
        wideDims);
  }

  /** Every output row of one example, as an array of structs of one schema. */
  private static Column outputRows(
      List<String> models,
      List<String> dims,
      List<TableRef> dimSource,
      Shape shape,
      Column weights,
      List<Training> training) {
    Column nullId = col("example_id").isNull();
    Column nLabels = col("n_labels");
    Column label = col("l.label");
    Column labelled = not(nullId).and(nLabels.gt(0)).and(label.isNotNull());
    Column one = when(labelled, lit(1L)).otherwise(lit(0L));
    List<Column> out = new ArrayList<>();

    // One example row per base set: every model's prediction key (null when missing or blank),
    // and which models have a prediction.
    List<Column> present = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      present.add(when(col("n_" + i).gt(0), lit("1")).otherwise(lit("0")));
    }
    for (int b = 0; b < shape.baseSets().size(); b++) {
      Set<Integer> set = shape.baseSets().get(b);
      // The further models' keys, then their prediction-side slice values (see wideColumns).
      List<Column> wide = new ArrayList<>();
      for (int i = 1; i < models.size(); i++) {
        wide.add(col("p_" + i + ".key"));
      }
      for (int i = 1; i < models.size(); i++) {
        List<Column> values = dimValues(i, dims, dimSource);
        for (int d : shape.wideDims()) {
          wide.add(set.contains(d) ? values.get(d) : nullString());
        }
      }
      out.add(
          row(
              lit(EXAMPLE),
              nullString(),
              col("l.domain"),
              inBaseSet(dimValues(0, dims, dimSource), set),
              label,
              col("p_0.key"),
              concat(present.toArray(Column[]::new)),
              one,
              shape,
              weights,
              null,
              lit(shape.baseIds().get(b)),
              wide));
    }

    if (shape.hasScores()) {
      out.addAll(scoreRows(models, dims, dimSource, shape));
    }

    // A labelled example's label reason comes from its example row (see perModel).
    Column labelReason =
        when(nullId, lit(Reason.NULL_EXAMPLE_ID.id())).otherwise(lit(Reason.NULL_LABEL.id()));
    // A labelled example's label and matched predictions are counted by its example row.
    out.add(
        recon(
            "labels",
            nullString(),
            labelReason,
            when(labelled, lit(0L))
                .otherwise(
                    when(nullId, nLabels)
                        .otherwise(when(nLabels.gt(0), lit(1L)).otherwise(lit(0L)))),
            shape));
    out.add(
        recon(
            "labels",
            nullString(),
            lit(Reason.DUPLICATE_KEY.id()),
            when(nullId, lit(0L)).otherwise(greatest(nLabels.minus(1), lit(0L))),
            shape));

    for (int i = 0; i < models.size(); i++) {
      Column n = col("n_" + i);
      Column reason =
          when(nullId, lit(Reason.NULL_EXAMPLE_ID.id()))
              .when(nLabels.equalTo(0), lit(Reason.NO_LABEL.id()))
              .when(label.isNull(), lit(Reason.NULL_LABEL.id()))
              .otherwise(lit(Reason.MATCHED.id()));
      out.add(
          recon(
              "predictions",
              lit(models.get(i)),
              reason,
              when(labelled, lit(0L))
                  .otherwise(when(nullId, n).otherwise(when(n.gt(0), lit(1L)).otherwise(lit(0L)))),
              shape));
      out.add(
          recon(
              "predictions",
              lit(models.get(i)),
              lit(Reason.DUPLICATE_KEY.id()),
              when(nullId, lit(0L)).otherwise(greatest(n.minus(1), lit(0L))),
              shape));
    }
    out.add(
        recon(
            "predictions",
            nullString(),
            lit(Reason.MODEL_NOT_SELECTED.id()),
            col("n_other"),
            shape));
    for (Training t : training) {
      if (t.id() != null) {
        Column rows = col("t_" + t.model());
        out.add(
            recon(
                t.spec().table(),
                nullString(),
                when(nullId, lit(Reason.NULL_EXAMPLE_ID.id()))
                    .when(labelled, lit(Reason.IN_EVAL.id()))
                    .otherwise(lit(Reason.NOT_IN_EVAL.id())),
                rows,
                shape));
      }
    }
    return array(out.toArray(Column[]::new));
  }

  /**
   * The score rows of one example: per model, one domain-level row and (with slices) one row with
   * the slice values, when the example is labelled, of a binary domain, and has a valid score; and
   * one reconciliation row of the {@link #SCORES_TABLE} per model with a prediction in a binary
   * domain, giving the state of its score. The bucket formula is that of {@code
   * ScoreHistogram.bucketOf}: {@code min(floor(score · n + 1e-7), n − 1)}.
   */
  private static List<Column> scoreRows(
      List<String> models, List<String> dims, List<TableRef> dimSource, Shape shape) {
    List<Column> nullDims = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      nullDims.add(nullString());
    }
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      String sc = "sc_" + i + ".";
      // The domain-level row also stands for the score's reconciliation row (see perModel): it
      // counts every prediction of a labelled example of a binary domain, under its score state.
      out.add(
          scoreRow(
              SCORE_DOMAIN,
              models.get(i),
              nullDims,
              sc,
              "bucket",
              shape,
              shape.firstBase(),
              col(sc + "rows"),
              col(sc + "state")));
      if (!dims.isEmpty()) {
        for (int b = 0; b < shape.baseSets().size(); b++) {
          out.add(
              scoreRow(
                  SCORE_SLICE,
                  models.get(i),
                  inBaseSet(dimValues(i, dims, dimSource), shape.baseSets().get(b)),
                  sc,
                  "slice_bucket",
                  shape,
                  lit(shape.baseIds().get(b)),
                  col(sc + "n"),
                  nullString()));
        }
      }
    }
    return out;
  }

  /** One score row of a model, from its score terms {@code sc} and the named bucket. */
  private static Column scoreRow(
      String kind,
      String model,
      List<Column> dimValues,
      String sc,
      String bucket,
      Shape shape,
      Column base,
      Column n,
      Column reason) {
    return row(
        lit(kind),
        lit(model),
        col("l.domain"),
        dimValues,
        col(sc + "actual"),
        nullString(),
        reason,
        n,
        shape,
        null,
        new ScoreFields(col(sc + bucket), col(sc + "score"), col(sc + "ll"), col(sc + "br")),
        base,
        null);
  }

  /**
   * Adds per model a struct {@code sc_<i>} of the example's score terms, computed once here rather
   * than in each score row: whether the row counts ({@code n}: labelled, binary domain, valid
   * score), the reconciliation row count and reason, the label as {@code 1}/{@code 0}, both
   * buckets, the score, its log loss (scikit-learn's clipping) and squared error.
   */
  private static Dataset<Row> withScoreTerms(
      Dataset<Row> examples, List<String> models, Shape shape) {
    ScoreShape ss = shape.scores();
    Column domain = col("l.domain");
    Column label = col("l.label");
    Column labelled =
        col("example_id").isNotNull().and(col("n_labels").gt(0)).and(label.isNotNull());
    Column binary = domain.isin(ss.positiveClasses().keySet().toArray());
    Column positive = lit(false);
    for (Map.Entry<String, String> e : ss.positiveClasses().entrySet()) {
      positive = when(domain.equalTo(e.getKey()), label.equalTo(e.getValue())).otherwise(positive);
    }
    Column y = when(positive, lit(1.0)).otherwise(lit(0.0));
    Dataset<Row> out = examples;
    for (int i = 0; i < models.size(); i++) {
      Column predicted = labelled.and(binary).and(col("n_" + i).gt(0));
      Column score = col("p_" + i + ".score");
      Column valid = predicted.and(col("p_" + i + ".score_state").equalTo(Reason.VALID_SCORE.id()));
      Column clipped =
          least(
              greatest(score, lit(ScoreHistogram.LOG_LOSS_EPSILON)),
              lit(1 - ScoreHistogram.LOG_LOSS_EPSILON));
      Column logLoss =
          when(positive, negate(log(clipped))).otherwise(negate(log(lit(1.0).minus(clipped))));
      Column error = score.minus(y);
      out =
          out.withColumn(
              "sc_" + i,
              struct(
                  when(valid, lit(1L)).otherwise(lit(0L)).as("n"),
                  when(predicted, lit(1L)).otherwise(lit(0L)).as("rows"),
                  concat(
                          col("p_" + i + ".score_state"),
                          lit(Reason.DETAIL_SEPARATOR + models.get(i)))
                      .as("state"),
                  when(positive, lit("1")).otherwise(lit("0")).as("actual"),
                  // Null unless valid: a bad score's row only counts in the reconciliation.
                  when(valid, bucket(score, ss.buckets())).as("bucket"),
                  when(valid, bucket(score, ss.sliceBuckets())).as("slice_bucket"),
                  when(valid, score).as("score"),
                  when(valid, logLoss).as("ll"),
                  when(valid, error.multiply(error)).as("br")));
    }
    return out;
  }

  /**
   * Replaces each score term of the counted rows ({@link #SCORE_SUM}, {@link #LOG_LOSS}, {@link
   * #BRIER}: a double, null on other rows) by the high and low part of its exact fixed-point sum
   * (see {@link FixedPointSum}). Done on the exploded rows rather than per example: the parts
   * computed per example made the generated code of the pass too large for the JIT compiler (8,000
   * bytes of bytecode per method), which ran the whole pass 2.7 times slower.
   */
  static Dataset<Row> withFixedPointSums(Dataset<Row> rows) {
    Dataset<Row> out = rows;
    for (String sum : SCORE_TERMS) {
      Column term = col(sum);
      Column high = floor(term.multiply(lit(FixedPointSum.HIGH_UNITS)));
      Column units = floor(term.multiply(lit(FixedPointSum.UNITS)).plus(lit(0.5)));
      out =
          out.withColumn(high(sum), high)
              .withColumn(low(sum), units.minus(high.multiply(lit(FixedPointSum.SPLIT))))
              .drop(sum);
    }
    return out;
  }

  /** {@link ScoreBuckets#of} as a Spark expression. */
  private static Column bucket(Column score, int buckets) {
    return least(
        floor(score.multiply(lit((double) buckets)).plus(lit(ScoreBuckets.EDGE_TOLERANCE)))
            .cast("int"),
        lit(buckets - 1));
  }

  /**
   * The slice values of one model's row: prediction-side slices read that model's row, leakage
   * slices (no table) the example's own column.
   */
  private static List<Column> dimValues(int model, List<String> dims, List<TableRef> dimSource) {
    List<Column> values = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      String alias = dims.get(d);
      TableRef source = dimSource.get(d);
      values.add(
          source == null
              ? col(alias)
              : source == TableRef.LABELS
                  ? col("l." + alias)
                  : coalesce(col("p_" + model + "." + alias), lit(SliceKey.NULL_VALUE)));
    }
    return values;
  }

  private static Column recon(String table, Column model, Column reason, Column n, Shape shape) {
    List<Column> nullDims = new ArrayList<>();
    for (int d = 0; d < shape.dims(); d++) {
      nullDims.add(nullString());
    }
    return row(
        lit(table),
        model,
        nullString(),
        nullDims,
        nullString(),
        nullString(),
        reason,
        n,
        shape,
        null);
  }

  /**
   * Adds the Poisson(1) bootstrap weight of each replicate to every example, as int columns {@code
   * w_0 .. w_{R-1}}: the example id hashed with the seed and the replicate number gives a uniform
   * number in [0, 1) (53 bits), which the inverse distribution function of Poisson(1) turns into a
   * weight (weights above 8, probability 1e-6, are cut to 8). Plain columns rather than an array
   * keep the work in generated code; the uniform numbers are a projection of their own so that each
   * hash is computed once.
   */
  private static Dataset<Row> withBootstrapWeights(
      Dataset<Row> examples, int replicates, long seed) {
    List<Column> uniforms = new ArrayList<>();
    uniforms.add(col("*"));
    for (int r = 0; r < replicates; r++) {
      uniforms.add(
          expr("(xxhash64(example_id, "
                  + seed
                  + "L, "
                  + r
                  + ") & 9007199254740991L) / 9007199254740992D")
              .as("u_" + r));
    }
    Dataset<Row> withUniforms = examples.select(uniforms.toArray(Column[]::new));
    List<Column> weights = new ArrayList<>();
    for (int r = 0; r < replicates; r++) {
      StringBuilder poisson = new StringBuilder("CASE");
      double p = Math.exp(-1);
      double cdf = 0;
      for (int k = 0; k < 8; k++) {
        cdf += p;
        poisson.append(" WHEN u_").append(r).append(" < ").append(cdf).append("D THEN ").append(k);
        p /= (k + 1);
      }
      poisson.append(" ELSE 8 END");
      weights.add(expr(poisson.toString()));
    }
    List<Column> out = new ArrayList<>();
    for (String c : examples.columns()) {
      out.add(col(c));
    }
    out.add(array(weights.toArray(Column[]::new)).as(WEIGHTS));
    return withUniforms.select(out.toArray(Column[]::new));
  }

  private static Column row(
      Column kind,
      Column model,
      Column domain,
      List<Column> dimValues,
      Column actual,
      Column predicted,
      Column reason,
      Column n,
      Shape shape,
      Column weights) {
    return row(
        kind,
        model,
        domain,
        dimValues,
        actual,
        predicted,
        reason,
        n,
        shape,
        weights,
        null,
        shape.firstBase(),
        null);
  }

  /** The score fields of a score row: bucket, score, log loss and squared error. */
  private record ScoreFields(Column bucket, Column score, Column logLoss, Column brier) {}

  private static Column row(
      Column kind,
      Column model,
      Column domain,
      List<Column> dimValues,
      Column actual,
      Column predicted,
      Column reason,
      Column n,
      Shape shape,
      Column weights,
      ScoreFields score,
      Column base,
      List<Column> wide) {
    int dims = shape.dims();
    List<Column> fields = new ArrayList<>();
    fields.add(kind.as(KIND));
    fields.add(model.cast("string").as(MODEL));
    fields.add(domain.cast("string").as(DOMAIN));
    for (int d = 0; d < dims; d++) {
      fields.add(dimValues.get(d).cast("string").as("s_" + d));
    }
    fields.add(actual.cast("string").as(ACTUAL));
    fields.add(predicted.cast("string").as(PREDICTED));
    fields.add(reason.cast("string").as(REASON));
    fields.add(n.cast("long").as(N));
    fields.add(base.cast("long").as(BASE));
    List<String> wideNames = wideColumns(shape.models(), shape.wideDims());
    for (int i = 0; i < wideNames.size(); i++) {
      fields.add((wide == null ? lit(null) : wide.get(i)).cast("string").as(wideNames.get(i)));
    }
    if (shape.replicates() > 0) {
      Column w = weights == null ? lit(null) : col(WEIGHTS);
      fields.add(w.cast("array<int>").as(WEIGHTS));
    }
    if (shape.hasScores()) {
      fields.add((score == null ? lit(null) : score.bucket()).cast("int").as(BUCKET));
      // The terms, turned into exact fixed-point parts after the explode (withFixedPointSums).
      fields.add((score == null ? lit(null) : score.score()).cast("double").as(SCORE_SUM));
      fields.add((score == null ? lit(null) : score.logLoss()).cast("double").as(LOG_LOSS));
      fields.add((score == null ? lit(null) : score.brier()).cast("double").as(BRIER));
    }
    return struct(fields.toArray(Column[]::new));
  }

  /** The values of the dimensions in a base set, null for the others. */
  private static List<Column> inBaseSet(List<Column> values, Set<Integer> set) {
    List<Column> out = new ArrayList<>();
    for (int d = 0; d < values.size(); d++) {
      out.add(set.contains(d) ? values.get(d) : nullString());
    }
    return out;
  }

  /**
   * The columns of an example row beyond the common ones: {@code predicted_<i>} for each model
   * after the first, then {@code s_<d>_<i>} for each of them and each prediction-side dimension.
   */
  private static List<String> wideColumns(int models, List<Integer> wideDims) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i < models; i++) {
      names.add(PREDICTED + "_" + i);
    }
    for (int i = 1; i < models; i++) {
      for (int d : wideDims) {
        names.add("s_" + d + "_" + i);
      }
    }
    return names;
  }

  /** The columns of a model's own slice values in an example row (see {@link #wideColumns}). */
  private List<Column> dimsOf(int model) {
    List<Column> out = new ArrayList<>();
    for (int d = 0; d < dimensionColumns.size(); d++) {
      out.add(
          model > 0 && wideDims.contains(d)
              ? col("s_" + d + "_" + model)
              : col(dimensionColumns.get(d)));
    }
    return out;
  }

  /**
   * Turns example rows into the rows they stand for, leaving the other rows as they are: per model
   * a confusion row (a missing or blank prediction is {@code (invalid)}), per candidate a paired
   * row (baseline and candidate right or wrong on the example: a prediction is right when its key
   * is the key of the example's label), and the reconciliation rows of the label ({@code
   * predicted_by_all_models} or {@code missing_prediction:<models>}) and of each model's prediction
   * ({@code matched}). Works on the joined rows and on their counts alike (any other column is
   * carried to the confusion rows and null on the others; weights and their sums, {@code w} and
   * {@code b_<r>}, only go to confusion rows).
   */
  public Dataset<Row> perModel(Dataset<Row> df) {
    Set<String> wide = new java.util.HashSet<>(wideColumns(models.size(), wideDims));
    List<org.apache.spark.sql.types.StructField> fields = new ArrayList<>();
    for (var f : df.schema().fields()) {
      if (!wide.contains(f.name())) {
        fields.add(f);
      }
    }
    Column isExample = col(KIND).equalTo(lit(EXAMPLE));

    Column actual = col(ACTUAL);
    Column labelKey = caseSensitive ? actual : lower(actual);
    Column code = col(REASON);
    List<Column> keys = new ArrayList<>();
    List<Column> missing = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      keys.add(i == 0 ? col(PREDICTED) : col(PREDICTED + "_" + i));
      missing.add(when(code.substr(i + 1, 1).equalTo(lit("0")), lit(models.get(i))));
    }
    String all = "1".repeat(models.size());
    Column labelReason =
        when(code.equalTo(lit(all)), lit(Reason.PREDICTED_BY_ALL_MODELS.id()))
            .otherwise(
                concat(
                    lit(Reason.MISSING_PREDICTION.id() + Reason.DETAIL_SEPARATOR),
                    concat_ws(",", missing.toArray(Column[]::new))));
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      Map<String, Column> c = new java.util.HashMap<>();
      c.put(KIND, lit(CONFUSION));
      c.put(MODEL, lit(models.get(i)));
      c.put(PREDICTED, coalesce(keys.get(i), lit(INVALID)));
      c.put(REASON, lit(null));
      putDims(c, dimsOf(i));
      out.add(unpivoted(fields, c, true));
    }
    Column baselineRight = coalesce(keys.get(0).equalTo(labelKey), lit(false));
    for (int i = 1; i < models.size(); i++) {
      Column candidateRight = coalesce(keys.get(i).equalTo(labelKey), lit(false));
      Map<String, Column> p = new java.util.HashMap<>();
      p.put(KIND, lit(PAIRED));
      p.put(MODEL, lit(models.get(i)));
      p.put(
          PREDICTED,
          when(baselineRight.and(candidateRight), lit(PairedOutcome.BOTH_RIGHT.id()))
              .when(candidateRight, lit(PairedOutcome.FIXED.id()))
              .when(baselineRight, lit(PairedOutcome.BROKEN.id()))
              .otherwise(lit(PairedOutcome.BOTH_WRONG.id())));
      p.put(REASON, lit(null));
      putDims(p, dimsOf(i));
      out.add(unpivoted(fields, p, false));
    }
    Map<String, Column> l = reconColumns("labels", lit(null), labelReason, col(N));
    out.add(unpivoted(fields, l, false));
    for (int i = 0; i < models.size(); i++) {
      Column matched = when(code.substr(i + 1, 1).equalTo(lit("1")), col(N)).otherwise(lit(0L));
      out.add(
          unpivoted(
              fields,
              reconColumns("predictions", lit(models.get(i)), lit(Reason.MATCHED.id()), matched),
              false));
    }
    // One explode over all rows (other rows stay as they are): filtering the example rows and the
    // others apart would read the input of df twice.
    // A domain-level score row counts every scored prediction under its state (REASON): valid ones
    // stay score rows, and each becomes a reconciliation row of the scores "table".
    Column isScoreDomain = col(KIND).equalTo(lit(SCORE_DOMAIN));
    Column valid = col(REASON).startsWith(lit(Reason.VALID_SCORE.id() + Reason.DETAIL_SEPARATOR));
    Map<String, Column> scoreRow = new java.util.HashMap<>();
    scoreRow.put(N, when(valid, col(N)).otherwise(lit(0L)));
    scoreRow.put(REASON, lit(null));
    Map<String, Column> scoreRecon = reconColumns(SCORES_TABLE, col(MODEL), col(REASON), col(N));
    Column rowsOf =
        when(isExample, array(out.toArray(Column[]::new)))
            .when(
                isScoreDomain,
                array(unpivoted(fields, scoreRow, true), unpivoted(fields, scoreRecon, false)))
            .otherwise(array(unpivoted(fields, Map.of(), true)));
    return df.select(explode(rowsOf).as("r")).select(col("r.*")).where(col(N).gt(0));
  }

  private void putDims(Map<String, Column> columns, List<Column> values) {
    for (int d = 0; d < dimensionColumns.size(); d++) {
      columns.put(dimensionColumns.get(d), values.get(d));
    }
  }

  private Map<String, Column> reconColumns(String table, Column model, Column reason, Column n) {
    Map<String, Column> c = new java.util.HashMap<>();
    c.put(KIND, lit(table));
    c.put(MODEL, model);
    c.put(DOMAIN, lit(null));
    c.put(ACTUAL, lit(null));
    c.put(PREDICTED, lit(null));
    c.put(REASON, reason);
    c.put(N, n);
    List<String> scoreColumns = new ArrayList<>(SUM_COLUMNS);
    scoreColumns.add(BUCKET);
    for (String score : scoreColumns) {
      c.put(score, lit(null));
    }
    dimensionColumns.forEach(d -> c.put(d, lit(null)));
    return c;
  }

  /**
   * One row of {@link #perModel}: the given columns, the others as they are on a confusion row
   * ({@code confusion}) or null (weights and their sums on other rows).
   */
  private static Column unpivoted(
      List<org.apache.spark.sql.types.StructField> fields,
      Map<String, Column> given,
      boolean confusion) {
    List<Column> cols = new ArrayList<>();
    for (var f : fields) {
      String name = f.name();
      Column v = given.get(name);
      if (v == null) {
        boolean weight = name.equals(WEIGHTS) || isReplicateSum(name);
        v = weight && !confusion ? lit(null) : col(name);
      }
      cols.add(v.cast(f.dataType()).as(name));
    }
    return struct(cols.toArray(Column[]::new));
  }

  /** Whether a column of the counted rows is a bootstrap replicate's sum, {@code b_<r>}. */
  public static boolean isReplicateSum(String column) {
    return column.matches("b_\\d+");
  }

  private static Column nullString() {
    return lit(null).cast("string");
  }

  /** The joined rows: confusion rows and reconciliation rows, see the class comment. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** Whether the rows carry score rows (a score column and at least one binary domain). */
  public boolean hasScores() {
    return scored;
  }

  /** The number of bootstrap replicates whose weights the confusion rows carry (0: none). */
  public int replicates() {
    return replicates;
  }

  /** The columns of the slice dimensions in {@link #rows()}, in plan order. */
  public List<String> dimensionColumns() {
    return dimensionColumns;
  }

  /**
   * A few example ids that occur more than once in labels (or, with {@code model}, more than once
   * for that model in predictions). Runs its own query: called only to explain a failure.
   */
  public List<String> sampleDuplicateIds(Optional<String> model, int limit) {
    Resolved r = model.isPresent() ? predictions : labels;
    Dataset<Row> df = r.df();
    if (model.isPresent()) {
      df = df.where(expr("trim(CAST(" + quote(r.extra()) + " AS STRING))").equalTo(model.get()));
    }
    // Null ids are counted as null_example_id, not as duplicates of each other.
    return df
        .groupBy(expr("CAST(" + quote(r.id()) + " AS STRING)").as("id"))
        .count()
        .where(col("count").gt(1).and(col("id").isNotNull()))
        .orderBy(col("id"))
        .limit(limit)
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  /**
   * Finds the slice whose expression fails on a value of its table, to explain a data error of the
   * pass (e.g. a strict CAST of 'n/a'). Runs one query per slice dimension: called only after the
   * pass failed.
   */
  public Optional<String> explainSliceFailure(SlicePlan plan) {
    for (int i = 0; i < plan.dimensions().size(); i++) {
      SliceSpec s = plan.dimensions().get(i);
      if (dimensionSources.get(i) == null) {
        continue;
      }
      Resolved table = dimensionSources.get(i) == TableRef.LABELS ? labels : predictions;
      try {
        table.df().select(expr("CAST((" + sliceSql(s) + ") AS STRING)")).foreach(row -> {});
      } catch (Exception e) {
        return Optional.of(
            String.format(
                "Invalid slice '%s': its expression fails on a value of the %s table (%s): %s."
                    + " Fix the expression, e.g."
                    + " with try_cast(x AS INT), which gives null (reported as (null)) for a value"
                    + " that does not convert.",
                s.name(), table.spec().table(), table.spec().source(), InputReader.firstLine(e)));
      }
    }
    return Optional.empty();
  }

  /** The distinct model names of the predictions table (at most {@code limit}), sorted. */
  public List<String> sampleModels(int limit) {
    return predictions
        .df()
        .select(expr("trim(CAST(" + quote(predictions.extra()) + " AS STRING))").as("m"))
        .distinct()
        .orderBy(col("m"))
        .limit(limit)
        .collectAsList()
        .stream()
        .map(row -> row.isNullAt(0) ? "(null)" : row.getString(0))
        .toList();
  }

  /**
   * One candidate's fine-tuning data.
   *
   * @param df the opened table
   * @param spec its configuration
   * @param model the candidate's position in the selected models
   * @param id its example-id column, or null
   * @param text its text column, or null
   */
  private record Training(Dataset<Row> df, InputSpec spec, int model, String id, String text) {
    static Training open(InputReader reader, InputSpec spec, int model) {
      Dataset<Row> df = reader.open(spec);
      String id =
          spec.column("example_id").isPresent() ? ExampleJoin.text(df, spec, "example_id") : null;
      String text = spec.column("text").isPresent() ? ExampleJoin.text(df, spec, "text") : null;
      return new Training(df, spec, model, id, text);
    }

    String hashColumn() {
      return "h_" + model;
    }

    /**
     * The distinct normalised-text hashes of the training table, collected to the driver (the one
     * read of the table) and returned as a small local table to broadcast. Counts the table's rows
     * into {@code rows} when the table has no id column (otherwise the join counts them).
     */
    Dataset<Row> textHashes(SparkSession spark, Map<String, Long> rows) {
      List<Row> hashes = df.groupBy(textHash(quote(text)).as("h")).count().collectAsList();
      List<Row> distinct = new ArrayList<>();
      long total = 0;
      for (Row r : hashes) {
        total += r.getLong(1);
        if (!r.isNullAt(0)) {
          distinct.add(RowFactory.create(r.getLong(0)));
        }
      }
      if (id == null) {
        rows.put(spec.table(), total);
      }
      LOG.info(
          "Read {} rows of {} ({} distinct texts) to find leaked examples by text",
          total,
          spec.source(),
          distinct.size());
      return spark.createDataFrame(
          distinct, new StructType().add(hashColumn(), DataTypes.LongType, false));
    }
  }

  /** The hash of a text trimmed, lower-cased and with white space collapsed; null for null. */
  private static Column textHash(String column) {
    return expr(
        "CASE WHEN "
            + column
            + " IS NULL THEN NULL ELSE xxhash64(regexp_replace(lower(trim(CAST("
            + column
            + " AS STRING))), '\\\\s+', ' ')) END");
  }

  /**
   * Rows of training tables read without an id column (matched by text only), by table name:
   * counted where the texts were read rather than in the pass.
   */
  public Map<String, Long> trainingRowsCountedByText() {
    return trainingRowsByText;
  }

  private static String text(Dataset<Row> df, InputSpec spec, String canonical) {
    String actual = InputReader.column(df, spec, canonical);
    InputReader.checkType(df, spec, canonical, actual, InputReader.Expect.TEXT);
    return actual;
  }

  private static String sliceSql(SliceSpec s) {
    return s.kind() == SliceSpec.Kind.COLUMN ? quote(s.sql()) : s.sql();
  }

  /** Which table a slice dimension reads: configured, or the one it resolves against. */
  private static TableRef sourceOf(SliceSpec s, Dataset<Row> labels, Dataset<Row> preds) {
    String sql = sliceSql(s);
    Optional<String> inLabels = InputReader.resolutionError(labels, sql);
    Optional<String> inPreds = InputReader.resolutionError(preds, sql);
    String what = s.kind() == SliceSpec.Kind.COLUMN ? "column '" + s.sql() + "'" : "expression";
    if (s.from().isPresent()) {
      TableRef from = s.from().get();
      Optional<String> error = from == TableRef.LABELS ? inLabels : inPreds;
      if (error.isPresent()) {
        throw new InvalidInputException(
            String.format(
                "Invalid slice '%s': its %s does not resolve against the %s table (%s). Columns"
                    + " there: %s. Fix the slice or its 'from'.",
                s.name(),
                what,
                from.id(),
                error.get(),
                String.join(", ", (from == TableRef.LABELS ? labels : preds).columns())));
      }
      return from;
    }
    if (inLabels.isEmpty() && inPreds.isEmpty()) {
      throw new InvalidInputException(
          String.format(
              "Invalid slice '%s': its %s resolves against both the labels and the predictions"
                  + " table. Add from = labels or from = predictions to the slice.",
              s.name(), what));
    }
    if (inLabels.isPresent() && inPreds.isPresent()) {
      throw new InvalidInputException(
          String.format(
              "Invalid slice '%s': its %s resolves against neither table (labels: %s). Labels"
                  + " columns: %s; predictions columns: %s.",
              s.name(),
              what,
              inLabels.get(),
              String.join(", ", labels.columns()),
              String.join(", ", Arrays.asList(preds.columns()))));
    }
    return inLabels.isEmpty() ? TableRef.LABELS : TableRef.PREDICTIONS;
  }

  /** Backquotes a column name for Spark SQL. */
  public static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
