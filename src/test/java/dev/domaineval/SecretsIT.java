package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.ConfigDump;
import dev.domaineval.testing.CapturedLog;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.RunOutputs;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets given to the real entry point never come out of it: not on standard output or error, not
 * in the log (at any level of the job's loggers), not in {@code summary.json}, the HTML report or
 * the output tables. The secrets are the usual ones: an Azure storage account key and an S3 SSE-C
 * key as Spark settings of the job file, and a password in the user information of an input or
 * output path.
 *
 * <p>The tests share one session, to which the job file's {@code spark.conf} is not applied: the
 * settings reach the job's settings dump (which must mask them) but not Spark. Spark's own
 * redaction of them is held by {@code SparkRedactionTest}.
 */
@ExtendWith(SharedSpark.class)
class SecretsIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));
  private static final Path CONF = ROOT.resolve("conf/sample.conf");

  private static final String AZURE_KEY =
      "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net";
  private static final String SSE_C_KEY = "spark.hadoop.fs.s3a.encryption.key";

  private static final String SECRET1 = "AzureAccountKeyS3cr3tOne";
  private static final String SECRET2 = "SseCustomerKeyS3cr3tTwo";
  private static final String SECRET3 = "PathPassw0rdS3cr3tThree";

  @TempDir Path dir;

  @BeforeAll
  static void startSparkBeforeCapturingItsLog(SparkSession spark) {
    // Spark configures logging when it starts; a capture opened before would be dropped.
    assertThat(spark.version()).isNotEmpty();
  }

  @Test
  void aRunWithCredentialsInItsSparkSettingsPrintsLogsAndPublishesNoneOfThem(SparkSession spark)
      throws IOException {
    Path output = dir.resolve("out");
    Captured run =
        run(
            "--config",
            CONF.toString(),
            "--set",
            "output.path=\"" + output + "\"",
            "--set",
            "run-id=it-secrets",
            "--set",
            "spark.conf.\"" + AZURE_KEY + "\"=\"" + SECRET1 + "\"",
            "--set",
            "spark.conf.\"" + SSE_C_KEY + "\"=\"" + SECRET2 + "\"");

    assertThat(run.job().exitCode()).as(run.job().err()).isZero();
    // The dump names the settings (the account too), without their values.
    assertThat(run.log())
        .contains("spark.conf." + AZURE_KEY + " = " + ConfigDump.MASK)
        .contains("spark.conf." + SSE_C_KEY + " = " + ConfigDump.MASK);
    assertNoSecrets(run);
    RunOutputs published = RunOutputs.read(spark, output.toString(), "it-secrets");
    assertThat(published.tables()).containsKeys("metrics", "confusion");
    assertThat(published.runFiles()).containsKey("summary.json");
    published
        .tables()
        .forEach(
            (table, rows) ->
                assertThat(String.join("\n", rows))
                    .as(table)
                    .doesNotContain(SECRET1, SECRET2, SECRET3));
    published
        .runFiles()
        .forEach(
            (file, text) -> assertThat(text).as(file).doesNotContain(SECRET1, SECRET2, SECRET3));
    assertNoSecretsInFiles(output);
  }

  @Test
  void anInputPathWithAPasswordStopsTheRunWithTheInputErrorMasked(SparkSession spark)
      throws IOException {
    Path output = dir.resolve("out");
    // FTP takes its login from the URI; nothing listens on port 1, so the path is not accessible.
    String labels = "ftp://eval:" + SECRET3 + "@127.0.0.1:1/labels.csv";
    Captured run =
        run(
            "--config",
            CONF.toString(),
            "--set",
            "output.path=\"" + output + "\"",
            "--set",
            "input.labels.path=\"" + labels + "\"");

    assertThat(run.job().exitCode()).as(run.job().err()).isEqualTo(2);
    assertThat(run.job().err())
        .contains("domain-eval: ")
        .contains("input.labels.path")
        .contains("ftp://" + ConfigDump.MASK + "@127.0.0.1:1/labels.csv");
    assertNoSecrets(run);
    assertNoSecretsInFiles(output);
    // Hadoop's FTP file system copies the login into the session's Hadoop configuration.
    spark.sparkContext().hadoopConfiguration().unset("fs.ftp.user.127.0.0.1");
    spark.sparkContext().hadoopConfiguration().unset("fs.ftp.password.127.0.0.1");
  }

  @Test
  void anOutputPathWithAPasswordFailsTheRunWithTheErrorMasked() throws IOException {
    Path output = dir.resolve("out");
    String outputUri = "file://eval:" + SECRET3 + "@localhost" + output.toUri().getPath();
    Captured run = run("--config", CONF.toString(), "--set", "output.path=\"" + outputUri + "\"");

    // The local file system refuses a path with user information ("Wrong FS").
    assertThat(run.job().exitCode()).as(run.job().err()).isNotZero();
    assertThat(run.job().err())
        .contains("domain-eval: ")
        .contains("file://" + ConfigDump.MASK + "@localhost");
    assertNoSecrets(run);
    assertNoSecretsInFiles(output);
  }

  /** What the job printed and logged. */
  private record Captured(JobRun job, String log) {}

  private static Captured run(String... args) {
    try (CapturedLog log = CapturedLog.open()) {
      JobRun job = JobRun.of(args);
      return new Captured(job, log.text());
    }
  }

  private static void assertNoSecrets(Captured run) {
    assertThat(run.job().out()).as("standard output").doesNotContain(SECRET1, SECRET2, SECRET3);
    assertThat(run.job().err()).as("standard error").doesNotContain(SECRET1, SECRET2, SECRET3);
    assertThat(run.log()).as("the log").doesNotContain(SECRET1, SECRET2, SECRET3);
  }

  /** Every file under the output root, read as bytes (Parquet's dictionaries included). */
  private static void assertNoSecretsInFiles(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path f : files) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(bytes).as(f.toString()).doesNotContain(SECRET1, SECRET2, SECRET3);
    }
  }
}
