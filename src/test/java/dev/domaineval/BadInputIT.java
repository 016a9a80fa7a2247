package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The real entry point on bad input and bad configuration: every case exits with code 2, says in
 * one "domain-eval: ..." message what is wrong, where and how to fix it, and publishes nothing.
 *
 * <p>Each test starts from a small valid job (10 labelled examples in two domains, predictions of
 * base, ft-v1 and the unselected ft-v0) written to its own temporary directory, and breaks one
 * thing.
 */
@ExtendWith(SharedSpark.class)
class BadInputIT {
  private static final String RUN_ID = "bad-input";

  private static final String LABELS_HEADER = "example_id,label,domain,language";
  private static final List<String> LABEL_ROWS =
      List.of(
          "e01,urgent,medical,en",
          "e02,routine,medical,de",
          "e03,routine,medical,en",
          "e04,urgent,medical,fr",
          "e05,routine,medical,en",
          "e06,spam,spam,en",
          "e07,ham,spam,de",
          "e08,ham,spam,en",
          "e09,spam,spam,fr",
          "e10,ham,spam,en");

  private static final String PREDICTIONS_HEADER = "example_id,model,prediction,score";
  private static final List<String> PREDICTION_ROWS =
      List.of(
          "e01,base,routine,0.2",
          "e01,ft-v1,urgent,0.9",
          "e02,base,routine,0.1",
          "e02,ft-v1,routine,0.1",
          "e03,base,routine,0.3",
          "e03,ft-v1,routine,0.2",
          "e04,base,urgent,0.7",
          "e04,ft-v1,Urgent,0.8",
          "e05,base,routine,0.1",
          "e05,ft-v1,urgent,0.6",
          "e06,base,spam,0.9",
          "e06,ft-v1,spam,0.8",
          "e07,base,spam,0.6",
          "e07,ft-v1,ham,0.2",
          "e08,base,ham,0.1",
          "e08,ft-v1,ham,0.1",
          "e09,base,ham,0.4",
          "e09,ft-v1,spam,0.7",
          "e10,base,ham,0.2",
          "e10,ft-v1,ham,0.3",
          "e01,ft-v0,routine,0.1",
          "e06,ft-v0,ham,0.2");

  @TempDir Path dir;

  private Path labels;
  private Path predictions;
  private Path conf;
  private Path output;

  @BeforeEach
  void writeValidJob() throws IOException {
    labels = dir.resolve("labels.csv");
    predictions = dir.resolve("predictions.csv");
    conf = dir.resolve("job.conf");
    output = dir.resolve("out");
    writeCsv(labels, LABELS_HEADER, LABEL_ROWS);
    writeCsv(predictions, PREDICTIONS_HEADER, PREDICTION_ROWS);
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
            "    columns { score = score }",
            "  }",
            "  labels {",
            "    path = \"" + labels + "\"",
            "    format = csv",
            "    options { header = \"true\" }",
            "  }",
            "}",
            "models { baseline = base, candidates = [ft-v1] }",
            "slices = [ { name = language, column = language, from = labels } ]",
            "domains {",
            "  medical { positive-class = urgent, labels = [urgent, routine] }",
            "  spam { positive-class = spam, labels = [spam, ham] }",
            "}",
            "output.path = \"" + output + "\"",
            ""),
        StandardCharsets.UTF_8);
  }

  // 1. Paths

  @Test
  void missingPredictionsPathNamesThePathAndTheKey() {
    Path missing = dir.resolve("no-such-dir/predictions.csv");
    JobRun run = run("--set", "input.predictions.path=\"" + missing + "\"");

    assertInvalid(
        run, "predictions", "'" + missing + "'", "does not exist", "input.predictions.path");
  }

  // 2. Columns

  @Test
  void labelsWithoutLabelColumnListTheColumnsFoundAndTheKey() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String r : LABEL_ROWS) {
      String[] f = r.split(",");
      rows.add(f[0] + "," + f[2] + "," + f[3]);
    }
    writeCsv(labels, "example_id,domain,language", rows);

    JobRun run = run();

    assertInvalid(
        run,
        "labels",
        "column 'label'",
        "not found",
        "found: example_id, domain, language",
        "input.labels.columns.label");
  }

  @Test
  void misspelledLabelColumnInConfigListsTheColumnsFoundAndTheKey() {
    JobRun run = run("--set", "input.labels.columns.label=lable");

    assertInvalid(
        run,
        "labels",
        "column 'lable'",
        "not found",
        "found: example_id, label, domain, language",
        "input.labels.columns.label");
  }

  // 3. Types

  @Test
  void labelColumnOfArrayTypeIsRejectedWithItsType(SparkSession spark) {
    StructType schema =
        new StructType()
            .add("example_id", DataTypes.StringType)
            .add("label", DataTypes.createArrayType(DataTypes.StringType))
            .add("domain", DataTypes.StringType)
            .add("language", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String r : LABEL_ROWS) {
      String[] f = r.split(",");
      rows.add(RowFactory.create(f[0], List.of(f[1]), f[2], f[3]));
    }
    Path parquet = writeParquet(spark, schema, rows, "labels-array.parquet");

    JobRun run = parquetLabels(parquet);

    assertInvalid(
        run,
        "labels",
        "column 'label'",
        "array<string>",
        "expected a string",
        "input.labels.columns.label");
  }

  @Test
  void labelColumnOfStructTypeIsRejectedWithItsType(SparkSession spark) {
    StructType labelType =
        new StructType().add("value", DataTypes.StringType).add("rater", DataTypes.StringType);
    StructType schema =
        new StructType()
            .add("example_id", DataTypes.StringType)
            .add("label", labelType)
            .add("domain", DataTypes.StringType)
            .add("language", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String r : LABEL_ROWS) {
      String[] f = r.split(",");
      rows.add(RowFactory.create(f[0], RowFactory.create(f[1], "r1"), f[2], f[3]));
    }
    Path parquet = writeParquet(spark, schema, rows, "labels-struct.parquet");

    JobRun run = parquetLabels(parquet);

    assertInvalid(
        run,
        "labels",
        "column 'label'",
        "struct<value:string,rater:string>",
        "expected a string",
        "input.labels.columns.label");
  }

  // 4. Duplicate keys

  @Test
  void duplicateLabelIdsFailNamingTheIdsAndThePolicyKey() throws IOException {
    List<String> rows = new ArrayList<>(LABEL_ROWS);
    rows.add("e07,spam,spam,de");
    rows.add("e03,urgent,medical,en");
    writeCsv(labels, LABELS_HEADER, rows);

    JobRun run = run();

    assertInvalid(
        run,
        "labels table",
        "2 extra rows",
        "'example_id'",
        "e03",
        "e07",
        "input.on-duplicate-keys = keep-one");
  }

  @Test
  void duplicateLabelIdsAreNamedWithoutTheNullIds() throws IOException {
    // Rows without an id are counted under null_example_id, not as duplicates: the sample of
    // offending ids must not lead with "null".
    List<String> rows = new ArrayList<>(LABEL_ROWS);
    rows.add(",ham,spam,en");
    rows.add(",spam,spam,en");
    rows.add("e03,routine,medical,en");
    writeCsv(labels, LABELS_HEADER, rows);

    JobRun run = run();

    assertInvalid(run, "labels table", "e.g. [e03]", "input.on-duplicate-keys = keep-one");
    assertThat(run.err()).doesNotContain("[null").doesNotContain(", null");
  }

  @Test
  void duplicatePredictionsOfOneModelFailNamingTheModelAndTheIds() throws IOException {
    List<String> rows = new ArrayList<>(PREDICTION_ROWS);
    rows.add("e09,ft-v1,ham,0.2");
    rows.add("e05,ft-v1,routine,0.1");
    writeCsv(predictions, PREDICTIONS_HEADER, rows);

    JobRun run = run();

    assertInvalid(
        run,
        "predictions table",
        "2 extra rows",
        "model 'ft-v1'",
        "e05",
        "e09",
        "input.on-duplicate-keys = keep-one");
  }

  // 5. keep-one

  @Test
  void keepOneCountsTheExtraRowsAsDuplicateKeyAndAccountsForEveryRow(SparkSession spark)
      throws IOException {
    List<String> labelRows = new ArrayList<>(LABEL_ROWS);
    labelRows.add("e07,spam,spam,de");
    labelRows.add("e03,urgent,medical,en");
    labelRows.add("e03,routine,medical,en");
    writeCsv(labels, LABELS_HEADER, labelRows);
    List<String> predictionRows = new ArrayList<>(PREDICTION_ROWS);
    predictionRows.add("e09,ft-v1,ham,0.2");
    predictionRows.add("e05,base,urgent,0.9");
    writeCsv(predictions, PREDICTIONS_HEADER, predictionRows);

    JobRun run = run("--set", "input.on-duplicate-keys=keep-one");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(output.resolve("_runs/run_id=" + RUN_ID + "/_SUCCESS")).exists();
    Map<String, Long> byTable = new HashMap<>();
    Map<String, Long> byReason = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(output.resolve("reconciliation/run_id=" + RUN_ID).toString())
            .collectAsList()) {
      byTable.merge(r.getAs("table"), r.<Long>getAs("rows"), Long::sum);
      byReason.merge(r.getAs("table") + "/" + r.getAs("reason"), r.<Long>getAs("rows"), Long::sum);
    }
    assertThat(byReason)
        .containsEntry("labels/duplicate_key", 3L)
        .containsEntry("predictions/duplicate_key", 2L);
    assertThat(byTable)
        .containsEntry("labels", (long) labelRows.size())
        .containsEntry("predictions", (long) predictionRows.size());
    // One row is kept per key: every model still sees each of the 10 examples exactly once.
    Map<String, Long> examplesPerModel = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(output.resolve("confusion/run_id=" + RUN_ID).toString())
            .where("domain = '*' AND slice = '*'")
            .collectAsList()) {
      examplesPerModel.merge(r.getAs("model"), r.<Long>getAs("count"), Long::sum);
    }
    assertThat(examplesPerModel).containsOnly(Map.entry("base", 10L), Map.entry("ft-v1", 10L));
  }

  // 6. Models

  @Test
  void predictionIdsThatNeverJoinTheLabelsAreInvalidInput() throws IOException {
    // The same examples, with ids in another form ("E01" for "e01"): nothing would match and
    // every prediction would silently count as (invalid).
    List<String> rows = new ArrayList<>();
    for (String row : PREDICTION_ROWS) {
      rows.add("E" + row.substring(1));
    }
    writeCsv(predictions, PREDICTIONS_HEADER, rows);

    JobRun run = run();

    assertInvalid(run, "model 'base'", "do not join", "'example_id'", "'e01' vs 'E01'");
  }

  @Test
  void unknownCandidateModelListsTheModelsFoundInTheData() {
    JobRun run = run("--set", "models.candidates=[ft-v9]");

    assertInvalid(
        run,
        "Model 'ft-v9'",
        "models.candidates",
        "no row in the predictions table",
        "base, ft-v0, ft-v1");
  }

  // 7. Empty tables

  @Test
  void labelsWithOnlyAHeaderAreAnEmptyTable() throws IOException {
    writeCsv(labels, LABELS_HEADER, List.of());

    JobRun run = run();

    assertInvalid(run, "labels table", labels.toString(), "is empty", "input.labels.path");
  }

  @Test
  void labelsFileWithoutEvenAHeaderIsAnEmptyTable() throws IOException {
    Files.writeString(labels, "");

    JobRun run = run();

    assertInvalid(run, "labels table", labels.toString(), "is empty", "input.labels.path");
  }

  @Test
  void predictionsWithOnlyAHeaderAreAnEmptyTable() throws IOException {
    writeCsv(predictions, PREDICTIONS_HEADER, List.of());

    JobRun run = run();

    assertInvalid(
        run, "predictions table", predictions.toString(), "is empty", "input.predictions.path");
  }

  @Test
  void predictionsDirectoryWithOnlyASuccessMarkerIsAnEmptyTable() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("predictions-dt=2026-11-27"));
    Files.writeString(empty.resolve("_SUCCESS"), "");

    JobRun run =
        run(
            "--set", "input.predictions.path=\"" + empty + "\"",
            "--set", "input.predictions.format=parquet",
            "--set", "input.predictions.options={}");

    assertInvalid(
        run,
        "predictions table",
        "is empty",
        "'" + empty + "'",
        "no data files",
        "input.predictions.path");
  }

  // 8. Null labels

  @Test
  void labelsThatAreAllNullLeaveNothingToEvaluate() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String r : LABEL_ROWS) {
      String[] f = r.split(",");
      rows.add(f[0] + ",," + f[2] + "," + f[3]);
    }
    writeCsv(labels, LABELS_HEADER, rows);

    JobRun run = run();

    assertInvalid(
        run,
        "labels table",
        "10 rows",
        "no usable label",
        "column 'label'",
        "input.labels.columns.label");
  }

  // 9. and 10. Label sets and domains

  @Test
  void labelOutsideTheConfiguredLabelSetNamesLabelDomainAndKey() throws IOException {
    List<String> rows = new ArrayList<>(LABEL_ROWS);
    rows.set(0, "e01,critical,medical,en");
    writeCsv(labels, LABELS_HEADER, rows);

    JobRun run = run();

    assertInvalid(
        run,
        "label 'critical'",
        "domain 'medical'",
        "configured label set",
        "domains.medical.labels");
  }

  @Test
  void configuredDomainThatDoesNotOccurInTheLabelsIsNamed() {
    JobRun run = run("--set", "domains.legal.labels=[contract, litigation]");

    assertInvalid(
        run,
        "domain 'legal'",
        "no labelled example",
        "[medical, spam]",
        "fix the name or remove it");
  }

  // 11. Slices

  @Test
  void sliceExpressionThatDoesNotResolveNamesTheSlice() {
    JobRun run =
        run(
            "--set",
            "slices=[{ name = length, expr = \"CASE WHEN CAST(input_tokens AS INT) < 256 THEN"
                + " 'short' ELSE 'long' END\" }]");

    assertInvalid(
        run,
        "Invalid slice 'length'",
        "resolves against neither table",
        "example_id, label, domain, language");
  }

  @Test
  void sliceExpressionThatAggregatesIsRejectedNamingTheSlice() {
    // It resolves on its own, but a slice is a value of each row: refused by the allow-list.
    JobRun run = run("--set", "slices=[{ name = rows, expr = \"count(*)\", from = labels }]");

    assertInvalid(
        run,
        "Invalid slice 'rows' (slices[0].expr)",
        "the function 'count' is not allowed",
        "it is an aggregate",
        "docs/operations.md#slice-expressions");
  }

  @Test
  void sliceExpressionThatFailsOnAValueIsInvalidInputNamingTheSlice() throws IOException {
    // Spark 4 casts in ANSI mode: the sample's CAST(input_tokens AS INT) fails on a non-number.
    List<String> rows = new ArrayList<>();
    for (String r : LABEL_ROWS) {
      rows.add(r + "," + (r.startsWith("e04,") ? "n/a" : "120"));
    }
    writeCsv(labels, LABELS_HEADER + ",input_tokens", rows);

    JobRun run =
        run(
            "--set",
            "slices=[{ name = length, expr = \"CASE WHEN CAST(input_tokens AS INT) < 256 THEN"
                + " 'short' ELSE 'long' END\" }]");

    assertInvalid(run, "slice 'length'", "'n/a'");
  }

  @Test
  void sliceColumnInBothTablesWithoutFromAsksForFrom() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String r : PREDICTION_ROWS) {
      rows.add(r + ",en");
    }
    writeCsv(predictions, PREDICTIONS_HEADER + ",language", rows);

    JobRun run = run("--set", "slices=[{ name = language, column = language }]");

    assertInvalid(
        run,
        "Invalid slice 'language'",
        "column 'language'",
        "both",
        "from = labels",
        "from = predictions");
  }

  // 12. Configuration through the entry point, and the dry run

  @Test
  void unknownConfigKeyIsReportedWithFileAndLine() throws IOException {
    int line = Files.readAllLines(conf).size() + 1;
    Files.writeString(
        conf,
        "input.labels.colums.label = label\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    JobRun run = run();

    assertInvalid(
        run,
        "Unknown key 'input.labels.colums.label'",
        "job.conf: " + line,
        "Did you mean 'input.labels.columns.label'?");
  }

  @Test
  void dryRunOnAValidJobPassesWithoutWritingOutputs() {
    JobRun run = run("--dry-run");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
    assertThat(run.out()).contains("domain-eval: dry run passed");
    assertThat(output).doesNotExist();
  }

  @Test
  void dryRunWithAMissingColumnFails() {
    JobRun run = run("--dry-run", "--set", "input.predictions.columns.prediction=answer");

    assertInvalid(
        run,
        "predictions",
        "column 'answer'",
        "not found",
        "found: example_id, model, prediction, score",
        "input.predictions.columns.prediction");
    assertThat(run.out()).doesNotContain("dry run passed");
  }

  // 13. Command line

  @Test
  void unknownCommandLineOptionIsInvalid() {
    JobRun run = run("--no-such-option");

    assertInvalid(run, "--no-such-option", "--help");
  }

  // Helpers

  /** Runs the job file of this test with more arguments. */
  // 14. Files that cannot be read: wrong format, corrupt data

  @Test
  void csvFileReadAsParquetNamesTheFormatKey() {
    JobRun run =
        run(
            "--set", "input.predictions.format=parquet",
            "--set", "input.predictions.options={}");

    assertUnreadable(
        run, "Cannot read predictions", predictions.toString(), "input.predictions.format");
  }

  @Test
  void corruptParquetFileAmongValidOnesNamesTheFileAndExits2(SparkSession spark)
      throws IOException {
    StructType schema =
        new StructType()
            .add("example_id", DataTypes.StringType)
            .add("label", DataTypes.StringType)
            .add("domain", DataTypes.StringType)
            .add("language", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String r : LABEL_ROWS) {
      rows.add(RowFactory.create((Object[]) r.split(",")));
    }
    Path parquet = writeParquet(spark, schema, rows, "labels-parquet");
    // A file cut short by a crashed upstream writer, listed after the good one: the schema comes
    // from the good file, and the pass meets the bad one.
    Path corrupt = parquet.resolve("part-99999-truncated.snappy.parquet");
    byte[] good;
    try (var files = Files.list(parquet)) {
      Path first =
          files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().get();
      good = Files.readAllBytes(first);
    }
    Files.write(corrupt, Arrays.copyOf(good, good.length / 2));

    JobRun run = parquetLabels(parquet);

    assertUnreadable(
        run,
        "Cannot read the labels table",
        "part-99999-truncated.snappy.parquet",
        "corrupt",
        "input.labels.path");
  }

  @Test
  void corruptGzipCsvNamesTheFileAndExits2() throws IOException {
    Path gz = dir.resolve("predictions.csv.gz");
    byte[] text =
        (PREDICTIONS_HEADER + "\n" + String.join("\n", PREDICTION_ROWS) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write(text);
    }
    byte[] full = bytes.toByteArray();
    Files.write(gz, Arrays.copyOf(full, full.length - 12));

    JobRun run = run("--set", "input.predictions.path=\"" + gz + "\"");

    assertUnreadable(
        run, "Cannot read the predictions table", "predictions.csv.gz", "input.predictions.path");
  }

  private JobRun run(String... args) {
    List<String> all = new ArrayList<>(List.of("--config", conf.toString()));
    all.addAll(Arrays.asList(args));
    return JobRun.of(all.toArray(String[]::new));
  }

  private JobRun parquetLabels(Path parquet) {
    return run(
        "--set", "input.labels.path=\"" + parquet + "\"",
        "--set", "input.labels.format=parquet",
        "--set", "input.labels.options={}");
  }

  /**
   * Exit code 2; one "domain-eval: ..." message on stderr containing every fragment, no stack
   * trace; nothing published.
   */
  private void assertInvalid(JobRun run, String... fragments) {
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
    assertThat(run.err()).contains("domain-eval: ");
    String message = run.err().substring(run.err().indexOf("domain-eval: "));
    assertThat(message).contains(fragments);
    assertThat(run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
    assertThat(run.out()).doesNotContain("published");
    assertThat(output.resolve("metrics/run_id=" + RUN_ID)).doesNotExist();
    assertThat(output.resolve("_runs/run_id=" + RUN_ID + "/_SUCCESS")).doesNotExist();
  }

  /**
   * For a file that fails only when a task reads it: Spark's own log shows the failed task with its
   * stack trace (the log of a run on a cluster does too), and the job's last word is one
   * "domain-eval: ..." line with every fragment; exit code 2; nothing published.
   */
  private void assertUnreadable(JobRun run, String... fragments) {
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
    String last = run.err().substring(run.err().lastIndexOf("domain-eval: ")).strip();
    assertThat(last).doesNotContain("\n").contains(fragments);
    assertThat(run.out()).doesNotContain("published");
    assertThat(output.resolve("metrics/run_id=" + RUN_ID)).doesNotExist();
    assertThat(output.resolve("_runs/run_id=" + RUN_ID + "/_SUCCESS")).doesNotExist();
  }

  private static void writeCsv(Path file, String header, List<String> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(header);
    lines.addAll(rows);
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private Path writeParquet(SparkSession spark, StructType schema, List<Row> rows, String name) {
    Path path = dir.resolve(name);
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path.toString());
    return path;
  }
}
