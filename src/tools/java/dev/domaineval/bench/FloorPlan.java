package dev.domaineval.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The floor of the benchmark: the least work any correct Spark plan must do to count the confusion
 * cells of a generated data set. It reads both tables (only the needed columns), joins them once by
 * example id, counts rows with one {@code GROUP BY} at the finest grain (model, domain, every slice
 * column, actual, predicted) and writes that small result to Parquet.
 *
 * <p>{@code --data DIR --slice-columns K --out DIR}
 */
public final class FloorPlan {
  private FloorPlan() {}

  public static void main(String[] args) {
    run("floor", args, FloorPlan::count);
  }

  /** The finest-grain counts of the joined rows. */
  static Dataset<Row> count(Dataset<Row> joined, List<String> slices) {
    return joined.groupBy(grain(slices).toArray(Column[]::new)).count();
  }

  /** Predictions joined to labels by example id: one row per matched prediction. */
  static Dataset<Row> join(SparkSession spark, Path data, List<String> slices) {
    List<Column> labelCols =
        new ArrayList<>(List.of(col("example_id"), col("domain"), col("label")));
    slices.forEach(s -> labelCols.add(col(s)));
    Dataset<Row> labels =
        spark
            .read()
            .parquet(data.resolve(BenchDataGenerator.LABELS).toString())
            .select(labelCols.toArray(Column[]::new));
    Dataset<Row> predictions =
        spark
            .read()
            .parquet(data.resolve(BenchDataGenerator.PREDICTIONS).toString())
            .select("example_id", "model", "prediction");
    return predictions.join(labels, "example_id");
  }

  /** Model, domain, the slice columns, actual and predicted. */
  static List<Column> grain(List<String> slices) {
    List<Column> cols = new ArrayList<>(List.of(col("model"), col("domain")));
    slices.forEach(s -> cols.add(col(s)));
    cols.add(col("label"));
    cols.add(col("prediction"));
    return cols;
  }

  /** What a plan does with the joined rows and the slice columns. */
  interface Plan {
    Dataset<Row> apply(Dataset<Row> joined, List<String> slices);
  }

  /** Parses the arguments, runs the plan, writes its result and prints how long it took. */
  static void run(String name, String[] args, Plan plan) {
    BenchArgs a = BenchArgs.parse(args, List.of("data", "slice-columns", "out"));
    if (a == null) {
      System.exit(2);
      return;
    }
    Path data;
    Path out;
    List<String> slices;
    try {
      data = a.path("data", null);
      out = a.path("out", null);
      slices =
          BenchShape.sliceColumns(a.intValue("slice-columns", 4)).stream()
              .map(BenchShape.SliceColumn::name)
              .toList();
    } catch (IllegalArgumentException e) {
      System.err.println("bench " + name + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = BenchArgs.session("domain-eval-bench-" + name);
    try {
      long start = System.nanoTime();
      plan.apply(join(spark, data, slices), slices)
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(out.toString());
      long cells = spark.read().parquet(out.toString()).count();
      System.out.printf(
          Locale.ROOT,
          "bench %s: %d result rows in %.1f s%n",
          name,
          cells,
          (System.nanoTime() - start) / 1e9);
    } finally {
      spark.stop();
    }
  }
}
