package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.domaineval.config.JobConfig;
import dev.domaineval.counts.Reason;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The rows the pass counts, made from the joined examples ({@link ExampleJoin#examples()}) in the
 * layout of {@link PassRows}. From each example come:
 *
 * <ul>
 *   <li>one {@linkplain RowKind#EXAMPLE example row} per base set when the example has a label,
 *       with every model's prediction side by side: {@link PassRows#PREDICTED} holds the first
 *       model's key, {@code predicted_<i>} model i's, and prediction-side slice dimensions have a
 *       column {@code s_<d>_<i>} per further model; {@link PassRows#REASON} holds which models have
 *       a prediction (one character per model, {@code 1} or {@code 0}). {@link #perModel} turns the
 *       counted example rows into the confusion, paired and reconciliation rows that they stand
 *       for: counting one row per example rather than one per model and candidate is what keeps the
 *       pass near the cost of a plain join;
 *   <li>with scores on, per model a domain-level and (with slices) a slice-level score row;
 *   <li>reconciliation rows ({@link ReconciliationRows}) that account for every input row of every
 *       table, each under exactly one reason.
 * </ul>
 *
 * <p>Predictions are kept as their normalised match key (trimmed, lower-cased unless
 * case-sensitive): whether a key is a valid class is decided after counting, when every domain's
 * label set is known. Nothing is read here: the rows are defined, and the pass counts them.
 */
public final class ExampleRows {
  private final ExampleJoin join;
  private final Dataset<Row> examples;
  private final Column rowsOfExample;
  private final Shape shape;
  private final List<String> models;
  private final List<List<Integer>> groupings;
  private final long firstBaseSet;
  private final boolean examplesTable;
  private final List<SketchPartitions.Sketch> sketches;

  /**
   * The layout of the rows: number of slice dimensions, the score terms (null with scores off), the
   * base sets and their ids, the number of models and the prediction-side dimensions.
   */
  private record Shape(
      int dims,
      ScoreTerms scores,
      List<Set<Integer>> baseSets,
      List<Long> baseIds,
      int models,
      List<Integer> wideDims,
      boolean sketches,
      boolean discovery) {
    boolean hasScores() {
      return scores != null;
    }

    /** The base set of rows without slice values (reconciliation and domain-level score rows). */
    Column firstBase() {
      return lit(baseIds.get(0));
    }
  }

  private ExampleRows(
      ExampleJoin join,
      Dataset<Row> examples,
      Column rowsOfExample,
      Shape shape,
      List<String> models,
      List<List<Integer>> groupings,
      List<SketchPartitions.Sketch> sketches,
      JobConfig config) {
    this.join = join;
    this.examples = examples;
    this.rowsOfExample = rowsOfExample;
    this.shape = shape;
    this.models = List.copyOf(models);
    this.groupings = List.copyOf(groupings);
    this.sketches = List.copyOf(sketches);
    this.firstBaseSet = shape.baseIds().get(0);
    this.examplesTable = config.examplesPerOutcome() > 0;
  }

  /** Defines the rows of the joined examples (lazily: nothing is read). */
  public static ExampleRows define(ExampleJoin join, SlicePlan plan, JobConfig config) {
    List<String> models = config.models();
    List<Long> baseIds = new ArrayList<>();
    for (int b = 0; b < plan.baseSets().size(); b++) {
      baseIds.add(plan.baseSetId(b));
    }
    List<List<Integer>> groupings = new ArrayList<>();
    plan.groupings().forEach(g -> groupings.add(List.copyOf(g.dimensions())));
    List<SketchPartitions.Sketch> sketches = sketches(join, models, groupings, config);
    Shape shape =
        new Shape(
            join.dimensionColumns().size(),
            join.hasScores() ? ScoreTerms.of(config) : null,
            plan.baseSets(),
            baseIds,
            models.size(),
            join.predictionSideDimensions(),
            !sketches.isEmpty(),
            discovers(config, plan));
    Dataset<Row> examples = join.examples();
    if (shape.hasScores()) {
      examples = shape.scores().addTo(examples, models);
    }
    return new ExampleRows(
        join,
        examples,
        rowsOfExample(join, models, shape),
        shape,
        models,
        groupings,
        sketches,
        config);
  }

  /**
   * The sketches the pass counts (see {@link SketchPartitions}): the score sketch with scores on,
   * the example sketch with the examples table on, the invalid answers' where a domain keeps them.
   */
  private static List<SketchPartitions.Sketch> sketches(
      ExampleJoin join, List<String> models, List<List<Integer>> groupings, JobConfig config) {
    int dims = join.dimensionColumns().size();
    List<SketchPartitions.Sketch> out = new ArrayList<>();
    if (join.hasScores()) {
      out.add(
          new SketchPartitions.Sketch(
              ScoreSketching.Layout.of(models, dims, groupings),
              ScoreSketching.input(join, models.size())));
    }
    if (config.examplesPerOutcome() > 0) {
      boolean[] leakable = new boolean[models.size()];
      for (int i = 0; i < leakable.length; i++) {
        leakable[i] = join.leaked(i).isPresent();
      }
      out.add(
          new SketchPartitions.Sketch(
              ExampleSketching.layout(
                  models,
                  dims,
                  groupings,
                  leakable,
                  config.examplesPerOutcome(),
                  config.maxClasses(),
                  config.caseSensitive(),
                  config.normalization()),
              ExampleSketching.input(join, models.size())));
    }
    if (config.normalization().keepsRawAnswers()) {
      out.add(
          new SketchPartitions.Sketch(
              new AnswerSketching.Layout(
                  models.toArray(String[]::new), config.normalization(), config.caseSensitive()),
              AnswerSketching.input(models.size())));
    }
    return out;
  }

  /**
   * Whether the pass splits the finest grain's paired counts in halves for slice discovery: it is
   * on, there is a candidate and a dimension to search ({@link SlicePlan#discoveryDimensions}).
   */
  static boolean discovers(JobConfig config, SlicePlan plan) {
    return config.discovery().enabled()
        && !config.candidates().isEmpty()
        && !plan.discoveryDimensions().isEmpty();
  }

  /** An example's half: the lowest bit of the xxhash64 of its id (see {@link PassRows#HALF}). */
  private static Column half() {
    return xxhash64(ExampleJoin.exampleId()).bitwiseAND(lit(1L));
  }

  /** Every row of one example, as an array of structs of one schema. */
  private static Column rowsOfExample(ExampleJoin join, List<String> models, Shape shape) {
    Column label = ExampleJoin.label();
    Column one = when(ExampleJoin.isUsable(), lit(1L)).otherwise(lit(0L));
    List<Column> out = new ArrayList<>();

    // One example row per base set: every model's prediction key (null when missing or blank),
    // and which models have a prediction.
    List<Column> present = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      present.add(when(ExampleJoin.predictionRows(i).gt(0), lit("1")).otherwise(lit("0")));
    }
    for (int b = 0; b < shape.baseSets().size(); b++) {
      Set<Integer> set = shape.baseSets().get(b);
      // The further models' keys, then their prediction-side slice values (see wideColumns).
      List<Column> wide = new ArrayList<>();
      for (int i = 1; i < models.size(); i++) {
        wide.add(ExampleJoin.predictionKey(i));
      }
      for (int i = 1; i < models.size(); i++) {
        List<Column> values = join.sliceValues(i);
        for (int d : shape.wideDims()) {
          wide.add(set.contains(d) ? values.get(d) : nullString());
        }
      }
      out.add(
          row(
              RowKind.EXAMPLE.literal(),
              nullString(),
              ExampleJoin.domain(),
              inBaseSet(join.sliceValues(0), set),
              label,
              ExampleJoin.predictionKey(0),
              concat(present.toArray(Column[]::new)),
              one,
              shape,
              b == 0 && shape.discovery() ? half() : null,
              lit(shape.baseIds().get(b)),
              wide,
              // The rules are counted on the first base set only (the normalization table's):
              // on the others they would only split cells.
              b == 0 ? rules(models.size()) : null,
              null));
    }

    if (shape.hasScores()) {
      out.addAll(scoreRows(models, shape));
    }

    out.addAll(
        ReconciliationRows.of(
            join, models, (table, model, reason, n) -> recon(table, model, reason, n, shape)));
    return array(out.toArray(Column[]::new));
  }

  /**
   * The score rows of one example: per model with a prediction in a binary domain, one row that is
   * both the reconciliation row of the {@link PassRows#SCORES_TABLE} (its {@link PassRows#REASON}
   * is the score's state, see {@link #perModel}). Its valid score is counted by the score sketch
   * ({@link ScoreSketching}), at every grouping at once.
   */
  private static List<Column> scoreRows(List<String> models, Shape shape) {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      out.add(
          row(
              RowKind.SCORE_DOMAIN.literal(),
              lit(models.get(i)),
              ExampleJoin.domain(),
              nullDims(shape),
              nullString(),
              nullString(),
              ScoreTerms.state(i),
              ScoreTerms.reconciled(i),
              shape,
              null,
              shape.firstBase(),
              null,
              null,
              null));
    }
    return out;
  }

  /** Each model's rule of its prediction key, in model order. */
  private static List<Column> rules(int models) {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < models; i++) {
      out.add(ExampleJoin.predictionRule(i));
    }
    return out;
  }

  private static Column recon(String table, Column model, Column reason, Column n, Shape shape) {
    return row(
        lit(table),
        model,
        nullString(),
        nullDims(shape),
        nullString(),
        nullString(),
        reason,
        n,
        shape,
        null,
        shape.firstBase(),
        null,
        null,
        null);
  }

  /**
   * One row in the layout of {@link PassRows}; {@code wide} and {@code rules} are null on rows
   * other than example rows, {@code sketch} on rows other than sketch rows.
   */
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
      Column half,
      Column base,
      List<Column> wide,
      List<Column> rules,
      Column sketch) {
    int dims = shape.dims();
    List<Column> fields = new ArrayList<>();
    fields.add(kind.as(PassRows.KIND));
    fields.add(model.cast("string").as(PassRows.MODEL));
    fields.add(domain.cast("string").as(PassRows.DOMAIN));
    for (int d = 0; d < dims; d++) {
      fields.add(dimValues.get(d).cast("string").as(PassRows.dimension(d)));
    }
    fields.add(actual.cast("string").as(PassRows.ACTUAL));
    fields.add(predicted.cast("string").as(PassRows.PREDICTED));
    fields.add(reason.cast("string").as(PassRows.REASON));
    fields.add(n.cast("long").as(PassRows.COUNT));
    fields.add(base.cast("long").as(PassRows.BASE_SET));
    List<String> wideNames = PassRows.wideColumns(shape.models(), shape.wideDims());
    for (int i = 0; i < wideNames.size(); i++) {
      fields.add((wide == null ? lit(null) : wide.get(i)).cast("string").as(wideNames.get(i)));
    }
    List<String> ruleNames = PassRows.ruleColumns(shape.models());
    for (int i = 0; i < ruleNames.size(); i++) {
      fields.add((rules == null ? lit(null) : rules.get(i)).cast("string").as(ruleNames.get(i)));
    }
    if (shape.discovery()) {
      fields.add((half == null ? lit(null) : half).cast("int").as(PassRows.HALF));
    }
    if (shape.sketches()) {
      fields.add((sketch == null ? lit(null) : sketch).cast("binary").as(PassRows.SKETCH));
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

  /** The columns of a model's own slice values in an example row (see {@link PassRows}). */
  private List<Column> dimsOf(int model) {
    List<String> dims = join.dimensionColumns();
    List<Integer> wideDims = join.predictionSideDimensions();
    List<Column> out = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      out.add(
          model > 0 && wideDims.contains(d)
              ? col(PassRows.dimensionOf(d, model))
              : col(dims.get(d)));
    }
    return out;
  }

  /**
   * Turns example rows into the rows they stand for, leaving the other rows as they are: per model
   * a confusion row (a missing or blank prediction is {@code (invalid)}), per candidate a paired
   * row (the baseline's and the candidate's prediction keys as a {@link
   * dev.domaineval.counts.JointConfusion#pairKey}, mapped to classes in the roll-up), and the
   * reconciliation rows of the label ({@code predicted_by_all_models} or {@code
   * missing_prediction:<models>}) and of each model's prediction ({@code matched}). Works on the
   * rows and on their counts alike (a column not set here is carried as it is).
   */
  public Dataset<Row> perModel(Dataset<Row> df) {
    Set<String> wide =
        new HashSet<>(PassRows.wideColumns(models.size(), join.predictionSideDimensions()));
    wide.addAll(PassRows.ruleColumns(models.size()));
    List<StructField> fields = new ArrayList<>();
    for (var f : df.schema().fields()) {
      if (!wide.contains(f.name())) {
        fields.add(f);
      }
    }
    Column isExample = col(PassRows.KIND).equalTo(RowKind.EXAMPLE.literal());

    Column code = col(PassRows.REASON);
    List<Column> keys = new ArrayList<>();
    List<Column> missing = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      keys.add(col(PassRows.predictedBy(i)));
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
      Map<String, Column> c = new HashMap<>();
      c.put(PassRows.KIND, RowKind.CONFUSION.literal());
      c.put(PassRows.MODEL, lit(models.get(i)));
      c.put(PassRows.PREDICTED, coalesce(keys.get(i), lit(ConfusionMatrix.INVALID)));
      // The rule that decided the prediction: counted in the normalization table.
      c.put(
          PassRows.REASON, when(code.substr(i + 1, 1).equalTo(lit("1")), col(PassRows.ruleOf(i))));
      c.put(PassRows.HALF, lit(null));
      putDims(c, dimsOf(i));
      out.add(unpivoted(fields, c));
    }
    Column baselineKey = coalesce(keys.get(0), lit(ConfusionMatrix.INVALID));
    for (int i = 1; i < models.size(); i++) {
      Map<String, Column> p = new HashMap<>();
      p.put(PassRows.KIND, RowKind.PAIRED.literal());
      p.put(PassRows.MODEL, lit(models.get(i)));
      p.put(
          PassRows.PREDICTED,
          PairKeys.column(baselineKey, coalesce(keys.get(i), lit(ConfusionMatrix.INVALID))));
      p.put(PassRows.REASON, lit(null));
      putDims(p, dimsOf(i));
      out.add(unpivoted(fields, p));
    }
    Column count = col(PassRows.COUNT);
    Map<String, Column> l = reconColumns(PassRows.LABELS_TABLE, lit(null), labelReason, count);
    out.add(unpivoted(fields, l));
    for (int i = 0; i < models.size(); i++) {
      Column matched = when(code.substr(i + 1, 1).equalTo(lit("1")), count).otherwise(lit(0L));
      out.add(
          unpivoted(
              fields,
              reconColumns(
                  PassRows.PREDICTIONS_TABLE,
                  lit(models.get(i)),
                  lit(Reason.MATCHED.id()),
                  matched)));
    }
    // One explode over all rows (other rows stay as they are): filtering the example rows and the
    // others apart would read the input of df twice.
    // A score row counts every scored prediction under its state (REASON): it becomes a
    // reconciliation row of the scores "table" (its valid scores are in the sketch rows, which
    // stay as they are).
    Column isScoreRow = col(PassRows.KIND).equalTo(RowKind.SCORE_DOMAIN.literal());
    Map<String, Column> scoreRecon =
        reconColumns(PassRows.SCORES_TABLE, col(PassRows.MODEL), col(PassRows.REASON), count);
    Column rowsOf =
        when(isExample, array(out.toArray(Column[]::new)))
            .when(isScoreRow, array(unpivoted(fields, scoreRecon)))
            .otherwise(array(unpivoted(fields, Map.of())));
    return df.select(explode(rowsOf).as("r")).select(col("r.*")).where(count.gt(0));
  }

  private void putDims(Map<String, Column> columns, List<Column> values) {
    List<String> dims = join.dimensionColumns();
    for (int d = 0; d < dims.size(); d++) {
      columns.put(dims.get(d), values.get(d));
    }
  }

  private Map<String, Column> reconColumns(String table, Column model, Column reason, Column n) {
    Map<String, Column> c = new HashMap<>();
    c.put(PassRows.KIND, lit(table));
    c.put(PassRows.MODEL, model);
    c.put(PassRows.DOMAIN, lit(null));
    c.put(PassRows.ACTUAL, lit(null));
    c.put(PassRows.PREDICTED, lit(null));
    c.put(PassRows.REASON, reason);
    c.put(PassRows.COUNT, n);
    c.put(PassRows.SKETCH, lit(null));
    c.put(PassRows.HALF, lit(null));
    join.dimensionColumns().forEach(d -> c.put(d, lit(null)));
    return c;
  }

  /** One row of {@link #perModel}: the given columns, the others as they are. */
  private static Column unpivoted(List<StructField> fields, Map<String, Column> given) {
    List<Column> cols = new ArrayList<>();
    for (var f : fields) {
      String name = f.name();
      Column v = given.get(name);
      cols.add((v == null ? col(name) : v).cast(f.dataType()).as(name));
    }
    return struct(cols.toArray(Column[]::new));
  }

  /** A null value for every slice dimension. */
  private static List<Column> nullDims(Shape shape) {
    return java.util.Collections.nCopies(shape.dims(), nullString());
  }

  private static Column nullString() {
    return lit(null).cast("string");
  }

  /**
   * The rows to count: example, score and reconciliation rows, see the class comment; no sketch
   * rows (see {@link #sketchedRows}).
   */
  public Dataset<Row> rows() {
    return exploded(examples, rowsOfExample);
  }

  /**
   * The rows to count with the sketches' rows: the joined examples go through {@link
   * SketchPartitions} once each, before they are exploded, and each row of a sketch's piece becomes
   * one pass row of its kind (its model, domain, piece in {@link PassRows#REASON}, a count of 1 and
   * the bytes in {@link PassRows#SKETCH}). The same as {@link #rows()} when nothing is sketched.
   */
  public Dataset<Row> sketchedRows() {
    if (sketches.isEmpty()) {
      return rows();
    }
    Dataset<Row> sketched = SketchPartitions.sketched(examples, sketches);
    String r = SketchPartitions.SKETCH_ROW + ".";
    Column sketchRow =
        row(
            col(r + "kind"),
            col(r + "model"),
            col(r + "domain"),
            nullDims(shape),
            nullString(),
            nullString(),
            col(r + "piece"),
            lit(1L),
            shape,
            null,
            shape.firstBase(),
            null,
            null,
            col(r + "bytes"));
    return exploded(
        sketched,
        when(col(SketchPartitions.SKETCH_ROW).isNotNull(), array(sketchRow))
            .otherwise(rowsOfExample));
  }

  private static Dataset<Row> exploded(Dataset<Row> examples, Column rowsOf) {
    return examples
        .select(explode(rowsOf).as("r"))
        .where(col("r." + PassRows.COUNT).gt(0))
        .select(col("r.*"));
  }

  /** The joined examples these rows are made of. */
  public ExampleJoin join() {
    return join;
  }

  /**
   * Per grouping of the plan (in plan order), its dimensions: the groups a score sketch counts each
   * example in.
   */
  public List<List<Integer>> groupings() {
    return groupings;
  }

  /** The base set id of rows without slice values (reconciliation and score rows). */
  public long firstBaseSet() {
    return firstBaseSet;
  }

  /** Whether the pass counts the examples table's sketches. */
  public boolean hasExamples() {
    return examplesTable;
  }

  /** The selected models, baseline first. */
  public List<String> models() {
    return models;
  }

  /** Whether the rows carry score rows (a score column and at least one binary domain). */
  public boolean hasScores() {
    return join.hasScores();
  }

  /** The columns of the slice dimensions in {@link #rows()}, in plan order. */
  public List<String> dimensionColumns() {
    return join.dimensionColumns();
  }
}
