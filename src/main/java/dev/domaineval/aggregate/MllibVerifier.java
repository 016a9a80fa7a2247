package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-time check {@code verify-with-mllib = N}: recomputes N randomly chosen groups with
 * MLlib's {@link MulticlassClassificationEvaluator} on the raw joined rows and compares every
 * metric MLlib defines with ours. Each group costs one more pass over the inputs, which is why it
 * is off by default.
 *
 * <p>MLlib's classes are those seen as labels, and its averages weight them by label frequency.
 * Ours range over labels and valid predictions, but a predicted-only class has weight 0 in the
 * weighted averages, so the two agree; {@code (invalid)} is given to MLlib as one more prediction
 * value that never is a label.
 */
public final class MllibVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(MllibVerifier.class);

  /** Largest difference tolerated between MLlib's value and ours. */
  public static final double TOLERANCE = 1e-9;

  /** MLlib disagrees with the job: a bug, reported with exit code 1. */
  public static final class MismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }

  private MllibVerifier() {}

  /**
   * Verifies {@code count} groups chosen with {@code seed}.
   *
   * @throws MismatchException naming the group and the metric at the first difference
   */
  public static int verify(
      SparkSession spark,
      ExampleRows exampleRows,
      SlicePlan plan,
      LabelSets labelSets,
      Map<GroupKey, List<MetricValue>> metrics,
      int count,
      long seed) {
    List<GroupKey> keys = new ArrayList<>(metrics.keySet());
    Collections.shuffle(keys, new Random(seed));
    List<GroupKey> chosen = keys.subList(0, Math.min(count, keys.size()));
    Map<String, Map<String, String>> keyMaps = labelSets.keys();
    for (GroupKey key : chosen) {
      List<String> classes = classes(key, labelSets);
      Dataset<Row> rows = rows(exampleRows, plan, key);
      List<Row> pairs = new ArrayList<>();
      // The group's rows are counted per (domain, actual, predicted key) on the cluster; only
      // those few counts come back, and each becomes as many weighted rows as it has examples.
      for (Row r :
          rows.groupBy(col("domain"), col("actual"), col("predicted")).count().collectAsList()) {
        String predicted =
            keyMaps.getOrDefault(r.getString(0), Map.of()).getOrDefault(r.getString(2), null);
        double label = classes.indexOf(r.getString(1));
        double prediction = predicted == null ? -1.0 : classes.indexOf(predicted);
        pairs.add(RowFactory.create(label, prediction, (double) r.getLong(3)));
      }
      StructType schema =
          new StructType()
              .add("label", DataTypes.DoubleType, false)
              .add("prediction", DataTypes.DoubleType, false)
              .add("weight", DataTypes.DoubleType, false);
      MulticlassMetrics mllib =
          new MulticlassClassificationEvaluator()
              .setWeightCol("weight")
              .getMetrics(spark.createDataFrame(pairs, schema));
      compare(key, metrics.get(key), mllib, classes);
    }
    LOG.info("Verified {} randomly chosen groups against MLlib's evaluators", chosen.size());
    return chosen.size();
  }

  private static void compare(
      GroupKey key, List<MetricValue> ours, MulticlassMetrics mllib, List<String> classes) {
    check(key, ours, null, MetricId.ACCURACY, mllib.accuracy());
    check(key, ours, null, MetricId.WEIGHTED_PRECISION, mllib.weightedPrecision());
    check(key, ours, null, MetricId.WEIGHTED_RECALL, mllib.weightedRecall());
    check(key, ours, null, MetricId.WEIGHTED_F1, mllib.weightedFMeasure());
    for (double label : mllib.labels()) {
      String cls = classes.get((int) label);
      check(key, ours, cls, MetricId.PRECISION, mllib.precision(label));
      check(key, ours, cls, MetricId.RECALL, mllib.recall(label));
      check(key, ours, cls, MetricId.F1, mllib.fMeasure(label));
    }
  }

  private static void check(
      GroupKey key, List<MetricValue> ours, String cls, MetricId metric, double expected) {
    MetricValue value =
        ours.stream()
            .filter(v -> v.metric() == metric && java.util.Objects.equals(v.cls(), cls))
            .findFirst()
            .orElseThrow(
                () ->
                    new MismatchException(
                        String.format(
                            "Verification against MLlib failed for %s: MLlib reports %s%s = %s,"
                                + " the job has no such row.",
                            describe(key),
                            metric.id(),
                            cls == null ? "" : " of " + cls,
                            expected)));
    if (!(Math.abs(value.value() - expected) <= TOLERANCE)) {
      throw new MismatchException(
          String.format(
              "Verification against MLlib failed for %s: %s%s is %s in the job but %s in MLlib's"
                  + " MulticlassClassificationEvaluator (tolerance %s). This is a bug: please"
                  + " report it with this run's config.",
              describe(key),
              metric.id(),
              cls == null ? "" : " of class " + cls,
              value.value(),
              expected,
              TOLERANCE));
    }
  }

  private static String describe(GroupKey key) {
    return String.format(
        "model '%s', domain '%s', slice '%s' = '%s'",
        key.model(), key.domain(), key.slice().slice(), key.slice().value());
  }

  /** The group's classes in a fixed order: its domain's label set, or all of them if pooled. */
  private static List<String> classes(GroupKey key, LabelSets labelSets) {
    TreeSet<String> all = new TreeSet<>();
    for (String domain : labelSets.domains()) {
      if (key.isPooledDomain() || domain.equals(key.domain())) {
        all.addAll(labelSets.labels(domain));
      }
    }
    return new ArrayList<>(all);
  }

  /** The raw confusion rows of one group, read again from the inputs. */
  private static Dataset<Row> rows(ExampleRows exampleRows, SlicePlan plan, GroupKey key) {
    List<String> dims = exampleRows.dimensionColumns();
    Column filter =
        col(PassRows.KIND)
            .equalTo(lit(RowKind.CONFUSION.id()))
            .and(col(PassRows.MODEL).equalTo(lit(key.model())));
    if (!key.isPooledDomain()) {
      filter = filter.and(col(PassRows.DOMAIN).equalTo(lit(key.domain())));
    }
    // Rows with slice values come once per base set: read those of the grouping's base set.
    int baseSet = 0;
    if (!key.slice().isOverall()) {
      SlicePlan.Grouping g =
          plan.groupings().stream()
              .filter(x -> x.name().equals(key.slice().slice()))
              .findFirst()
              .orElseThrow();
      Column[] parts = g.dimensions().stream().map(d -> col(dims.get(d))).toArray(Column[]::new);
      filter = filter.and(concat_ws("|", parts).equalTo(lit(key.slice().value())));
      baseSet = g.baseSet();
    }
    filter = filter.and(col(PassRows.BASE_SET).equalTo(lit(plan.baseSetId(baseSet))));
    return exampleRows
        .perModel(exampleRows.rows())
        .where(filter)
        .select(
            col(PassRows.DOMAIN),
            col(PassRows.ACTUAL),
            coalesce(col(PassRows.PREDICTED), lit(ConfusionMatrix.INVALID)).as("predicted"));
  }
}
