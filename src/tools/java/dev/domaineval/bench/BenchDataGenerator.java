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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a benchmark data set of any size with Spark: {@code labels/} and {@code predictions/}
 * (Parquet, several files each), a job config {@code job.conf} that reads them, and {@code
 * manifest.properties} (written last: its presence means the data set is complete).
 *
 * <p>Every value is a hash of the example's index, the seed and the column's name, so rows need
 * neither a join nor a shuffle to be generated, the output is the same for the same seed and size
 * however Spark splits the work, and 10 million examples take minutes.
 *
 * <p>Labels: {@code example_id} ({@code e<index>}), {@code domain} (see {@link BenchShape#DOMAINS}:
 * 35 % to 5 %), {@code label} (~0.05 % null), {@code split} (test 80 %, validation 15 %, train 5
 * %), and the slice columns of {@link BenchShape#SLICE_COLUMNS} with skewed value frequencies
 * ({@code language} ~1 % null). Predictions: {@code example_id}, {@code model}, {@code prediction}
 * and {@code score} (probability of the positive class, binary domains only): each model is right
 * with its domain's accuracy (2 points more per fine-tuned model, 2.8 points less on the
 * out-of-domain {@code general}), else it answers another class of the domain; ~0.5 % of
 * predictions are invalid (null, blank, {@code N/A}, {@code unsure}), ~0.2 % of (example, model)
 * pairs have no prediction row, and 0.2 % more rows are orphans ({@code o<n>}: no label row).
 */
public final class BenchDataGenerator {
  public static final String LABELS = "labels";
  public static final String PREDICTIONS = "predictions";
  public static final String JOB_CONF = "job.conf";
  public static final String MANIFEST = "manifest.properties";

  private static final long ROWS_PER_FILE = 2_000_000L;
  private static final long PRIME = 1_000_000_007L;

  private final BenchShape shape;

  public BenchDataGenerator(BenchShape shape) {
    this.shape = shape;
  }

  /**
   * {@code --out DIR --examples N [--models M] [--seed S]}: writes the data set to DIR (replacing
   * what is there). Exit code 2 on bad arguments.
   */
  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse(args, List.of("out", "examples", "models", "seed"));
    if (a == null) {
      System.exit(2);
      return;
    }
    BenchShape shape;
    Path out;
    try {
      shape = new BenchShape(a.longValue("examples", 1_000_000), a.intValue("models", 2), a.seed());
      out = a.path("out", null);
    } catch (IllegalArgumentException e) {
      System.err.println("bench-data: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = BenchArgs.session("domain-eval-bench-data");
    try {
      long start = System.nanoTime();
      Properties manifest = new BenchDataGenerator(shape).write(spark, out);
      System.out.printf(
          Locale.ROOT,
          "bench-data: wrote %s label rows and %s prediction rows to %s in %.1f s%n",
          manifest.getProperty("label-rows"),
          manifest.getProperty("prediction-rows"),
          out,
          (System.nanoTime() - start) / 1e9);
    } finally {
      spark.stop();
    }
  }

  /** Writes the data set to {@code out} and returns its manifest. */
  public Properties write(SparkSession spark, Path out) throws IOException {
    Path manifestFile = out.resolve(MANIFEST);
    Files.deleteIfExists(manifestFile);
    long labelFiles = Math.max(2, ceilDiv(shape.examples(), ROWS_PER_FILE));
    long predictionFiles = Math.max(2, ceilDiv(shape.examples() * shape.models(), ROWS_PER_FILE));

    labels(spark, (int) labelFiles)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out.resolve(LABELS).toString());
    predictions(spark, (int) predictionFiles)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out.resolve(PREDICTIONS).toString());

    // Parquet footers hold the row counts: no pass over the data.
    long labelRows = spark.read().parquet(out.resolve(LABELS).toString()).count();
    long predictionRows = spark.read().parquet(out.resolve(PREDICTIONS).toString()).count();
    Files.writeString(out.resolve(JOB_CONF), jobConf(out), StandardCharsets.UTF_8);

    Properties manifest = new Properties();
    manifest.setProperty("examples", Long.toString(shape.examples()));
    manifest.setProperty("models", Integer.toString(shape.models()));
    manifest.setProperty("seed", Long.toString(shape.seed()));
    manifest.setProperty("label-rows", Long.toString(labelRows));
    manifest.setProperty("prediction-rows", Long.toString(predictionRows));
    try (var w = Files.newBufferedWriter(manifestFile, StandardCharsets.UTF_8)) {
      manifest.store(w, "domain-eval benchmark data set");
    }
    return manifest;
  }

  /** One row per example. */
  Dataset<Row> labels(SparkSession spark, int partitions) {
    Dataset<Row> ids = spark.range(0, shape.examples(), 1, partitions).withColumnRenamed("id", "i");
    List<Column> cols = new ArrayList<>();
    cols.add(expr("concat('e', CAST(i AS STRING))").as("example_id"));
    cols.add(expr(domainSql()).as("domain"));
    cols.add(
        expr("CASE WHEN "
                + uniform("null_label")
                + " < "
                + BenchShape.NULL_LABEL_RATE
                + " THEN NULL ELSE element_at(c, li + 1) END")
            .as("label"));
    cols.add(
        expr("CASE WHEN us < 0.80 THEN 'test' WHEN us < 0.95 THEN 'validation' ELSE 'train' END")
            .as("split"));
    for (BenchShape.SliceColumn s : BenchShape.SLICE_COLUMNS) {
      cols.add(expr(sliceSql(s)).as(s.name()));
    }
    return withLabel(ids.withColumn("us", expr(uniform("split"))))
        .select(cols.toArray(Column[]::new));
  }

  /**
   * Adds the example's domain index {@code d}, its classes {@code c} and its label's index {@code
   * li}, from column {@code i}. Each random draw is its own column, computed once per row (Spark
   * does not inline an expensive expression into several uses).
   */
  private Dataset<Row> withLabel(Dataset<Row> rows) {
    return rows.withColumn("ud", expr(uniform("domain")))
        .withColumn("ul", expr(uniform("label")))
        .withColumn("d", expr(domainIndexSql()))
        .withColumn("c", expr(classesSql("d")))
        .withColumn("li", expr(labelIndexSql("d")));
  }

  /** One row per (example, model), less the missing ones, plus the orphans. */
  Dataset<Row> predictions(SparkSession spark, int partitions) {
    int m = shape.models();
    Dataset<Row> pairs =
        spark
            .range(0, shape.examples() * m, 1, partitions)
            .select(expr("id DIV " + m).as("i"), expr("CAST(id % " + m + " AS INT)").as("m"))
            .where(uniform("missing", "m") + " >= " + BenchShape.MISSING_RATE);
    String accuracy = accuracySql("d", "m");
    String wrong =
        "element_at(c, CAST(pmod(li + 1 + floor("
            + uniform("wrong", "m")
            + " * (size(c) - 1)), size(c)) AS INT) + 1)";
    String invalid =
        "element_at(array(NULL, '', 'N/A', 'unsure'), CAST(floor("
            + uniform("invalid_kind", "m")
            + " * 4) AS INT) + 1)";
    Dataset<Row> matched =
        withLabel(pairs)
            .select(col("i"), col("m"), col("d"), col("c"), col("li"), expr(accuracy).as("acc"))
            .select(
                expr("concat('e', CAST(i AS STRING))").as("example_id"),
                expr(modelSql()).as("model"),
                expr("CASE WHEN "
                        + uniform("invalid", "m")
                        + " < "
                        + BenchShape.INVALID_RATE
                        + " THEN "
                        + invalid
                        + " WHEN "
                        + uniform("correct", "m")
                        + " < acc THEN element_at(c, li + 1) ELSE "
                        + wrong
                        + " END")
                    .as("prediction"),
                col("d"),
                col("c"),
                col("m"),
                col("i"))
            .select(
                col("example_id"), col("model"), col("prediction"), expr(scoreSql()).as("score"));
    long orphans = Math.max(1, shape.examples() * BenchShape.ORPHANS_PER_THOUSAND / 1000);
    Dataset<Row> orphanRows =
        spark
            .range(0, orphans, 1, 1)
            .select(col("id"), expr("CAST(id % " + m + " AS INT)").as("m"))
            .select(
                expr("concat('o', CAST(id AS STRING))").as("example_id"),
                expr(modelSql()).as("model"),
                expr("element_at(array('billing', 'spam', 'contract', 'urgent', 'fraud'),"
                        + " CAST(id % 5 AS INT) + 1)")
                    .as("prediction"),
                expr("CAST(NULL AS DOUBLE)").as("score"));
    return matched.unionByName(orphanRows);
  }

  /** The job config that reads this data set with the first four slice columns. */
  String jobConf(Path out) {
    String models =
        shape.modelNames().stream().skip(1).map(BenchDataGenerator::quoted).collect(joining());
    StringBuilder s = new StringBuilder();
    s.append("# A generated benchmark data set (")
        .append(shape.folderName())
        .append("), read by the job; see BenchDataGenerator.\n");
    s.append("run-id = bench\n");
    s.append("input {\n");
    s.append("  predictions {\n");
    s.append("    path = ").append(quoted(out.resolve(PREDICTIONS).toAbsolutePath().toString()));
    s.append("\n    format = parquet\n");
    s.append("    # Mapping the score turns the score metrics on.\n");
    s.append("    columns { example-id = example_id, model = model, prediction = prediction }\n");
    s.append("  }\n");
    s.append("  labels {\n");
    s.append("    path = ").append(quoted(out.resolve(LABELS).toAbsolutePath().toString()));
    s.append("\n    format = parquet\n");
    s.append("    columns { example-id = example_id, label = label, domain = domain }\n");
    s.append("  }\n");
    s.append("}\n");
    s.append("models {\n  baseline = base\n");
    s.append("  candidates = [").append(models.isEmpty() ? "" : models).append("]\n}\n");
    s.append("slices = ").append(slicesHocon(4)).append("\n");
    s.append("domains {\n");
    for (BenchShape.Domain d : BenchShape.DOMAINS) {
      s.append("  ").append(d.name()).append(" { ");
      if (d.binary()) {
        s.append("positive-class = ").append(d.classes().get(0)).append(", ");
      }
      if (d.outOfDomain()) {
        s.append("role = out-of-domain, ");
      }
      s.append("labels = [").append(String.join(", ", d.classes())).append("] }\n");
    }
    s.append("}\n");
    s.append("findings.fail-on-gate = false\n");
    s.append("output.path = ")
        .append(quoted(out.resolve("job-output").toAbsolutePath().toString()))
        .append("\n");
    return s.toString();
  }

  /**
   * The job's {@code slices} value for the first {@code k} slice columns; {@code site} is marked
   * high-cardinality, as its user would.
   */
  public static String slicesHocon(int k) {
    return BenchShape.sliceColumns(k).stream()
        .map(
            c ->
                "{ name = "
                    + c.name()
                    + ", column = "
                    + c.name()
                    + (c.name().equals(BenchShape.HIGH_CARDINALITY_COLUMN)
                        ? ", high-cardinality = true"
                        : "")
                    + " }")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A uniform number in [0, 1) from the example index, the seed, a salt and more columns. */
  private String uniform(String salt, String... more) {
    StringBuilder s = new StringBuilder("(pmod(xxhash64(i, ");
    s.append(shape.seed()).append("L, '").append(salt).append('\'');
    for (String c : more) {
      s.append(", ").append(c);
    }
    return s.append("), ").append(PRIME).append("L) / ").append(PRIME).append(".0D)").toString();
  }

  private static String domainIndexSql() {
    StringBuilder s = new StringBuilder("CASE");
    double cumulative = 0;
    String u = "ud";
    for (int d = 0; d < BenchShape.DOMAINS.size() - 1; d++) {
      cumulative += BenchShape.DOMAINS.get(d).share();
      s.append(" WHEN ").append(u).append(" < ").append(cumulative).append(" THEN ").append(d);
    }
    return s.append(" ELSE ").append(BenchShape.DOMAINS.size() - 1).append(" END").toString();
  }

  private static String domainSql() {
    StringBuilder s = new StringBuilder("element_at(array(");
    s.append(
        BenchShape.DOMAINS.stream()
            .map(d -> "'" + d.name() + "'")
            .collect(Collectors.joining(",")));
    return s.append("), d + 1)").toString();
  }

  private static String classesSql(String domainIndex) {
    StringBuilder s = new StringBuilder("CASE ").append(domainIndex);
    for (int d = 0; d < BenchShape.DOMAINS.size(); d++) {
      s.append(" WHEN ")
          .append(d)
          .append(" THEN array(")
          .append(
              BenchShape.DOMAINS.get(d).classes().stream()
                  .map(c -> "'" + c + "'")
                  .collect(Collectors.joining(",")))
          .append(')');
    }
    return s.append(" END").toString();
  }

  private static String labelIndexSql(String domainIndex) {
    String u = "ul";
    StringBuilder s = new StringBuilder("CASE ").append(domainIndex);
    for (int d = 0; d < BenchShape.DOMAINS.size(); d++) {
      List<Double> priors = BenchShape.DOMAINS.get(d).priors();
      s.append(" WHEN ").append(d).append(" THEN CASE");
      double cumulative = 0;
      for (int c = 0; c < priors.size() - 1; c++) {
        cumulative += priors.get(c);
        s.append(" WHEN ").append(u).append(" < ").append(cumulative).append(" THEN ").append(c);
      }
      s.append(" ELSE ").append(priors.size() - 1).append(" END");
    }
    return s.append(" END").toString();
  }

  /** A model's chance of being right on an example of the domain: its accuracy plus m gains. */
  private static String accuracySql(String domainIndex, String model) {
    StringBuilder s = new StringBuilder("CASE ").append(domainIndex);
    for (int d = 0; d < BenchShape.DOMAINS.size(); d++) {
      BenchShape.Domain domain = BenchShape.DOMAINS.get(d);
      s.append(" WHEN ")
          .append(d)
          .append(" THEN ")
          .append(domain.accuracy())
          .append(" + ")
          .append(domain.gain())
          .append(" * ")
          .append(model);
    }
    return s.append(" END").toString();
  }

  private static String modelSql() {
    return "CASE WHEN m = 0 THEN 'base' ELSE concat('ft-', CAST(m AS STRING)) END";
  }

  /**
   * Probability of the positive class (the first class) in binary domains: at least 0.5 exactly
   * when the prediction is the positive class; null for invalid predictions and multiclass domains.
   */
  private String scoreSql() {
    StringBuilder binary = new StringBuilder("d IN (");
    List<String> ids = new ArrayList<>();
    for (int d = 0; d < BenchShape.DOMAINS.size(); d++) {
      if (BenchShape.DOMAINS.get(d).binary()) {
        ids.add(Integer.toString(d));
      }
    }
    binary.append(String.join(", ", ids)).append(')');
    String u = uniform("score", "m");
    return "CASE WHEN NOT ("
        + binary
        + ") OR NOT array_contains(c, coalesce(prediction, '')) THEN CAST(NULL AS DOUBLE)"
        + " WHEN prediction = element_at(c, 1) THEN round(0.5 + 0.5 * "
        + u
        + ", 4) ELSE round(0.4999 * "
        + u
        + ", 4) END";
  }

  /** A skewed pick among the column's values: value k has about (k+1)^1.5 - k^1.5 weight. */
  private String sliceSql(BenchShape.SliceColumn s) {
    int digits = Integer.toString(s.cardinality() - 1).length();
    String u = uniform("slice_" + s.name());
    String value =
        "concat('"
            + s.prefix()
            + "', lpad(CAST(CAST(floor(power("
            + u
            + ", 1.5) * "
            + s.cardinality()
            + ") AS INT) AS STRING), "
            + digits
            + ", '0'))";
    if (s.name().equals("language")) {
      return "CASE WHEN " + uniform("null_language") + " < 0.01 THEN NULL ELSE " + value + " END";
    }
    return value;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
