package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigDumpTest {
  private static final ConfigLoader LOADER =
      new ConfigLoader(Clock.fixed(Instant.parse("2026-11-27T18:30:00Z"), ZoneOffset.UTC));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.hadoop.fs.s3a.secret.key",
        "spark.hadoop.fs.s3a.access.key",
        "fs.s3a.session.token",
        "spark.hadoop.fs.azure.account.key.x.dfs.core.windows.net.SAS",
        "password",
        "spark.ssl.keyStorePassword",
        "spark.authenticate.secret",
        "fs.gs.auth.service.account.private.key",
        "credentials.file",
        "api_key",
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "Authorization",
        "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
        "spark.hadoop.fs.s3a.encryption.key",
        "fs.s3a.server-side-encryption.key"
      })
  void keysThatLookLikeSecretsAreMasked(String key) {
    assertThat(ConfigDump.isSecret(key)).isTrue();
    assertThat(ConfigDump.mask(key, "AKIA-very-secret")).isEqualTo(ConfigDump.MASK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spark.executor.memory",
        "spark.sql.shuffle.partitions",
        "spark.authenticate",
        "header",
        "spark.hadoop.fs.s3a.endpoint",
        "input.labels.path",
        "history.runs",
        "input.labels.columns.key"
      })
  void ordinaryKeysKeepTheirValues(String key) {
    assertThat(ConfigDump.isSecret(key)).isFalse();
    assertThat(ConfigDump.mask(key, "8g")).isEqualTo("8g");
  }

  @Test
  void userInformationInAUriIsMaskedWhateverTheKey() {
    assertThat(ConfigDump.mask("input.labels.path", "s3a://AKIAXYZ:wJalr/K7@bucket/labels"))
        .isEqualTo("s3a://" + ConfigDump.MASK + "@bucket/labels");
    assertThat(ConfigDump.mask("url", "jdbc:postgresql://eval:pw@db:5432/x"))
        .isEqualTo("jdbc:postgresql://" + ConfigDump.MASK + "@db:5432/x");
    assertThat(ConfigDump.mask("url", "https://ghp_abc123@github.example/x"))
        .isEqualTo("https://" + ConfigDump.MASK + "@github.example/x");
    assertThat(ConfigDump.mask("path", "hdfs://namenode:8020/warehouse/labels"))
        .isEqualTo("hdfs://namenode:8020/warehouse/labels");
  }

  @Test
  void dumpListsTheJobAndSessionSettingsSortedWithSecretsMaskedAndNamesTheJobFilesSecrets() {
    JobConfig job =
        LOADER.load(
            Optional.empty(),
            List.of(
                "input.predictions.path=\"s3a://bucket/preds\"",
                "input.labels.path=labels",
                "input.labels.options.password=hunter2",
                "models.baseline=base",
                "models.candidates=[ft-v1]",
                "output.path=out",
                "run-id=r1",
                "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=wJalrXUtnFEMI",
                "spark.conf.\"spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net\"=azk1",
                "spark.conf.\"spark.hadoop.fs.s3a.encryption.key\"=ssec2",
                "spark.conf.\"spark.sql.shuffle.partitions\"=64"));

    List<String> lines =
        ConfigDump.lines(
            job,
            Map.of("spark.master", "spark://127.0.0.1:7077", "spark.ssl.keyPassword", "changeit"));

    assertThat(String.join("\n", lines))
        .doesNotContain("hunter2", "wJalrXUtnFEMI", "changeit", "azk1", "ssec2")
        .contains(
            "run-id = r1",
            "input.predictions.path = s3a://bucket/preds",
            "input.labels.options.password = " + ConfigDump.MASK,
            "spark.conf.spark.hadoop.fs.s3a.secret.key = " + ConfigDump.MASK,
            "spark.conf.spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net = "
                + ConfigDump.MASK,
            "spark.conf.spark.hadoop.fs.s3a.encryption.key = " + ConfigDump.MASK,
            "spark.conf.spark.sql.shuffle.partitions = 64",
            "(session) spark.master = spark://127.0.0.1:7077",
            "(session) spark.ssl.keyPassword = " + ConfigDump.MASK);
    assertThat(lines).isSorted();
    assertThat(ConfigDump.secretKeys(job))
        .containsExactly(
            "spark.conf.spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
            "spark.conf.spark.hadoop.fs.s3a.encryption.key",
            "spark.conf.spark.hadoop.fs.s3a.secret.key",
            "input.labels.options.password");
  }
}
