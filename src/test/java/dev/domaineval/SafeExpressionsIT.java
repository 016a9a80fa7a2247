package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point on the shipped sample with a hostile slice expression added: it is refused
 * with exit code 2, naming the slice and the function, before any data is read; nothing is
 * published, no function runs (a {@code reflect} of {@code System.exit} would end this JVM), and
 * Spark's catalog is never asked for a table (which would create {@code spark-warehouse/} in the
 * working directory). And the session the job runs on has SQL on files off.
 */
@ExtendWith(SharedSpark.class)
class SafeExpressionsIT {
  private static final Path CONF = Path.of(System.getProperty("user.dir"), "conf/sample.conf");
  private static final Path WAREHOUSE = Path.of(System.getProperty("user.dir"), "spark-warehouse");
  private static final String RUN_ID = "safe-expr";

  /** The sample's own slices, which stay allowed next to the hostile one. */
  private static final String SAMPLE_SLICES =
      "{ name = language, column = language },"
          + " { name = input_length, expr = \"CASE WHEN CAST(input_tokens AS INT) < 256 THEN"
          + " 'short' ELSE 'long' END\" }";

  @TempDir Path dir;

  @Test
  void javaMethodReadingTheEnvironmentIsRefused() {
    JobRun run = runWith("java_method('java.lang.System', 'getenv', 'PATH')");

    assertRefused(run, "the function 'java_method' is not allowed", "it calls Java methods");
    assertThat(run.err()).doesNotContain(System.getenv("PATH"));
  }

  @Test
  void reflectOfSystemExitIsRefusedBeforeItRuns() {
    // On the previous code this ended the test JVM with exit code 0.
    JobRun run = runWith("reflect('java.lang.System', 'exit', 0)");

    assertRefused(run, "the function 'reflect' is not allowed", "it calls Java methods");
  }

  @Test
  void tryReflectIsRefused() {
    JobRun run = runWith("try_reflect('java.lang.System', 'getProperty', 'user.home')");

    assertRefused(run, "the function 'try_reflect' is not allowed");
  }

  @Test
  void aSubqueryReadingAFileIsRefused() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "secret-line-42\n");

    JobRun run = runWith("(SELECT max(value) FROM text.`" + secret + "`)");

    assertRefused(run, "a scalar subquery (SELECT ...) is not allowed");
    assertThat(run.out() + run.err()).doesNotContain("secret-line-42");
  }

  @Test
  void aNonDeterministicFunctionIsRefused() {
    JobRun run = runWith("CAST(rand() < 0.5 AS STRING)");

    assertRefused(run, "the function 'rand' is not allowed", "it is not deterministic");
  }

  @Test
  void anUnknownFunctionIsRefusedByName() {
    JobRun run = runWith("my_udf(language)");

    assertRefused(
        run,
        "the function 'my_udf' is not allowed",
        "it is not one of the allowed built-in functions");
  }

  @Test
  void variableSubstitutionIsRefused() {
    JobRun run = runWith("concat(language, '${env:PATH}')");

    assertRefused(run, "'${' is not allowed in slice expressions");
    assertThat(run.err()).doesNotContain(System.getenv("PATH"));
  }

  @Test
  void aNameThatSparkReadsAsAFunctionIsRefusedUnlessItIsAColumn() {
    JobRun run = runWith("CAST(current_timestamp AS STRING)");

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
    assertThat(message(run))
        .contains(
            "Invalid slice 'hostile': 'current_timestamp' is not a column of the labels table,"
                + " and Spark would read it as the function current_timestamp(), which is not"
                + " allowed in slice expressions (it is not deterministic")
        .contains("docs/operations.md#slice-expressions");
    assertNothingPublished(run);
  }

  @Test
  void aParseErrorGivesTheParsersReason() {
    JobRun run = runWith("upper(language");

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
    assertThat(message(run))
        .contains(
            "Invalid slice 'hostile' (slices[2].expr): the expression cannot be parsed: Syntax"
                + " error at or near end of input: missing ')' at character 15 of"
                + " \"upper(language\"");
    assertNothingPublished(run);
  }

  @Test
  void everyBadSliceIsNamedAtOnceInADryRunToo() {
    JobRun run =
        run(
            "--dry-run",
            "--set",
            "slices=["
                + SAMPLE_SLICES
                + ", { name = env, from = labels,"
                + " expr = \"java_method('java.lang.System', 'getenv', 'PATH')\" }"
                + ", { name = dice, from = labels, expr = \"CAST(rand() AS STRING)\" }"
                + ", { name = rows, expr = \"count(*)\", from = labels }]");

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
    assertThat(message(run))
        .contains("Invalid slice expressions (3 problems):")
        .contains("Invalid slice 'env' (slices[2].expr): the function 'java_method'")
        .contains("Invalid slice 'dice' (slices[3].expr): the function 'rand'")
        .contains("Invalid slice 'rows' (slices[4].expr): the function 'count'")
        .contains("In slice expressions allowed are column references")
        .doesNotContain("'language'")
        .doesNotContain("'input_length'");
    assertThat(run.out()).doesNotContain("dry run passed");
    assertNothingPublished(run);
  }

  @Test
  void runSqlOnFilesIsOffOnTheJobsSessionWhileAllowedExpressionsRun(SparkSession spark)
      throws Exception {
    String before = spark.conf().get("spark.sql.runSQLOnFiles");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    QueryExecutionListener listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
            seen.add(qe.sparkSession().conf().get("spark.sql.runSQLOnFiles"));
          }

          @Override
          public void onFailure(String funcName, QueryExecution qe, Exception exception) {
            seen.add(qe.sparkSession().conf().get("spark.sql.runSQLOnFiles"));
          }
        };
    // As a cluster default or the job file's spark.conf could.
    spark.conf().set("spark.sql.runSQLOnFiles", "true");
    spark.listenerManager().register(listener);
    JobRun run;
    try {
      run =
          run(
              "--set",
              "slices=["
                  + SAMPLE_SLICES
                  + ", { name = bucket, from = labels, expr = \"concat_ws('-', upper(language),"
                  + " CAST(pmod(hash(example_id), 3) AS STRING), IF(try_cast(input_tokens AS INT)"
                  + " BETWEEN 0 AND 255, 's', 'l'))\" }]");
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
      spark.conf().set("spark.sql.runSQLOnFiles", before);
    }

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(0);
    assertThat(seen).as("queries of the run").isNotEmpty().containsOnly("false");
    List<Row> values =
        spark
            .read()
            .parquet(dir.resolve("out/metrics/run_id=" + RUN_ID).toString())
            .where("slice = 'bucket'")
            .select("slice_value")
            .distinct()
            .collectAsList();
    assertThat(values)
        .extracting(r -> r.getString(0))
        .isNotEmpty()
        .allMatch(v -> v.matches("([A-Z]{2}-)?[0-2]-[sl]"), "upper(language)-[0-2]-[sl]")
        .anyMatch(v -> v.startsWith("EN-"));
  }

  /**
   * Runs the sample with its slices and a third one, 'hostile', of this expression over the labels
   * (so that it would resolve, and run, without the allow-list).
   */
  private JobRun runWith(String hostile) {
    return run(
        "--set",
        "slices=["
            + SAMPLE_SLICES
            + ", { name = hostile, from = labels, expr = \""
            + hostile.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\" }]");
  }

  private JobRun run(String... args) {
    List<String> all = new ArrayList<>();
    all.addAll(
        List.of(
            "--config",
            CONF.toString(),
            "--set",
            "output.path=\"" + dir.resolve("out") + "\"",
            "--set",
            "run-id=" + RUN_ID));
    all.addAll(Arrays.asList(args));
    boolean warehouseBefore = Files.exists(WAREHOUSE);
    JobRun run = JobRun.of(all.toArray(String[]::new));
    if (!warehouseBefore) {
      // Once another test of this JVM has used the catalog, its directory exists either way.
      assertThat(WAREHOUSE).as("Spark's catalog directory, made on first use").doesNotExist();
    }
    return run;
  }

  private void assertRefused(JobRun run, String... fragments) {
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
    assertThat(message(run))
        .startsWith("domain-eval: Invalid slice 'hostile' (slices[2].expr): ")
        .contains(fragments)
        .contains("; allowed are column references")
        .endsWith("; see docs/operations.md#slice-expressions.");
    assertThat(run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
    assertNothingPublished(run);
  }

  private void assertNothingPublished(JobRun run) {
    assertThat(run.out()).doesNotContain("published");
    Path out = dir.resolve("out");
    if (Files.exists(out)) {
      try (Stream<Path> files = Files.walk(out)) {
        assertThat(files.filter(Files::isRegularFile)).as("files under %s", out).isEmpty();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The job's message: from its first "domain-eval: " on, without trailing white space. */
  private static String message(JobRun run) {
    return run.err().substring(Math.max(0, run.err().indexOf("domain-eval: "))).strip();
  }
}
