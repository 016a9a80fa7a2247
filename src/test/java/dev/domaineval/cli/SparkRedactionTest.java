package dev.domaineval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.ConfigLoader;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * Spark's own redaction (of its logs, UI, event log and {@code SparkConf.toDebugString}, which
 * {@code spark.logConf} logs) masks in a session of the job what the job masks: the session is
 * given {@link EvaluationJob#redactionRegex}. No session is started: Spark applies the setting of a
 * {@link SparkConf} the same way.
 */
class SparkRedactionTest {
  private static final String AZURE_KEY =
      "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net";
  private static final String SSE_C_KEY = "spark.hadoop.fs.s3a.encryption.key";

  private static JobConfig job(String... sparkConf) {
    List<String> overrides =
        new ArrayList<>(
            List.of(
                "input.predictions.path=preds",
                "input.labels.path=labels",
                "models.baseline=base",
                "models.candidates=[ft-v1]",
                "output.path=out",
                "run-id=r1",
                "spark.conf.\"" + AZURE_KEY + "\"=azureKeyS3cr3t",
                "spark.conf.\"" + SSE_C_KEY + "\"=sseCKeyS3cr3t",
                "spark.conf.\"spark.hadoop.fs.defaultFS\"=\"hdfs://eval:fsPassw0rd@nn:8020\""));
    overrides.addAll(List.of(sparkConf));
    return new ConfigLoader().load(Optional.empty(), overrides);
  }

  /** The session's settings as Spark prints them. */
  private static String debugString(JobConfig config, SparkConf submitted) {
    SparkConf session = submitted.clone();
    config.sparkConf().forEach(session::set);
    session.set(Secrets.SPARK_REDACTION_KEY, EvaluationJob.redactionRegex(config, submitted));
    return session.toDebugString();
  }

  @Test
  void sparksDefaultRedactionMissesTheAzureAndSseCKeys() {
    // Why the job sets the regex: Spark's default, (?i)secret|password|token|access[.]?key.
    SparkConf plain = new SparkConf(false);
    job().sparkConf().forEach(plain::set);

    assertThat(plain.toDebugString()).contains("azureKeyS3cr3t", "sseCKeyS3cr3t", "fsPassw0rd");
  }

  @Test
  void aSessionOfTheJobRedactsTheAzureAndSseCKeysAndUserInformation() {
    String settings = debugString(job(), new SparkConf(false).set("spark.app.name", "eval"));

    assertThat(settings)
        .doesNotContain("azureKeyS3cr3t", "sseCKeyS3cr3t", "fsPassw0rd")
        .contains(AZURE_KEY + "=" + Secrets.MASK, SSE_C_KEY + "=" + Secrets.MASK)
        .contains("spark.app.name=eval");
  }

  @Test
  void aRedactionRegexGivenAtSubmitOrInTheJobFileStillApplies() {
    SparkConf submitted =
        new SparkConf(false)
            .set(Secrets.SPARK_REDACTION_KEY, "(?i)tenant\\.id")
            .set("spark.hadoop.tenant.id", "tenantS3cr3t");

    assertThat(debugString(job(), submitted)).doesNotContain("tenantS3cr3t", "azureKeyS3cr3t");
    JobConfig fromJobFile =
        job(
            "spark.conf.\"spark.redaction.regex\"=\"(?i)tenant\\\\.id\"",
            "spark.conf.\"spark.hadoop.tenant.id\"=tenantS3cr3t");
    assertThat(debugString(fromJobFile, new SparkConf(false)))
        .doesNotContain("tenantS3cr3t", "azureKeyS3cr3t");
  }
}
