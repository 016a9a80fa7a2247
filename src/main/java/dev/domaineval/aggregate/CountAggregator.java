package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.domaineval.counts.AnswerCount;
import dev.domaineval.counts.CellCount;
import dev.domaineval.counts.DiscoveryCell;
import dev.domaineval.counts.DomainScores;
import dev.domaineval.counts.ExampleSketch;
import dev.domaineval.counts.InvalidAnswer;
import dev.domaineval.counts.ListedExample;
import dev.domaineval.counts.Reason;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.counts.ScoreSketch;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single aggregation over the joined rows, and the roll-up of its small result.
 *
 * <p>Step one counts the joined rows once, at the grain of the plan's base sets (normally one:
 * model, domain, every slice dimension, actual, predicted) and keeps that small result in memory.
 * Step two, on that result only, maps prediction keys to classes and rolls the counts up into every
 * reported grouping and the pooled domain with one {@code GROUPING SETS} query. Neither step adds a
 * job per slice or per model, and the inputs are read once.
 */
public final class CountAggregator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CountAggregator.class);

  /** Above this share of cells per joined row, the log suggests high-cardinality = true. */
  private static final double FINEST_WARNING_RATIO = 0.2;

  private static final long FINEST_WARNING_MIN_ROWS = 100_000;

  /** The id of the base set that a finest-grain row was counted in. */
  private static final String BASE = PassRows.BASE_SET;

  private static final Comparator<ReconciliationCount> RECONCILIATION_ORDER =
      Comparator.comparing(ReconciliationCount::table)
          .thenComparing(
              ReconciliationCount::model, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ReconciliationCount::reasonId);

  private final SparkSession spark;
  private final SlicePlan plan;
  private final List<String> dims;
  private final List<String> models;
  private final Map<String, Long> trainingRowsByText;
  private final Dataset<Row> finest;

  private final boolean scored;
  private String finestView;

  /** The values kept of each slice dimension (all until {@link #capSliceValues}). */
  private SliceValueCap cap = SliceValueCap.NONE;

  /**
   * The counts of every group.
   *
   * @param confusion (actual, predicted class or {@code (invalid)}) cells of every model
   * @param paired per candidate (the group's model), the cells of its joint confusion with the
   *     baseline: (actual, {@link dev.domaineval.counts.JointConfusion#pairKey} of the two
   *     predicted classes)
   */
  public record RolledUp(List<CellCount> confusion, List<CellCount> paired) {}

  /**
   * What step one tells before any class is known.
   *
   * @param replacementCharacters per input table with any, its text values that hold U+FFFD
   */
  public record Summary(
      List<ReconciliationCount> reconciliation,
      Map<String, Map<String, Long>> labelsByDomain,
      Map<String, Long> replacementCharacters,
      long finestRows) {}

  private CountAggregator(SparkSession spark, SlicePlan plan, ExampleRows rows, Dataset<Row> f) {
    this.scored = rows.hasScores();
    this.trainingRowsByText = rows.join().trainingRowsCountedByText();
    this.spark = spark;
    this.plan = plan;
    this.dims = List.copyOf(rows.dimensionColumns());
    this.models = rows.models();
    this.finest = f;
  }

  /** Defines step one (lazily) and marks its small result to be kept once computed. */
  public static CountAggregator define(SparkSession spark, ExampleRows rows, SlicePlan plan) {
    Dataset<Row> examples = countedExampleRows(rows);
    // The counted example rows, turned into per-model rows and summed again (the cells of one
    // model no longer differ by the other models' predictions): the small result that every later
    // query reads, kept in memory.
    Dataset<Row> perModel = rows.perModel(examples);
    List<Column> cellKeys = new ArrayList<>();
    List<Column> sums = new ArrayList<>();
    for (String c : perModel.columns()) {
      if (c.equals(PassRows.COUNT)) {
        sums.add(sum(col(c)).as(c));
      } else {
        cellKeys.add(col(c));
      }
    }
    Dataset<Row> finest =
        perModel
            .groupBy(cellKeys.toArray(Column[]::new))
            .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    finest = finest.persist(StorageLevel.MEMORY_AND_DISK());
    return new CountAggregator(spark, plan, rows, finest);
  }

  /**
   * The pass's aggregation: the rows of the joined examples (example rows, score rows,
   * reconciliation rows; see {@link ExampleRows}) counted with one plain {@code GROUP BY} at the
   * finest grain.
   */
  public static Dataset<Row> countedExampleRows(ExampleRows exampleRows) {
    // With sketches, defining the rows runs the pass's first shuffle (Spark's adaptive execution
    // materializes it to plan the rest): a data error of the inputs may come from here.
    Dataset<Row> rows = exampleRows.sketchedRows();
    List<String> keys =
        new ArrayList<>(
            List.of(
                PassRows.KIND,
                PassRows.MODEL,
                PassRows.DOMAIN,
                PassRows.ACTUAL,
                PassRows.PREDICTED,
                PassRows.REASON));
    // One plain GROUP BY: the rows already come once per base set (PassRows.BASE_SET), so no
    // grouping sets expand them again.
    List<Column> groupBy = new ArrayList<>();
    keys.forEach(k -> groupBy.add(col(k)));
    groupBy.add(col(BASE));
    // A partition's sketch (PassRows.SKETCH) is a key like the others: the sketch rows never
    // combine here, the roll-up merges them (see SketchPartitions).
    for (String c : rows.columns()) {
      if (!keys.contains(c) && !c.equals(BASE) && !c.equals(PassRows.COUNT)) {
        groupBy.add(col(c));
      }
    }
    return rows.groupBy(groupBy.toArray(Column[]::new))
        .agg(sum(col(PassRows.COUNT)).as(PassRows.COUNT));
  }

  /**
   * Runs step one (the only pass over the inputs) and collects its summary: the reconciliation
   * counts and the labels of every domain.
   */
  public Summary summarize() {
    long base0 = plan.baseSetId(0);
    List<Row> rows =
        finest
            .groupBy(
                col(BASE),
                col(PassRows.KIND),
                col(PassRows.MODEL),
                col(PassRows.DOMAIN),
                col(PassRows.ACTUAL),
                col(PassRows.REASON))
            .agg(sum(col(PassRows.COUNT)).as(PassRows.COUNT), count(lit(1)).as("cells"))
            .collectAsList();
    List<ReconciliationCount> recon = new ArrayList<>();
    Map<String, Map<String, Long>> labels = new TreeMap<>();
    Map<String, Long> replaced = new TreeMap<>();
    long cells = 0;
    long confusionRows = 0;
    String firstModel = models.get(0);
    long scoreCells = 0;
    for (Row r : rows) {
      String kind = r.getString(r.fieldIndex(PassRows.KIND));
      if (RowKind.isScore(kind) || RowKind.isSketch(kind)) {
        scoreCells += r.getLong(r.fieldIndex("cells"));
        continue;
      }
      cells += r.getLong(r.fieldIndex("cells"));
      if (r.getLong(r.fieldIndex(BASE)) != base0) {
        continue;
      }
      String model = r.getString(r.fieldIndex(PassRows.MODEL));
      long n = r.getLong(r.fieldIndex(PassRows.COUNT));
      if (RowKind.PAIRED.is(kind)) {
        continue;
      }
      if (RowKind.REPLACEMENT_CHARACTERS.is(kind)) {
        replaced.merge(r.getString(r.fieldIndex(PassRows.REASON)), n, Long::sum);
        continue;
      }
      if (RowKind.CONFUSION.is(kind)) {
        confusionRows += n;
        // Every labelled example has one confusion row per model: count one model's.
        if (firstModel.equals(model)) {
          labels
              .computeIfAbsent(r.getString(r.fieldIndex(PassRows.DOMAIN)), k -> new TreeMap<>())
              .merge(r.getString(r.fieldIndex(PassRows.ACTUAL)), n, Long::sum);
        }
      } else {
        recon.add(
            ReconciliationCount.parse(kind, model, r.getString(r.fieldIndex(PassRows.REASON)), n));
      }
    }
    trainingRowsByText.forEach(
        (table, n) -> recon.add(ReconciliationCount.of(table, null, Reason.COMPARED_BY_TEXT, n)));
    LOG.info(
        "Counted {} joined (example, model) rows into {} finest-grain cells (and {} score cells)",
        confusionRows,
        cells,
        scoreCells);
    if (cells > FINEST_WARNING_RATIO * confusionRows && confusionRows > FINEST_WARNING_MIN_ROWS) {
      LOG.warn(
          "The finest grain has {} cells for {} joined rows: a slice with very many values is"
              + " crossed with the others. Mark it high-cardinality = true in 'slices' to count"
              + " it in a grouping of its own.",
          cells,
          confusionRows);
    }
    return new Summary(merge(recon), labels, replaced, cells);
  }

  /**
   * The score sketches of every (model, domain): the pieces of every partition's sketch, collected
   * from the finest-grain result with one small query and put together here (the driver reads a
   * (model, domain)'s partitions as one, see {@link ScoreSketch#forEachGroup(List,
   * ScoreSketch.GroupVisitor)}). With a capped slice dimension, its values beyond the kept ones
   * become {@code (other)} here (their groups merge exactly).
   *
   * @return empty when the rows carry no scores
   */
  public List<DomainScores> rollUpScores() {
    if (!scored) {
      return List.of();
    }
    List<DomainScores> out = new ArrayList<>();
    long bytes = 0;
    for (var e : SketchParts.collect(spark, finestView(), RowKind.SCORE_SKETCH).entrySet()) {
      List<byte[]> parts = e.getValue();
      if (!cap.capped().isEmpty()) {
        ScoreSketch merged = new ScoreSketch();
        parts.forEach(merged::mergeBytes);
        parts = List.of(merged.renamed(this::capped).toBytes());
      }
      for (byte[] p : parts) {
        bytes += p.length;
      }
      out.add(new DomainScores(e.getKey().get(0), e.getKey().get(1), parts));
    }
    LOG.info(
        "Collected the score sketches of {} (model, domain) pairs: {} partitions' sketches, {}"
            + " bytes",
        out.size(),
        out.stream().mapToInt(d -> d.parts().size()).sum(),
        bytes);
    return out;
  }

  /**
   * The examples behind the counts: every (model, domain)'s example sketch, its partitions merged,
   * capped slice values renamed, the invalid predictions resolved with the domain's label keys, and
   * the pooled domain's from every domain's.
   *
   * @param k the examples per group and outcome the pass kept
   * @return empty when the pass kept none
   */
  public List<ListedExample> rollUpExamples(LabelSets labelSets, int k, int maxClasses) {
    List<ListedExample> out = new ArrayList<>();
    for (var e : SketchParts.collect(spark, finestView(), RowKind.EXAMPLE_SKETCH).entrySet()) {
      ExampleSketch sketch = new ExampleSketch(k, maxClasses);
      e.getValue().forEach(sketch::mergeBytes);
      if (!cap.capped().isEmpty()) {
        sketch = sketch.renamed(this::capped);
      }
      String model = e.getKey().get(0);
      String domain = e.getKey().get(1);
      Set<String> valid = labelSets.keys().getOrDefault(domain, Map.of()).keySet();
      sketch
          .resolve(valid)
          .forEach(
              (group, byOutcome) -> {
                GroupKey key =
                    new GroupKey(
                        model, domain, plan.groupings().get(group.grouping()).key(group.values()));
                byOutcome.forEach(
                    (outcome, entries) -> {
                      for (int i = 0; i < entries.size(); i++) {
                        out.add(
                            new ListedExample(
                                key, outcome, i + 1, entries.get(i).id(), entries.get(i).hash()));
                      }
                    });
              });
    }
    out.addAll(ListedExample.pooled(out, k));
    out.sort(ListedExample.ORDER);
    LOG.info("Listed {} examples behind the counts ({} per group and outcome)", out.size(), k);
    return out;
  }

  /** A sketch's group with its values capped (see {@link SliceValueCap#value}). */
  private ScoreSketch.Group capped(ScoreSketch.Group group) {
    List<Integer> dimsOfGrouping = plan.groupings().get(group.grouping()).dimensions();
    List<String> values = new ArrayList<>(group.values().size());
    for (int i = 0; i < group.values().size(); i++) {
      values.add(cap.value(dimsOfGrouping.get(i), group.values().get(i)));
    }
    return new ScoreSketch.Group(group.grouping(), values);
  }

  /** Sums counts that share table, model and reason (grouping may split them by null keys). */
  private static List<ReconciliationCount> merge(List<ReconciliationCount> counts) {
    Map<ReconciliationCount, Long> sums = new TreeMap<>(RECONCILIATION_ORDER);
    for (ReconciliationCount c : counts) {
      sums.merge(c.withRows(0), c.rows(), Long::sum);
    }
    List<ReconciliationCount> out = new ArrayList<>();
    sums.forEach((k, v) -> out.add(k.withRows(v)));
    return out;
  }

  /**
   * Keeps the {@code max} most supported values of each slice dimension that has more and counts
   * the others as {@code (other)} in the roll-ups (see {@link SliceValueCap}).
   *
   * @return the capped dimensions (empty when none has more than {@code max} values)
   */
  public List<SliceValueCap.CappedDimension> capSliceValues(int max) {
    if (dims.isEmpty()) {
      return List.of();
    }
    cap = SliceValueCap.compute(spark, finestView(), plan, dims, max);
    return cap.capped();
  }

  /**
   * Step two: maps prediction keys to classes (unknown keys become {@code (invalid)}) and rolls the
   * finest-grain counts up into every grouping, per domain and pooled, in one query.
   */
  public RolledUp rollUp(LabelSets labelSets) {
    String id = UUID.randomUUID().toString().replace('-', '_');
    String finestView = finestView();
    String keysView = "domain_eval_keys_" + id;
    keysFrame(labelSets).createOrReplaceTempView(keysView);

    // Per domain only: the pooled domain's cells are their sums, added in Java (CellCount#pooled),
    // which halves the rows the grouping sets expand to.
    List<String> groupingSets = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (SlicePlan.Grouping g : plan.groupings()) {
      List<String> cols = new ArrayList<>();
      cols.add(PassRows.DOMAIN);
      g.dimensions().forEach(d -> cols.add(dims.get(d)));
      groupingSets.add("(" + String.join(", ", cols) + ")");
      accepted.add(
          "(gid = "
              + plan.groupingId(g, false)
              + " AND "
              + BASE
              + " = "
              + plan.baseSetId(g.baseSet())
              + ")");
    }
    String dimList = dims.isEmpty() ? "" : ", " + String.join(", ", dims);
    StringBuilder fDims = new StringBuilder();
    for (int d = 0; d < dims.size(); d++) {
      fDims.append(", ").append(cap.dimension(dims, d, "f.")).append(" AS ").append(dims.get(d));
    }
    String sql =
        "SELECT * FROM (SELECT kind, model, domain"
            + dimList
            + ", actual, predicted, "
            + BASE
            + ", "
            + groupingBits(concat(PassRows.DOMAIN, dims))
            + " AS gid, sum(n) AS n"
            + " FROM (SELECT /*+ BROADCAST(k, kb, kc) */ f.kind, f.model, f.domain"
            + fDims
            + ", f.actual, CASE WHEN f.kind = '"
            + RowKind.CONFUSION.id()
            + "' THEN "
            + classOf("k")
            + " ELSE "
            + PairKeys.sql(classOf("kb"), classOf("kc"))
            + " END AS predicted, f."
            + BASE
            + ", f.n FROM (SELECT *, "
            + PairKeys.partsSql()
            + " FROM "
            + finestView
            + ") f LEFT JOIN "
            + keysView
            + " k ON f.kind = '"
            + RowKind.CONFUSION.id()
            + "' AND f.domain = k.domain AND f.predicted = k.key LEFT JOIN "
            + keysView
            + " kb ON f.domain = kb.domain AND f.baseline_key = kb.key LEFT JOIN "
            + keysView
            + " kc ON f.domain = kc.domain AND f.candidate_key = kc.key WHERE f.kind IN ('"
            + RowKind.CONFUSION.id()
            + "', '"
            + RowKind.PAIRED.id()
            + "')) GROUP BY kind, model, actual, predicted, "
            + BASE
            + ", GROUPING SETS ("
            + String.join(", ", groupingSets)
            + ")) WHERE "
            + String.join(" OR ", accepted);
    List<Row> rows = spark.sql(sql).collectAsList();
    spark.catalog().dropTempView(keysView);

    Map<Long, SlicePlan.Grouping> byGid = new TreeMap<>();
    for (SlicePlan.Grouping g : plan.groupings()) {
      byGid.put(plan.groupingId(g, false), g);
    }
    List<CellCount> confusion = new ArrayList<>(rows.size());
    List<CellCount> paired = new ArrayList<>();
    for (Row r : rows) {
      long gid = r.getLong(r.fieldIndex("gid"));
      SlicePlan.Grouping g = byGid.get(gid);
      List<String> values = new ArrayList<>();
      for (int d : g.dimensions()) {
        values.add(r.getString(r.fieldIndex(dims.get(d))));
      }
      GroupKey key =
          new GroupKey(
              r.getString(r.fieldIndex("model")),
              r.getString(r.fieldIndex(PassRows.DOMAIN)),
              g.key(values));
      CellCount cell =
          new CellCount(
              key,
              r.getString(r.fieldIndex(PassRows.ACTUAL)),
              r.getString(r.fieldIndex(PassRows.PREDICTED)),
              r.getLong(r.fieldIndex(PassRows.COUNT)));
      if (RowKind.PAIRED.is(r.getString(r.fieldIndex(PassRows.KIND)))) {
        paired.add(cell);
      } else {
        confusion.add(cell);
      }
    }
    confusion.addAll(CellCount.pooled(confusion));
    paired.addAll(CellCount.pooled(paired));
    LOG.info(
        "Rolled the counts up into {} confusion cells and {} paired cells over {} groupings x (per"
            + " domain, pooled)",
        confusion.size(),
        paired.size(),
        plan.groupings().size());
    return new RolledUp(confusion, paired);
  }

  /**
   * What slice discovery reads: per candidate, domain, finest-grain combination of the {@code
   * searched} dimensions' values (capped values renamed) and half, the paired outcomes (see {@link
   * DiscoveryRollUp}); empty when the pass did not split its examples in halves.
   */
  public List<DiscoveryCell> rollUpDiscovery(LabelSets labelSets, List<Integer> searched) {
    if (searched.isEmpty() || !List.of(finest.columns()).contains(PassRows.HALF)) {
      return List.of();
    }
    String keysView = "domain_eval_keys_" + UUID.randomUUID().toString().replace('-', '_');
    keysFrame(labelSets).createOrReplaceTempView(keysView);
    try {
      List<String> exprs = searched.stream().map(d -> cap.dimension(dims, d, "f.")).toList();
      List<DiscoveryCell> cells =
          DiscoveryRollUp.cells(spark, finestView(), keysView, exprs, plan.baseSetId(0));
      LOG.info("Counted {} discovery cells over {} dimensions", cells.size(), searched.size());
      return cells;
    } finally {
      spark.catalog().dropTempView(keysView);
    }
  }

  /** The normalization table's counts (see {@link AnswerRollUp}). */
  public List<AnswerCount> rollUpAnswers(LabelSets labelSets) {
    return AnswerRollUp.counts(spark, finestView(), plan.baseSetId(0), labelSets);
  }

  /**
   * The most frequent invalid answers of every (model, domain) (see {@link AnswerRollUp}); empty
   * when no domain keeps raw answers.
   */
  public List<InvalidAnswer> rollUpInvalidAnswers(LabelSets labelSets, List<AnswerCount> counts) {
    return AnswerRollUp.invalidAnswers(
        SketchParts.collect(spark, finestView(), RowKind.ANSWER_SKETCH), labelSets, counts);
  }

  /** The class of a prediction key looked up in the keys view as {@code alias}. */
  static String classOf(String alias) {
    return "coalesce(" + alias + ".label, '" + ConfusionMatrix.INVALID + "')";
  }

  /**
   * The value of Spark's {@code grouping_id(cols...)} over just these columns (first column most
   * significant, a bit set where the column is aggregated away). Spark's own grouping_id must name
   * every grouping column in their order, so it is spelled out with {@code grouping()}.
   */
  private static String groupingBits(List<String> cols) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      long weight = 1L << (cols.size() - 1 - i);
      terms.add("CAST(grouping(" + cols.get(i) + ") AS BIGINT) * " + weight);
    }
    return terms.isEmpty() ? "CAST(0 AS BIGINT)" : "(" + String.join(" + ", terms) + ")";
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private Dataset<Row> keysFrame(LabelSets labelSets) {
    List<Row> rows = new ArrayList<>();
    labelSets
        .keys()
        .forEach(
            (domain, byKey) ->
                byKey.forEach((key, label) -> rows.add(RowFactory.create(domain, key, label))));
    StructType schema =
        new StructType()
            .add("domain", DataTypes.StringType, false)
            .add("key", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * The temporary view of the finest-grain counts, created once and dropped by {@link #close}:
   * dropping a view of a cached plan uncaches the plan, so the queries must not drop it between
   * them (each would read the inputs again).
   */
  private String finestView() {
    if (finestView == null) {
      finestView = "domain_eval_finest_" + UUID.randomUUID().toString().replace('-', '_');
      finest.createOrReplaceTempView(finestView);
    }
    return finestView;
  }

  @Override
  public void close() {
    if (finestView != null) {
      spark.catalog().dropTempView(finestView);
    }
    finest.unpersist();
  }
}
