package dev.domaineval.aggregate;

import static java.util.stream.Collectors.joining;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.domaineval.counts.CellCount;
import dev.domaineval.counts.FixedPointSum;
import dev.domaineval.counts.Reason;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.counts.ScoreCount;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
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
  private static final String BASE = ExampleJoin.BASE;

  private static final Comparator<ReconciliationCount> RECONCILIATION_ORDER =
      Comparator.comparing(ReconciliationCount::table)
          .thenComparing(
              ReconciliationCount::model, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(ReconciliationCount::reasonId);

  private final SparkSession spark;
  private final SlicePlan plan;
  private final List<String> dims;
  private final List<String> models;
  private final int replicates;
  private final Map<String, Long> trainingRowsByText;
  private final Dataset<Row> finest;

  private final boolean scored;
  private String finestView;

  /** Per capped dimension, the values kept (the others become {@code (other)}). */
  private final Map<Integer, Set<String>> kept = new TreeMap<>();

  /**
   * A slice dimension with more values than allowed.
   *
   * @param dimension its position in the plan's dimensions
   * @param values its number of distinct values
   * @param keptValues the number of values kept (the most supported ones)
   * @param otherRows the joined rows (labelled examples × models) of the other values
   */
  public record CappedDimension(int dimension, long values, int keptValues, long otherRows) {}

  /** The sums of a score row (fixed-point, see {@link FixedPointSum}). */
  private static final List<String> SCORE_SUMS = ExampleJoin.SUM_COLUMNS;

  /**
   * The counts of every group.
   *
   * @param confusion (actual, predicted class or {@code (invalid)}) cells of every model
   * @param paired per candidate (the group's model), (actual, paired outcome) cells, the outcome
   *     being a {@link dev.domaineval.counts.PairedOutcome} id
   */
  public record RolledUp(List<CellCount> confusion, List<CellCount> paired) {}

  /** What step one tells before any class is known. */
  public record Summary(
      List<ReconciliationCount> reconciliation,
      Map<String, Map<String, Long>> labelsByDomain,
      long finestRows) {}

  private CountAggregator(
      SparkSession spark,
      SlicePlan plan,
      List<String> dims,
      List<String> models,
      int replicates,
      Map<String, Long> trainingRowsByText,
      Dataset<Row> f,
      boolean scored) {
    this.scored = scored;
    this.replicates = replicates;
    this.trainingRowsByText = trainingRowsByText;
    this.spark = spark;
    this.plan = plan;
    this.dims = List.copyOf(dims);
    this.models = List.copyOf(models);
    this.finest = f;
  }

  /** Defines step one (lazily) and marks its small result to be kept once computed. */
  public static CountAggregator define(
      SparkSession spark, ExampleJoin join, SlicePlan plan, List<String> models) {
    int replicates = join.replicates();
    List<String> dims = join.dimensionColumns();
    Dataset<Row> examples = countedExampleRows(join);
    // The counted example rows, turned into per-model rows and summed again (the cells of one
    // model no longer differ by the other models' predictions): the small result that every later
    // query reads, kept in memory.
    Dataset<Row> perModel = join.perModel(examples);
    List<Column> cellKeys = new ArrayList<>();
    List<Column> sums = new ArrayList<>();
    for (String c : perModel.columns()) {
      boolean sum =
          c.equals(ExampleJoin.N)
              || ExampleJoin.isReplicateSum(c)
              || (join.hasScores() && SCORE_SUMS.contains(c));
      (sum ? sums : cellKeys).add(sum ? sum(col(c)).as(c) : col(c));
    }
    Dataset<Row> finest =
        perModel
            .groupBy(cellKeys.toArray(Column[]::new))
            .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    finest = finest.persist(StorageLevel.MEMORY_AND_DISK());
    return new CountAggregator(
        spark,
        plan,
        dims,
        models,
        replicates,
        join.trainingRowsCountedByText(),
        finest,
        join.hasScores());
  }

  /**
   * The pass's aggregation: the joined rows (example rows, score rows, reconciliation rows; see
   * {@link ExampleJoin}) counted with one plain {@code GROUP BY} at the finest grain.
   */
  public static Dataset<Row> countedExampleRows(ExampleJoin join) {
    Dataset<Row> rows = join.rows();
    List<String> keys =
        new ArrayList<>(
            List.of(
                ExampleJoin.KIND,
                ExampleJoin.MODEL,
                ExampleJoin.DOMAIN,
                ExampleJoin.ACTUAL,
                ExampleJoin.PREDICTED,
                ExampleJoin.REASON));
    List<Column> scoreSums = new ArrayList<>();
    if (join.hasScores()) {
      keys.add(ExampleJoin.BUCKET);
      for (String c : SCORE_SUMS) {
        scoreSums.add(sum(col(c)).as(c));
      }
    }
    // One plain GROUP BY: the joined rows already come once per base set (ExampleJoin.BASE), so no
    // grouping sets expand them again.
    List<Column> groupBy = new ArrayList<>();
    keys.forEach(k -> groupBy.add(col(k)));
    groupBy.add(col(BASE));
    List<String> payload = new ArrayList<>(List.of(ExampleJoin.N, ExampleJoin.WEIGHTS));
    payload.addAll(SCORE_SUMS);
    for (String c : rows.columns()) {
      if (!keys.contains(c) && !c.equals(BASE) && !payload.contains(c)) {
        groupBy.add(col(c));
      }
    }
    return rows.groupBy(groupBy.toArray(Column[]::new))
        .agg(
            sum(col(ExampleJoin.N)).as(ExampleJoin.N),
            concat(replicateSums(join.replicates()), scoreSums));
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
                col(ExampleJoin.KIND),
                col(ExampleJoin.MODEL),
                col(ExampleJoin.DOMAIN),
                col(ExampleJoin.ACTUAL),
                col(ExampleJoin.REASON))
            .agg(sum(col(ExampleJoin.N)).as(ExampleJoin.N), count(lit(1)).as("cells"))
            .collectAsList();
    List<ReconciliationCount> recon = new ArrayList<>();
    Map<String, Map<String, Long>> labels = new TreeMap<>();
    long cells = 0;
    long confusionRows = 0;
    String firstModel = models.get(0);
    long scoreCells = 0;
    for (Row r : rows) {
      String kind = r.getString(r.fieldIndex(ExampleJoin.KIND));
      if (isScoreRow(kind)) {
        scoreCells += r.getLong(r.fieldIndex("cells"));
        continue;
      }
      cells += r.getLong(r.fieldIndex("cells"));
      if (r.getLong(r.fieldIndex(BASE)) != base0) {
        continue;
      }
      String model = r.getString(r.fieldIndex(ExampleJoin.MODEL));
      long n = r.getLong(r.fieldIndex(ExampleJoin.N));
      if (ExampleJoin.PAIRED.equals(kind)) {
        continue;
      }
      if (ExampleJoin.CONFUSION.equals(kind)) {
        confusionRows += n;
        // Every labelled example has one confusion row per model: count one model's.
        if (firstModel.equals(model)) {
          labels
              .computeIfAbsent(r.getString(r.fieldIndex(ExampleJoin.DOMAIN)), k -> new TreeMap<>())
              .merge(r.getString(r.fieldIndex(ExampleJoin.ACTUAL)), n, Long::sum);
        }
      } else {
        recon.add(
            ReconciliationCount.parse(
                kind, model, r.getString(r.fieldIndex(ExampleJoin.REASON)), n));
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
    return new Summary(merge(recon), labels, cells);
  }

  private static boolean isScoreRow(String kind) {
    return ExampleJoin.SCORE_DOMAIN.equals(kind) || ExampleJoin.SCORE_SLICE.equals(kind);
  }

  /**
   * The score counts of every per-domain group (the pooled domain is their sum, formed by the
   * caller): domain-level buckets for the overall slice of each domain, slice-level buckets for
   * slice values. One query on the small finest-grain result, like {@link #rollUp}.
   *
   * @return empty when the rows carry no scores
   */
  public List<ScoreCount> rollUpScores() {
    if (!scored) {
      return List.of();
    }
    String view = finestView();
    List<String> groupingSets = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (SlicePlan.Grouping g : plan.groupings()) {
      List<String> cols = new ArrayList<>();
      cols.add(ExampleJoin.DOMAIN);
      g.dimensions().forEach(d -> cols.add(dims.get(d)));
      groupingSets.add("(" + String.join(", ", cols) + ")");
      String kind = g.dimensions().isEmpty() ? ExampleJoin.SCORE_DOMAIN : ExampleJoin.SCORE_SLICE;
      accepted.add(
          "(gid = "
              + plan.groupingId(g, false)
              + " AND kind = '"
              + kind
              + "' AND "
              + BASE
              + " = "
              + plan.baseSetId(g.baseSet())
              + ")");
    }
    String dimList = dims.isEmpty() ? "" : ", " + String.join(", ", dims);
    String sql =
        "SELECT * FROM (SELECT kind, model, domain"
            + dimList
            + ", actual, bucket, "
            + BASE
            + ", "
            + groupingBits(concat(ExampleJoin.DOMAIN, dims))
            + " AS gid, sum(n) AS n"
            + SCORE_SUMS.stream().map(c -> ", sum(" + c + ") AS " + c).collect(joining())
            + " FROM (SELECT kind, model, domain, actual, bucket, n, "
            + String.join(", ", SCORE_SUMS)
            + ", "
            + BASE
            + scoreDims()
            + " FROM "
            + view
            + ") WHERE kind IN ('"
            + ExampleJoin.SCORE_DOMAIN
            + "', '"
            + ExampleJoin.SCORE_SLICE
            + "') GROUP BY kind, model, actual, bucket, "
            + BASE
            + ", GROUPING SETS ("
            + String.join(", ", groupingSets)
            + ")) WHERE "
            + String.join(" OR ", accepted);
    List<Row> rows = spark.sql(sql).collectAsList();
    Map<Long, SlicePlan.Grouping> byGid = new TreeMap<>();
    for (SlicePlan.Grouping g : plan.groupings()) {
      byGid.put(plan.groupingId(g, false), g);
    }
    List<ScoreCount> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      SlicePlan.Grouping g = byGid.get(r.getLong(r.fieldIndex("gid")));
      List<String> values = new ArrayList<>();
      for (int d : g.dimensions()) {
        values.add(r.getString(r.fieldIndex(dims.get(d))));
      }
      GroupKey key =
          new GroupKey(
              r.getString(r.fieldIndex(ExampleJoin.MODEL)),
              r.getString(r.fieldIndex(ExampleJoin.DOMAIN)),
              g.key(values));
      out.add(
          new ScoreCount(
              key,
              "1".equals(r.getString(r.fieldIndex(ExampleJoin.ACTUAL))),
              r.getInt(r.fieldIndex(ExampleJoin.BUCKET)),
              r.getLong(r.fieldIndex(ExampleJoin.N)),
              scoreSum(r, ExampleJoin.SCORE_SUM),
              scoreSum(r, ExampleJoin.LOG_LOSS),
              scoreSum(r, ExampleJoin.BRIER)));
    }
    LOG.info("Rolled the scores up into {} bucket counts", out.size());
    return out;
  }

  /** The value of a fixed-point score sum of a counted row. */
  private static double scoreSum(Row r, String sum) {
    return FixedPointSum.value(
        r.getLong(r.fieldIndex(ExampleJoin.high(sum))),
        r.getLong(r.fieldIndex(ExampleJoin.low(sum))));
  }

  private String scoreDims() {
    StringBuilder sb = new StringBuilder();
    for (int d = 0; d < dims.size(); d++) {
      sb.append(", ").append(dimExpr(d, "")).append(" AS ").append(dims.get(d));
    }
    return sb.toString();
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
   * Keeps the {@code max} most supported values of each slice dimension that has more (ties by
   * value) and counts the others as {@code (other)} in the roll-ups. One query on the small
   * finest-grain result, whatever the number of dimensions; a null value ({@code (null)}) is a
   * value like any other.
   *
   * @return the capped dimensions (empty when none has more than {@code max} values)
   */
  public List<CappedDimension> capSliceValues(int max) {
    if (dims.isEmpty()) {
      return List.of();
    }
    String view = finestView();
    // One row per (dimension, value) of every finest-grain confusion row, counted in its base set:
    // one aggregation and one window whatever the number of dimensions (a UNION of one query per
    // dimension would add a Spark job per slice).
    List<String> perDim = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      int base = -1;
      for (int b = 0; b < plan.baseSets().size() && base < 0; b++) {
        if (plan.baseSets().get(b).contains(d)) {
          base = b;
        }
      }
      if (base >= 0) {
        perDim.add(
            "named_struct('d', "
                + d
                + ", 'v', "
                + dims.get(d)
                + ", 'ok', "
                + BASE
                + " = "
                + plan.baseSetId(base)
                + ")");
      }
    }
    String values =
        "SELECT d, v, sum(n) AS n FROM (SELECT inline(array("
            + String.join(", ", perDim)
            + ")), n FROM "
            + view
            + " WHERE kind = '"
            + ExampleJoin.CONFUSION
            + "') WHERE ok GROUP BY d, v";
    String sql =
        "SELECT d, v, nvalues, total - running AS other, r FROM (SELECT d, v, row_number() OVER"
            + " (PARTITION BY d ORDER BY n DESC, v) AS r, count(*) OVER (PARTITION BY d) AS"
            + " nvalues, sum(n) OVER (PARTITION BY d) AS total, sum(n) OVER (PARTITION BY d ORDER"
            + " BY n DESC, v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM ("
            + values
            + ")) WHERE nvalues > "
            + max
            + " AND r <= "
            + max;
    List<Row> rows = new ArrayList<>(spark.sql(sql).collectAsList());
    rows.sort(Comparator.comparing((Row r) -> r.getInt(0)).thenComparing(r -> r.getInt(4)));
    kept.clear();
    Map<Integer, long[]> stats = new TreeMap<>();
    for (Row r : rows) {
      int d = r.getInt(0);
      kept.computeIfAbsent(d, k -> new java.util.HashSet<>()).add(r.getString(1));
      // The last kept row's running total leaves the other values' rows.
      stats.put(d, new long[] {r.getLong(2), r.getLong(3)});
    }
    List<CappedDimension> out = new ArrayList<>();
    stats.forEach((d, s) -> out.add(new CappedDimension(d, s[0], kept.get(d).size(), s[1])));
    if (!out.isEmpty()) {
      LOG.warn(
          "Slice dimensions with more than {} values keep their {} most supported ones; the others"
              + " are counted as {}: {}",
          max,
          max,
          SliceKey.OTHER_VALUE,
          out);
    }
    return out;
  }

  /** The expression of a dimension in a roll-up: its value, or (other) beyond the kept ones. */
  private String dimExpr(int d, String prefix) {
    String col = prefix + dims.get(d);
    Set<String> values = kept.get(d);
    if (values == null) {
      return col;
    }
    String list =
        values.stream()
            .sorted()
            .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
            .collect(Collectors.joining(", "));
    return "CASE WHEN "
        + col
        + " IS NULL OR "
        + col
        + " IN ("
        + list
        + ") THEN "
        + col
        + " ELSE '"
        + SliceKey.OTHER_VALUE
        + "' END";
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

    List<String> groupingSets = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (boolean pooled : new boolean[] {false, true}) {
      for (SlicePlan.Grouping g : plan.groupings()) {
        List<String> cols = new ArrayList<>();
        if (!pooled) {
          cols.add(ExampleJoin.DOMAIN);
        }
        g.dimensions().forEach(d -> cols.add(dims.get(d)));
        groupingSets.add("(" + String.join(", ", cols) + ")");
        accepted.add(
            "(gid = "
                + plan.groupingId(g, pooled)
                + " AND "
                + BASE
                + " = "
                + plan.baseSetId(g.baseSet())
                + ")");
      }
    }
    String dimList = dims.isEmpty() ? "" : ", " + String.join(", ", dims);
    StringBuilder fDims = new StringBuilder();
    for (int d = 0; d < dims.size(); d++) {
      fDims.append(", ").append(dimExpr(d, "f.")).append(" AS ").append(dims.get(d));
    }
    String sql =
        "SELECT * FROM (SELECT kind, model, domain"
            + dimList
            + ", actual, predicted, "
            + BASE
            + ", "
            + groupingBits(concat(ExampleJoin.DOMAIN, dims))
            + " AS gid, sum(n) AS n"
            + replicateSql(replicates, "sum(b_%d)")
            + " FROM (SELECT /*+ BROADCAST(k) */ f.kind, f.model, f.domain"
            + fDims
            + replicateSql(replicates, "f.b_%d")
            + ", f.actual, CASE WHEN f.kind = '"
            + ExampleJoin.CONFUSION
            + "' THEN coalesce(k.label, '"
            + ExampleJoin.INVALID
            + "') ELSE f.predicted END AS predicted, f."
            + BASE
            + ", f.n FROM "
            + finestView
            + " f LEFT JOIN "
            + keysView
            + " k ON f.kind = '"
            + ExampleJoin.CONFUSION
            + "' AND f.domain = k.domain AND f.predicted = k.key WHERE f.kind IN ('"
            + ExampleJoin.CONFUSION
            + "', '"
            + ExampleJoin.PAIRED
            + "')) GROUP BY kind, model, actual, predicted, "
            + BASE
            + ", GROUPING SETS ("
            + String.join(", ", groupingSets)
            + ")) WHERE "
            + String.join(" OR ", accepted);
    List<Row> rows = spark.sql(sql).collectAsList();
    spark.catalog().dropTempView(keysView);

    Map<Long, SlicePlan.Grouping> byGid = new TreeMap<>();
    Map<Long, Boolean> pooledByGid = new TreeMap<>();
    for (boolean pooled : new boolean[] {false, true}) {
      for (SlicePlan.Grouping g : plan.groupings()) {
        byGid.put(plan.groupingId(g, pooled), g);
        pooledByGid.put(plan.groupingId(g, pooled), pooled);
      }
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
      String domain =
          pooledByGid.get(gid) ? SliceKey.POOLED : r.getString(r.fieldIndex(ExampleJoin.DOMAIN));
      GroupKey key = new GroupKey(r.getString(r.fieldIndex("model")), domain, g.key(values));
      long[] weighted = new long[replicates];
      for (int b = 0; b < replicates; b++) {
        int field = r.fieldIndex("b_" + b);
        weighted[b] = r.isNullAt(field) ? 0 : r.getLong(field);
      }
      CellCount cell =
          new CellCount(
              key,
              r.getString(r.fieldIndex(ExampleJoin.ACTUAL)),
              r.getString(r.fieldIndex(ExampleJoin.PREDICTED)),
              r.getLong(r.fieldIndex(ExampleJoin.N)),
              weighted);
      if (ExampleJoin.PAIRED.equals(r.getString(r.fieldIndex(ExampleJoin.KIND)))) {
        paired.add(cell);
      } else {
        confusion.add(cell);
      }
    }
    LOG.info(
        "Rolled the counts up into {} confusion cells and {} paired cells over {} groupings x (per"
            + " domain, pooled)",
        confusion.size(),
        paired.size(),
        plan.groupings().size());
    return new RolledUp(confusion, paired);
  }

  /**
   * The value of Spark's {@code grouping_id(cols...)} over just these columns (first column most
   * significant, a bit set where the column is aggregated away). Spark's own grouping_id must name
   * every grouping column in their order, so it is spelled out with {@code grouping()}.
   */
  /**
   * The bootstrap sums of a replicate-weighted count: {@code b_0 .. b_{R-1}}, one per replicate, as
   * Dataset columns (one more sum per count of the aggregation, no more passes).
   */
  private static Column[] concat(Column[] first, List<Column> rest) {
    List<Column> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all.toArray(Column[]::new);
  }

  private static Column[] replicateSums(int replicates) {
    Column[] sums = new Column[replicates];
    for (int r = 0; r < replicates; r++) {
      sums[r] = sum(col(ExampleJoin.WEIGHTS).getItem(r)).as("b_" + r);
    }
    return sums;
  }

  /** The same replicate columns in SQL, {@code pattern} taking the replicate. */
  private static String replicateSql(int replicates, String pattern) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < replicates; r++) {
      int arg = pattern.contains("element_at") ? r + 1 : r;
      sb.append(", ")
          .append(String.format(java.util.Locale.ROOT, pattern, arg))
          .append(" AS b_")
          .append(r);
    }
    return sb.toString();
  }

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
