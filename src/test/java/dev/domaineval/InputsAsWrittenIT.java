package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs are read as they were written and nothing is lost silently: RFC 4180 csv (quoted line
 * breaks, {@code ""} quotes), rows without a domain, corrupt files under a session that would skip
 * them, text in another encoding than UTF-8, ids with surrounding spaces, files that are not data
 * in an input directory, and slice values that look like the job's own markers.
 *
 * <p>Each test writes a small job to its own temporary directory: labels of two domains with a
 * {@code channel} slice, predictions of {@code base} and {@code ft-v1} for every example, and
 * computes the counts it expects from the rows it wrote.
 */
@ExtendWith(SharedSpark.class)
class InputsAsWrittenIT {
  private static final String RUN_ID = "as-written";
  private static final String IGNORE_CORRUPT = "spark.sql.files.ignoreCorruptFiles";

  /** One label row as written: id, label, domain, channel (slice), note (free text). */
  private record LabelRow(String id, String label, String domain, String channel, String note) {}

  @TempDir Path dir;

  private Path labels;
  private Path predictions;
  private Path conf;
  private Path output;

  @BeforeEach
  void paths() {
    labels = dir.resolve("labels.csv");
    predictions = dir.resolve("predictions.csv");
    conf = dir.resolve("job.conf");
    output = dir.resolve("out");
  }

  @Test
  void rfc4180CsvWithQuotedLineBreaksAndDoubledQuotesIsReadRecordByRecord(SparkSession spark)
      throws IOException {
    String[] channels = {"web", "the \"app\"", "call\ncentre", "mail, \"urgent\" box"};
    List<LabelRow> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean medical = i % 2 == 0;
      rows.add(
          new LabelRow(
              String.format("e%02d", i),
              medical ? (i % 4 == 0 ? "urgent" : "routine") : (i % 3 == 0 ? "spam" : "ham"),
              medical ? "medical" : "spam",
              channels[i % channels.length],
              i % 5 == 0 ? "first line\nsecond, \"quoted\" line\n\nlast" : "one line"));
    }
    writeLabels(rows, StandardCharsets.UTF_8);
    writePredictions(rows, "");
    writeConf("");

    JobRun run = run();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(reconciliation(spark, "labels")).isEqualTo(Map.of("predicted_by_all_models", 40L));
    assertThat(reconciliation(spark, "predictions")).isEqualTo(Map.of("matched", 80L));
    Map<String, Long> expected = new TreeMap<>();
    for (LabelRow r : rows) {
      expected.merge(r.channel(), 1L, Long::sum);
    }
    assertThat(examplesPerSliceValue(spark, "base", "channel")).isEqualTo(expected);
    assertNoNullDomain(spark);
  }

  @Test
  void labelRowsWithANullOrBlankDomainAreCountedUnderTheirOwnReason(SparkSession spark)
      throws IOException {
    List<LabelRow> rows = new ArrayList<>(baseRows());
    rows.add(new LabelRow("e90", "spam", null, "web", "x"));
    rows.add(new LabelRow("e91", "ham", "   ", "web", "x"));
    writeLabels(rows, StandardCharsets.UTF_8);
    writePredictions(rows, "");
    writeConf("");

    JobRun run = run();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(reconciliation(spark, "labels"))
        .isEqualTo(Map.of("predicted_by_all_models", 10L, "null_domain", 2L));
    assertThat(reconciliation(spark, "predictions"))
        .isEqualTo(Map.of("matched", 20L, "null_domain", 4L));
    assertNoNullDomain(spark);
  }

  @Test
  void aCorruptFileStopsTheRunEvenWhenTheSessionIgnoresCorruptFiles(SparkSession spark)
      throws IOException {
    List<LabelRow> rows = baseRows();
    writeLabels(rows, StandardCharsets.UTF_8);
    StructType schema =
        new StructType()
            .add("example_id", DataTypes.StringType)
            .add("model", DataTypes.StringType)
            .add("prediction", DataTypes.StringType);
    List<Row> preds = new ArrayList<>();
    for (LabelRow r : rows) {
      for (String model : List.of("base", "ft-v1")) {
        preds.add(RowFactory.create(r.id(), model, r.label()));
      }
    }
    Path parquet = dir.resolve("predictions-parquet");
    spark.createDataFrame(preds, schema).coalesce(1).write().parquet(parquet.toString());
    byte[] good;
    try (var files = Files.list(parquet)) {
      good =
          Files.readAllBytes(
              files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow());
    }
    Files.write(
        parquet.resolve("part-99999-truncated.snappy.parquet"),
        Arrays.copyOf(good, good.length / 2));
    writeConf("");

    // The shared session stands in for a cluster whose defaults skip corrupt files.
    String before = spark.conf().get(IGNORE_CORRUPT);
    spark.conf().set(IGNORE_CORRUPT, "true");
    JobRun run;
    try {
      run =
          run(
              "--set", "input.predictions.path=\"" + parquet + "\"",
              "--set", "input.predictions.format=parquet",
              "--set", "input.predictions.options={}");
    } finally {
      spark.conf().set(IGNORE_CORRUPT, before);
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    String last = run.err().substring(run.err().lastIndexOf("domain-eval: ")).strip();
    assertThat(last).contains("predictions table", "part-99999-truncated.snappy.parquet");
    assertThat(output.resolve("_runs/run_id=" + RUN_ID + "/_SUCCESS")).doesNotExist();
  }

  @Test
  void latin1TextIsNamedAsProbablyNotUtf8AndReadRightWithItsEncoding(SparkSession spark)
      throws IOException {
    List<LabelRow> rows = new ArrayList<>();
    for (LabelRow r : baseRows()) {
      rows.add(
          new LabelRow(
              r.id(),
              r.label(),
              r.domain(),
              r.id().compareTo("e05") <= 0 ? "français" : "web",
              ""));
    }
    writeLabels(rows, StandardCharsets.ISO_8859_1);
    writePredictions(rows, "");
    writeConf("");

    JobRun asUtf8 = run();

    assertThat(asUtf8.exitCode()).as(asUtf8.err()).isZero();
    List<String> messages = findings(spark, "REPLACEMENT_CHARACTERS");
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0))
        .contains(
            "5 values of the labels table", "U+FFFD", "UTF-8", "input.labels.options.encoding");

    JobRun asLatin1 =
        run("--set", "input.labels.options.encoding=ISO-8859-1", "--set", "run-id=latin1");

    assertThat(asLatin1.exitCode()).as(asLatin1.err()).isZero();
    assertThat(findings(spark, "latin1", "REPLACEMENT_CHARACTERS")).isEmpty();
    assertThat(examplesPerSliceValue(spark, "latin1", "base", "channel"))
        .isEqualTo(Map.of("français", 5L, "web", 5L));
  }

  @Test
  void idsWithSurroundingSpacesMatch(SparkSession spark) throws IOException {
    List<LabelRow> rows = new ArrayList<>();
    for (LabelRow r : baseRows()) {
      boolean even = Integer.parseInt(r.id().substring(1)) % 2 == 0;
      rows.add(new LabelRow(even ? r.id() + " " : r.id(), r.label(), r.domain(), r.channel(), ""));
    }
    writeLabels(rows, StandardCharsets.UTF_8);
    List<LabelRow> trimmed = new ArrayList<>();
    for (LabelRow r : rows) {
      trimmed.add(new LabelRow(r.id().trim(), r.label(), r.domain(), r.channel(), ""));
    }
    writePredictions(trimmed, " ");
    writeConf("");

    JobRun run = run();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(reconciliation(spark, "labels")).isEqualTo(Map.of("predicted_by_all_models", 10L));
    assertThat(reconciliation(spark, "predictions")).isEqualTo(Map.of("matched", 20L));
  }

  @Test
  void aNotesFileBesideCsvPartFilesIsIgnoredAndCounted(SparkSession spark) throws IOException {
    List<LabelRow> rows = baseRows();
    writeLabels(rows, StandardCharsets.UTF_8);
    Path preds = Files.createDirectories(dir.resolve("predictions-dir"));
    writePredictions(rows.subList(0, 6), "");
    Files.move(predictions, preds.resolve("part-00000-a.csv"));
    writePredictions(rows.subList(6, 10), "");
    Files.move(predictions, preds.resolve("part-00001-a.csv.gz.tmp"));
    gzip(preds.resolve("part-00001-a.csv.gz.tmp"), preds.resolve("part-00001-a.csv.gz"));
    Files.delete(preds.resolve("part-00001-a.csv.gz.tmp"));
    Files.writeString(
        preds.resolve("NOTES.txt"),
        "Exported by hand\ne01,base,spam\ne02,ft-v1,ham\nrerun, if needed\n",
        StandardCharsets.UTF_8);
    Files.writeString(preds.resolve("_SUCCESS"), "");
    writeConf("");

    JobRun run = run("--set", "input.predictions.path=\"" + preds + "\"");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(reconciliation(spark, "predictions")).isEqualTo(Map.of("matched", 20L));
    List<String> messages = findings(spark, "IGNORED_FILES");
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0)).contains("1 file", "predictions", "NOTES.txt");
  }

  @Test
  void aFileNamedAsTheInputPathIsReadWhateverItsName(SparkSession spark) throws IOException {
    List<LabelRow> rows = baseRows();
    writeLabels(rows, StandardCharsets.UTF_8);
    writePredictions(rows, "");
    Path named = Files.move(predictions, dir.resolve("predictions.export"));
    writeConf("");

    JobRun run = run("--set", "input.predictions.path=\"" + named + "\"");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(reconciliation(spark, "predictions")).isEqualTo(Map.of("matched", 20L));
    assertThat(findings(spark, "IGNORED_FILES")).isEmpty();
  }

  @Test
  void literalNullAndOtherSliceValuesStayApartFromNullsAndTheCapBucket(SparkSession spark)
      throws IOException {
    // channel: "(null)" x3, "(other)" x3, "\(null)" x1, null x2, "x" x1, "y" x1 ... "z" x1.
    String[] channels = {
      "(null)",
      "(null)",
      "(null)",
      "(other)",
      "(other)",
      "(other)",
      "\\(null)",
      null,
      null,
      "x",
      "y",
      "z"
    };
    List<LabelRow> rows = new ArrayList<>();
    for (int i = 0; i < channels.length; i++) {
      rows.add(
          new LabelRow(
              String.format("e%02d", i), i % 2 == 0 ? "spam" : "ham", "spam", channels[i], ""));
    }
    writeLabels(rows, StandardCharsets.UTF_8);
    writePredictions(rows, "");
    writeConf("");

    // Five values kept: the two of three rows, the real null, then by value "\(null)" and "x".
    JobRun run = run("--set", "max-slice-values=5");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(examplesPerSliceValue(spark, "base", "channel"))
        .isEqualTo(
            Map.of(
                "\\(null)", 3L,
                "\\(other)", 3L,
                "(null)", 2L,
                "\\\\(null)", 1L,
                "x", 1L,
                "(other)", 2L));
  }

  // Fixture

  /** Ten labelled examples, five per domain. */
  private static List<LabelRow> baseRows() {
    String[] labelsOf = {"urgent", "routine", "routine", "urgent", "routine"};
    String[] spamOf = {"spam", "ham", "ham", "spam", "ham"};
    List<LabelRow> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      boolean medical = i <= 5;
      rows.add(
          new LabelRow(
              String.format("e%02d", i),
              medical ? labelsOf[i - 1] : spamOf[i - 6],
              medical ? "medical" : "spam",
              i % 2 == 0 ? "web" : "mail",
              ""));
    }
    return rows;
  }

  /** Writes the labels as RFC 4180 csv: every field quoted, quotes doubled, CRLF not used. */
  private void writeLabels(List<LabelRow> rows, Charset charset) throws IOException {
    StringBuilder s = new StringBuilder("example_id,label,domain,channel,note\n");
    for (LabelRow r : rows) {
      s.append(
              String.join(
                  ",",
                  quoted(r.id()),
                  quoted(r.label()),
                  quoted(r.domain()),
                  quoted(r.channel()),
                  quoted(r.note())))
          .append('\n');
    }
    Files.writeString(labels, s, charset);
  }

  /** Predictions of base (always the label) and ft-v1 (the label too), ids prefixed. */
  private void writePredictions(List<LabelRow> rows, String idPrefix) throws IOException {
    StringBuilder s = new StringBuilder("example_id,model,prediction\n");
    for (LabelRow r : rows) {
      for (String model : List.of("base", "ft-v1")) {
        s.append(String.join(",", quoted(idPrefix + r.id()), model, quoted(r.label())))
            .append('\n');
      }
    }
    Files.writeString(predictions, s, StandardCharsets.UTF_8);
  }

  /** A csv field: null as an empty unquoted field, else quoted with quotes doubled. */
  private static String quoted(String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }

  private static void gzip(Path from, Path to) throws IOException {
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(to))) {
      out.write(Files.readAllBytes(from));
    }
  }

  private void writeConf(String more) throws IOException {
    Files.writeString(
        conf,
        String.join(
            "\n",
            "run-id = " + RUN_ID,
            "input {",
            "  predictions {",
            "    path = \"" + predictions + "\"",
            "    format = csv",
            "    options { header = \"true\" }",
            "  }",
            "  labels {",
            "    path = \"" + labels + "\"",
            "    format = csv",
            "    options { header = \"true\" }",
            "  }",
            "}",
            "models { baseline = base, candidates = [ft-v1] }",
            "slices = [ { name = channel, column = channel, from = labels } ]",
            "findings.fail-on-gate = false",
            "output.path = \"" + output + "\"",
            more,
            ""),
        StandardCharsets.UTF_8);
  }

  private JobRun run(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", conf.toString()));
    all.addAll(Arrays.asList(args));
    return JobRun.of(all.toArray(String[]::new));
  }

  private Path table(String table, String runId) {
    return output.resolve(table + "/run_id=" + runId);
  }

  /** The reconciliation rows of one input table, by reason. */
  private Map<String, Long> reconciliation(SparkSession spark, String table) {
    Map<String, Long> byReason = new TreeMap<>();
    for (Row r : spark.read().parquet(table("reconciliation", RUN_ID).toString()).collectAsList()) {
      if (table.equals(r.getAs("table"))) {
        byReason.merge(r.getAs("reason"), r.<Long>getAs("rows"), Long::sum);
      }
    }
    return byReason;
  }

  private Map<String, Long> examplesPerSliceValue(SparkSession spark, String model, String slice) {
    return examplesPerSliceValue(spark, RUN_ID, model, slice);
  }

  /** A model's examples per value of a slice, over every domain pooled. */
  private Map<String, Long> examplesPerSliceValue(
      SparkSession spark, String runId, String model, String slice) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(table("confusion", runId).toString())
            .where(String.format("model = '%s' AND domain = '*' AND slice = '%s'", model, slice))
            .collectAsList()) {
      out.merge(r.getAs("slice_value"), r.<Long>getAs("count"), Long::sum);
    }
    return out;
  }

  private List<String> findings(SparkSession spark, String code) {
    return findings(spark, RUN_ID, code);
  }

  private List<String> findings(SparkSession spark, String runId, String code) {
    return spark
        .read()
        .parquet(table("findings", runId).toString())
        .where("code = '" + code + "'")
        .collectAsList()
        .stream()
        .map(r -> r.<String>getAs("message"))
        .toList();
  }

  /** No table of the run has a domain (null). */
  private void assertNoNullDomain(SparkSession spark) {
    for (String t : List.of("confusion", "metrics", "comparison", "findings", "verdicts")) {
      assertThat(
              spark.read().parquet(table(t, RUN_ID).toString()).where("domain = '(null)'").count())
          .as("rows of %s with domain (null)", t)
          .isZero();
    }
  }
}
