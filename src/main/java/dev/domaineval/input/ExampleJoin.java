package dev.domaineval.input;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.domaineval.config.InputSpec;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.SliceSpec;
import dev.domaineval.config.SliceSpec.TableRef;
import dev.domaineval.counts.Reason;
import dev.domaineval.slice.SliceKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins predictions to labels (and to the candidates' fine-tuning data), one row per example id, in
 * one shuffle.
 *
 * <p>The tables are opened and their columns resolved and checked (names, types, slice expressions,
 * the table each slice reads), then projected to the needed columns, put in one union and grouped
 * by example id once. Per example the group yields the label row (and how many there were), each
 * selected model's prediction (and how many), the number of rows of other models and, per candidate
 * with fine-tuning data, whether the example was in it. The pass makes the rows it counts from
 * these examples, reading them through the column accessors below. Predictions are kept as their
 * normalised match key (trimmed, lower-cased unless case-sensitive).
 *
 * <p>The input diagnostics ({@link #sampleDuplicateIds}, {@link #sampleModels}, {@link
 * #explainSliceFailure}) run queries of their own, only to explain a failure.
 */
public final class ExampleJoin {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleJoin.class);

  /** The example id of a joined example, trimmed (null for rows without one or a blank one). */
  public static final String EXAMPLE_ID = "example_id";

  /** In the union: the model of a prediction row (null for labels and training rows). */
  private static final String MODEL = "model";

  /** Values of a leakage slice. */
  public static final String LEAKED = "leaked";

  public static final String CLEAN = "clean";

  /** In the union: the candidate whose training row this is (null for labels and predictions). */
  private static final String TRAINING = "t";

  /** In the union: how many of the row's text values contain U+FFFD. */
  private static final String REPLACED = "r";

  private final Dataset<Row> examples;
  private final List<String> dimensionColumns;
  private final Resolved labels;
  private final Resolved predictions;
  private final List<TableRef> dimensionSources;
  private final Map<String, Long> trainingRowsByText;
  private final List<TrainingTable> trainingById;
  private final boolean scored;
  private final List<Integer> wideDims;
  private final List<InputReader.IgnoredFiles> ignoredFiles;

  /**
   * A fine-tuning table joined by example id.
   *
   * @param model the candidate's position in the selected models
   * @param table the table's name, as in the reconciliation counts
   */
  public record TrainingTable(int model, String table) {}

  /** An opened input table and the actual names of its canonical columns. */
  private record Resolved(InputSpec spec, Dataset<Row> df, String id, String main, String extra) {}

  private ExampleJoin(
      Dataset<Row> examples,
      List<String> dims,
      List<TableRef> dimensionSources,
      Map<String, Long> trainingRowsByText,
      List<TrainingTable> trainingById,
      Resolved labels,
      Resolved predictions,
      boolean scored,
      List<Integer> wideDims,
      List<InputReader.IgnoredFiles> ignoredFiles) {
    this.examples = examples;
    this.ignoredFiles = List.copyOf(ignoredFiles);
    this.wideDims = List.copyOf(wideDims);
    this.scored = scored;
    this.trainingRowsByText = Map.copyOf(trainingRowsByText);
    this.trainingById = List.copyOf(trainingById);
    this.dimensionColumns = List.copyOf(dims);
    // A leakage slice reads no table: its source is null.
    this.dimensionSources =
        java.util.Collections.unmodifiableList(new ArrayList<>(dimensionSources));
    this.labels = labels;
    this.predictions = predictions;
  }

  /**
   * Opens and checks the inputs and defines the joined examples (lazily: nothing is read here but
   * schemas, except the distinct text hashes of fine-tuning data matched by text, which are read
   * once to be broadcast).
   *
   * @throws InvalidInputException when a slice expression uses what is not allowed (checked before
   *     any table is opened), an input or column is missing or has a wrong type, or a slice does
   *     not resolve
   */
  public static ExampleJoin define(SparkSession spark, JobConfig config, SlicePlan plan) {
    SliceExpressions.check(spark.sessionState().sqlParser(), config.slices());
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
    boolean binaryDomains =
        config.domains().values().stream().anyMatch(d -> d.positiveClass().isPresent());
    boolean scored = scoreColumn != null && binaryDomains;
    if (scoreColumn != null && !binaryDomains) {
      LOG.info(
          "The predictions have a score column but no domain has a positive-class: no score"
              + " metrics (they are defined for binary domains)");
    }

    List<String> dims = new ArrayList<>();
    List<Column> labelDims = new ArrayList<>();
    List<Column> predDims = new ArrayList<>();
    List<TableRef> dimSource = new ArrayList<>();
    // The text values of each table's rows, as read: checked for U+FFFD (ReplacementCharacters).
    List<Column> labelValues =
        ReplacementCharacters.texts(labelsDf, labels.id(), labels.main(), labels.extra());
    List<Column> predValues =
        ReplacementCharacters.texts(
            predsDf, predictions.id(), predictions.main(), predictions.extra());
    for (int i = 0; i < plan.dimensions().size(); i++) {
      SliceSpec s = plan.dimensions().get(i);
      String alias = "s_" + i;
      dims.add(alias);
      if (s.kind() == SliceSpec.Kind.LEAKAGE) {
        // Known per example only after the grouping: see leakageDims.
        dimSource.add(null);
        continue;
      }
      TableRef source = SliceSources.sourceOf(s, labelsDf, predsDf);
      dimSource.add(source);
      Column value = SliceSources.value(s);
      (source == TableRef.LABELS ? labelValues : predValues).add(value);
      (source == TableRef.LABELS ? labelDims : predDims)
          .add(SliceSources.reported(value).as(alias));
    }

    String labelExpr = "nullif(trim(CAST(" + quote(labels.main()) + " AS STRING)), '')";
    String domainExpr = "nullif(trim(CAST(" + quote(labels.extra()) + " AS STRING)), '')";
    // The prediction as read: normalised after the join, where its domain is known (a_<i>).
    String rawExpr = "CAST(" + quote(predictions.main()) + " AS STRING)";

    List<String> models = config.models();
    List<TrainingData> training = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      InputSpec ts = config.training().get(models.get(i));
      if (ts != null) {
        training.add(TrainingData.open(reader, ts, i));
      }
    }
    Map<String, Long> trainingRowsByText = new java.util.TreeMap<>();
    for (TrainingData t : training) {
      if (t.text() != null) {
        String labelText = InputReader.column(labelsDf, ls, "text");
        InputReader.checkType(labelsDf, ls, "text", labelText, InputReader.Expect.TEXT);
        labelsDf =
            labelsDf.join(
                broadcast(t.textHashes(spark, trainingRowsByText)),
                TrainingData.textHash(quote(labelText)).equalTo(col(t.hashColumn())),
                "left_outer");
      }
    }

    List<Column> lFields = new ArrayList<>();
    // The first field orders a row with a label and a domain before a row without one, so that
    // keep-one keeps a usable row when an id has both.
    lFields.add(expr(labelExpr + " IS NULL OR " + domainExpr + " IS NULL").as("unusable"));
    lFields.add(expr(labelExpr).as("label"));
    lFields.add(expr(domainExpr).as("domain"));
    lFields.addAll(labelDims);
    for (TrainingData t : training) {
      if (t.text() != null) {
        lFields.add(col(t.hashColumn()).isNotNull().as("leak_text_" + t.model()));
      }
    }
    List<Column> pFields = new ArrayList<>();
    pFields.add(expr(rawExpr).as("raw"));
    pFields.addAll(predDims);
    if (scored) {
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
            exampleIdOf(labels.id()).as(EXAMPLE_ID),
            struct(lFields.toArray(Column[]::new)).as("l"),
            lit(null).cast("string").as(MODEL),
            ReplacementCharacters.count(labelValues).as(REPLACED));
    Dataset<Row> predRows =
        predsDf.select(
            exampleIdOf(predictions.id()).as(EXAMPLE_ID),
            expr("trim(CAST(" + quote(predictions.extra()) + " AS STRING))").as(MODEL),
            struct(pFields.toArray(Column[]::new)).as("p"),
            ReplacementCharacters.count(predValues).as(REPLACED));
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
    for (TrainingData t : training) {
      if (t.id() != null) {
        union =
            union.unionByName(
                t.df()
                    .select(
                        exampleIdOf(t.id()).as(EXAMPLE_ID),
                        lit(null).cast(lType).as("l"),
                        lit(null).cast("string").as(MODEL),
                        lit(null).cast(pType).as("p"),
                        lit(models.get(t.model())).as(TRAINING),
                        lit(0).as(REPLACED)));
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
    aggs.add(sum(when(col("l").isNotNull(), col(REPLACED))).as("r_labels"));
    aggs.add(sum(when(isPrediction, col(REPLACED))).as("r_predictions"));
    for (TrainingData t : training) {
      if (t.id() != null) {
        aggs.add(
            count(when(col(TRAINING).equalTo(lit(models.get(t.model()))), lit(1)))
                .as("t_" + t.model()));
      }
    }
    Dataset<Row> perExample =
        union
            .repartition(col(EXAMPLE_ID))
            .groupBy(col(EXAMPLE_ID))
            .agg(count(col("l")).as("n_labels"), aggs.toArray(Column[]::new));

    for (TrainingData t : training) {
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
    for (int i = 0; i < models.size(); i++) {
      perExample =
          perExample.withColumn(
              "a_" + i,
              AnswerChain.byDomain(
                  config.normalization(), config.caseSensitive(), col("l.domain"), rawAnswer(i)));
    }
    List<Integer> wideDims = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      if (dimSource.get(d) == TableRef.PREDICTIONS) {
        wideDims.add(d);
      }
    }
    List<TrainingTable> trainingById = new ArrayList<>();
    for (TrainingData t : training) {
      if (t.id() != null) {
        trainingById.add(new TrainingTable(t.model(), t.spec().table()));
      }
    }
    LOG.info(
        "Defined the join of {} and {} for models {} with {} slice dimensions",
        ls.source(),
        ps.source(),
        models,
        dims.size());
    return new ExampleJoin(
        perExample,
        dims,
        dimSource,
        trainingRowsByText,
        trainingById,
        labels,
        predictions,
        scored,
        wideDims,
        reader.ignoredFiles());
  }

  /** The example id of a joined example. */
  public static Column exampleId() {
    return col(EXAMPLE_ID);
  }

  /** The number of label rows of the example. */
  public static Column labelRows() {
    return col("n_labels");
  }

  /** The example's label (trimmed; null when missing or blank). */
  public static Column label() {
    return col("l.label");
  }

  /** The example's domain (trimmed; null when missing or blank). */
  public static Column domain() {
    return col("l.domain");
  }

  /**
   * Whether the example is evaluated: it has an id and a label row with a label and a domain. Its
   * label row and its models' predictions are then counted by the pass's example rows; the rows of
   * other examples are counted under the reason they miss.
   */
  public static Column isUsable() {
    return exampleId()
        .isNotNull()
        .and(labelRows().gt(0))
        .and(label().isNotNull())
        .and(domain().isNotNull());
  }

  /** The number of prediction rows of the selected model at position {@code model}. */
  public static Column predictionRows(int model) {
    return col("n_" + model);
  }

  /** The normalised prediction key of a model (null if missing or blank), see AnswerChain. */
  public static Column predictionKey(int model) {
    return col("a_" + model + ".key");
  }

  /** A model's answer as written (null when missing or null), before normalization. */
  public static Column rawAnswer(int model) {
    return col("p_" + model + ".raw");
  }

  /** The rule that decided a model's prediction key ({@link AnswerChain.Rule}, or an alias's). */
  public static Column predictionRule(int model) {
    return col("a_" + model + ".rule");
  }

  /** The score of a model's prediction as a double (null when missing or not a number). */
  public static Column score(int model) {
    return col("p_" + model + ".score");
  }

  /** The state of a model's score: a score {@link Reason} id. */
  public static Column scoreState(int model) {
    return col("p_" + model + ".score_state");
  }

  /** The number of prediction rows of models that are not selected. */
  public static Column otherModelRows() {
    return col("n_other");
  }

  /** How many text values of the example's rows of a table contain U+FFFD, else null. */
  public static Column replacementCharacters(String table) {
    return col("r_" + table);
  }

  /** Whether the example is in a model's fine-tuning data (by id or text); empty without. */
  public java.util.Optional<Column> leaked(int model) {
    String name = "leak_" + model;
    return java.util.Arrays.asList(examples.columns()).contains(name)
        ? java.util.Optional.of(col(name))
        : java.util.Optional.empty();
  }

  /** The number of rows of a candidate's fine-tuning table with the example's id. */
  public static Column trainingRows(int model) {
    return col("t_" + model);
  }

  /**
   * The slice values of one model's view of the example, in plan order: label-side slices read the
   * label row, prediction-side slices that model's prediction row, leakage slices (no table) the
   * example's own column.
   */
  public List<Column> sliceValues(int model) {
    List<Column> values = new ArrayList<>();
    for (int d = 0; d < dimensionColumns.size(); d++) {
      String alias = dimensionColumns.get(d);
      TableRef source = dimensionSources.get(d);
      values.add(
          source == null
              ? col(alias)
              : source == TableRef.LABELS
                  ? col("l." + alias)
                  : coalesce(col("p_" + model + "." + alias), lit(SliceKey.NULL_VALUE)));
    }
    return values;
  }

  /** The joined examples, one row per example id (null ids together), see the class comment. */
  public Dataset<Row> examples() {
    return examples;
  }

  /** Whether the predictions have a score column and at least one domain is binary. */
  public boolean hasScores() {
    return scored;
  }

  /** The names of the slice dimensions ({@code s_<d>}), in plan order. */
  public List<String> dimensionColumns() {
    return dimensionColumns;
  }

  /** The slice dimensions that read the predictions table, whose values differ by model. */
  public List<Integer> predictionSideDimensions() {
    return wideDims;
  }

  /** The files of the input directories that were not read, per table (see {@link DataFiles}). */
  public List<InputReader.IgnoredFiles> ignoredFiles() {
    return ignoredFiles;
  }

  /** The fine-tuning tables joined by example id, in model order. */
  public List<TrainingTable> trainingTablesById() {
    return trainingById;
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
        .groupBy(exampleIdOf(r.id()).as("id"))
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
        table.df().select(SliceSources.value(s)).foreach(row -> {});
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
   * Rows of training tables read without an id column (matched by text only), by table name:
   * counted where the texts were read rather than in the pass.
   */
  public Map<String, Long> trainingRowsCountedByText() {
    return trainingRowsByText;
  }

  static String text(Dataset<Row> df, InputSpec spec, String canonical) {
    String actual = InputReader.column(df, spec, canonical);
    InputReader.checkType(df, spec, canonical, actual, InputReader.Expect.TEXT);
    return actual;
  }

  /**
   * The example id of a row of any table, from its id column: as text, trimmed of surrounding
   * spaces (so that {@code " 12"} matches {@code "12"}), a blank id being null.
   */
  private static Column exampleIdOf(String column) {
    return expr("nullif(trim(CAST(" + quote(column) + " AS STRING)), '')");
  }

  /** Backquotes a column name for Spark SQL. */
  public static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
