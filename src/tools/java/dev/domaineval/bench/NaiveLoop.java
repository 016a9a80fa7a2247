package dev.domaineval.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The per-slice loop a typical user would write: join once, then for every (model, domain or all
 * domains, slice value) filter the joined rows and run MLlib's {@link
 * MulticlassClassificationEvaluator} (one metric, f1) on them. Running every group would take
 * hours, so it times the queries that find the slice values, then a sample of groups spread over
 * the list (after one untimed warm-up group), and extrapolates: seconds per group × groups.
 *
 * <p>{@code --data DIR --slice-columns K --groups G --out FILE}: writes {@code groups}, {@code
 * timed-groups}, {@code seconds-per-group}, {@code discovery-seconds} and {@code estimated-seconds}
 * to FILE (a properties file).
 */
public final class NaiveLoop {
  private NaiveLoop() {}

  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse(args, List.of("data", "slice-columns", "groups", "out"));
    if (a == null) {
      System.exit(2);
      return;
    }
    Path data;
    Path out;
    List<String> slices;
    int sample;
    try {
      data = a.path("data", null);
      out = a.path("out", null);
      sample = a.intValue("groups", 4);
      slices =
          BenchShape.sliceColumns(a.intValue("slice-columns", 4)).stream()
              .map(BenchShape.SliceColumn::name)
              .toList();
    } catch (IllegalArgumentException e) {
      System.err.println("bench naive: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = BenchArgs.session("domain-eval-bench-naive");
    try {
      Properties result = run(spark, data, slices, Math.max(1, sample));
      Files.createDirectories(out.toAbsolutePath().getParent());
      try (var w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        result.store(w, "domain-eval benchmark: naive per-slice loop");
      }
      System.out.println("bench naive: " + result);
    } finally {
      spark.stop();
    }
  }

  /** One group: a filter on the joined rows. */
  record Group(String model, String domain, String slice, String value) {
    Column filter() {
      Column c = col("model").equalTo(model);
      if (domain != null) {
        c = c.and(col("domain").equalTo(domain));
      }
      if (slice != null) {
        c = c.and(value == null ? col(slice).isNull() : col(slice).equalTo(value));
      }
      return c;
    }
  }

  static Properties run(SparkSession spark, Path data, List<String> slices, int sample) {
    String classes =
        BenchShape.DOMAINS.stream()
            .flatMap(d -> d.classes().stream())
            .map(c -> "'" + c + "'")
            .collect(Collectors.joining(", ", "array(", ")"));
    // Classes as numbers, as MLlib wants them; an invalid prediction is -1, wrong for every class.
    Dataset<Row> joined =
        FloorPlan.join(spark, data, slices)
            .where(col("label").isNotNull())
            .withColumn(
                "label_index", expr("CAST(array_position(" + classes + ", label) - 1 AS DOUBLE)"))
            .withColumn(
                "prediction_index",
                expr(
                    "CAST(coalesce(array_position("
                        + classes
                        + ", prediction), 0) - 1 AS DOUBLE)"));

    long start = System.nanoTime();
    List<String> models = distinct(joined, "model");
    List<String> domains = new ArrayList<>();
    domains.add(null);
    domains.addAll(distinct(joined, "domain"));
    List<String[]> sliceValues = new ArrayList<>();
    sliceValues.add(new String[] {null, null});
    for (String s : slices) {
      for (String v : distinct(joined, s)) {
        sliceValues.add(new String[] {s, v});
      }
    }
    double discovery = (System.nanoTime() - start) / 1e9;
    List<Group> groups = new ArrayList<>();
    for (String m : models) {
      for (String d : domains) {
        for (String[] sv : sliceValues) {
          groups.add(new Group(m, d, sv[0], sv[1]));
        }
      }
    }

    MulticlassClassificationEvaluator evaluator =
        new MulticlassClassificationEvaluator()
            .setLabelCol("label_index")
            .setPredictionCol("prediction_index")
            .setMetricName("f1");
    evaluator.evaluate(joined.where(groups.get(groups.size() - 1).filter()));
    int timed = Math.min(sample, groups.size());
    long loop = System.nanoTime();
    for (int i = 0; i < timed; i++) {
      Group g = groups.get((int) ((long) i * groups.size() / timed));
      evaluator.evaluate(joined.where(g.filter()));
    }
    double perGroup = (System.nanoTime() - loop) / 1e9 / timed;
    Properties p = new Properties();
    p.setProperty("groups", Integer.toString(groups.size()));
    p.setProperty("timed-groups", Integer.toString(timed));
    p.setProperty("seconds-per-group", String.format(Locale.ROOT, "%.3f", perGroup));
    p.setProperty("discovery-seconds", String.format(Locale.ROOT, "%.3f", discovery));
    p.setProperty(
        "estimated-seconds",
        String.format(Locale.ROOT, "%.1f", discovery + perGroup * groups.size()));
    return p;
  }

  private static List<String> distinct(Dataset<Row> rows, String column) {
    List<String> values = new ArrayList<>();
    for (Row r : rows.select(column).distinct().collectAsList()) {
      values.add(r.isNullAt(0) ? null : r.getString(0));
    }
    values.sort(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
    return values;
  }
}
