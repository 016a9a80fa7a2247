package dev.domaineval.config;

import static dev.domaineval.config.Secrets.MASK;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // Masked since the first release (ConfigDumpTest holds these too).
        "spark.hadoop.fs.s3a.secret.key",
        "spark.hadoop.fs.s3a.access.key",
        "fs.s3a.session.token",
        "spark.ssl.keyStorePassword",
        "spark.authenticate.secret",
        "fs.gs.auth.service.account.private.key",
        "api_key",
        "Authorization",
        "my.passwd",
        "user.credentials",
        // A class name, masked all the same: its key names a credential (see Secrets).
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "spark.hadoop.fs.s3a.access.key.provider",
        // Azure storage account keys (ABFS and WASB) and SAS tokens.
        "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
        "fs.azure.account.key.acct.blob.core.windows.net",
        "FS.AZURE.ACCOUNT.KEY.ACCT.DFS.CORE.WINDOWS.NET",
        "fs.azure.account.key",
        "fs.azure.sas.container.acct.blob.core.windows.net",
        "fs.azure.sas.fixed.token",
        "fs.azure.account.oauth2.client.secret",
        "options.accountSas",
        // Keys whose last segment ends in key: S3 SSE-C, GCS CSEK and the like.
        "spark.hadoop.fs.s3a.encryption.key",
        "fs.s3a.server-side-encryption.key",
        "fs.s3a.bucket.eval-data.encryption.key",
        "fs.gs.encryption.key",
        "fs.cosn.userinfo.secretKey",
        "options.apiKey",
        "spark.kubernetes.authenticate.submission.oauthToken"
      })
  void secretKeysAreMasked(String key) {
    assertThat(Secrets.isSecretKey(key)).isTrue();
    assertThat(Secrets.maskValue(key, "AKIA-very-secret")).isEqualTo(MASK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "history.runs",
        "columns.key",
        "input.labels.columns.key",
        "input.on-duplicate-keys",
        "spark.executor.memory",
        "spark.authenticate",
        "spark.network.crypto.saslFallback",
        "spark.ssl.keyStore",
        "spark.io.encryption.keySizeBits",
        "fs.azure.account.keyprovider.acct.dfs.core.windows.net",
        "spark.hadoop.fs.s3a.endpoint",
        "input.labels.path",
        "header"
      })
  void ordinaryKeysKeepTheirValues(String key) {
    assertThat(Secrets.isSecretKey(key)).isFalse();
    assertThat(Secrets.maskValue(key, "8g")).isEqualTo("8g");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3a://AKIAXYZ:wJalr/K7@bucket/labels | s3a://" + MASK + "@bucket/labels",
        "s3a://AKIAXYZ:wJ@lr/K7@bucket/labels | s3a://" + MASK + "@bucket/labels",
        "jdbc:postgresql://eval:pw@db:5432/x | jdbc:postgresql://" + MASK + "@db:5432/x",
        "https://ghp_abc123@github.example/x | https://" + MASK + "@github.example/x",
        "abfss://c:pw@acct.dfs.core.windows.net/x | abfss://"
            + MASK
            + "@acct.dfs.core.windows.net/x",
        // The part before '@' of an Azure storage URI is the container.
        "abfss://eval@acct.dfs.core.windows.net/x | abfss://eval@acct.dfs.core.windows.net/x",
        "wasbs://eval@acct.blob.core.windows.net/x | wasbs://eval@acct.blob.core.windows.net/x",
        "hdfs://namenode:8020/warehouse/labels | hdfs://namenode:8020/warehouse/labels",
        "/data/labels.csv | /data/labels.csv",
        "ask eval@example.com | ask eval@example.com"
      })
  void userInformationInAUriIsMasked(String text, String masked) {
    assertThat(Secrets.maskText(text)).isEqualTo(masked);
    assertThat(Secrets.maskValue("input.labels.path", text)).isEqualTo(masked);
  }

  @Test
  void userInformationIsMaskedWhereverTheUriStandsInALongerText() {
    assertThat(
            Secrets.maskText(
                "java.lang.IllegalArgumentException: Wrong FS:"
                    + " file://eval:hunter2@localhost/tmp/out/_runs, expected: file:///"))
        .isEqualTo(
            "java.lang.IllegalArgumentException: Wrong FS: file://"
                + MASK
                + "@localhost/tmp/out/_runs, expected: file:///");
    assertThat(
            Secrets.maskText(
                "Cannot read labels: path 'ftp://eval:hunter2@127.0.0.1:1/labels.csv' is not"
                    + " accessible (Connection refused). Check input.labels.path"))
        .isEqualTo(
            "Cannot read labels: path 'ftp://"
                + MASK
                + "@127.0.0.1:1/labels.csv' is not accessible (Connection refused). Check"
                + " input.labels.path");
    assertThat(
            Secrets.maskText(
                "predictions: csv at s3a://k1:s1@b1/p, labels: csv at"
                    + " \"https://t2@h2/l\"; training (hdfs://nn/t)"))
        .isEqualTo(
            "predictions: csv at s3a://"
                + MASK
                + "@b1/p, labels: csv at \"https://"
                + MASK
                + "@h2/l\"; training (hdfs://nn/t)");
  }

  @Test
  void queryStringCredentialsAreMaskedAndTheRestKept() {
    assertThat(
            Secrets.maskText(
                "https://acct.blob.core.windows.net/c/labels.csv?sv=2022-11-02&ss=b&srt=o&sp=r"
                    + "&se=2026-12-31T00:00:00Z&spr=https&sig=AbC%2Bdef%3D"))
        .isEqualTo(
            "https://acct.blob.core.windows.net/c/labels.csv?sv=2022-11-02&ss=b&srt=o&sp=r"
                + "&se=2026-12-31T00:00:00Z&spr=https&sig="
                + MASK);
    assertThat(Secrets.maskText("sig=AbC%2B&sv=2022-11-02&sp=r"))
        .isEqualTo("sig=" + MASK + "&sv=2022-11-02&sp=r");
    assertThat(
            Secrets.maskText(
                "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    + "&X-Amz-Credential=AKIA%2F20261207%2Fus-east-1&X-Amz-Security-Token=FwoG"
                    + "&X-Amz-Expires=900&X-Amz-Signature=0a1b2c"))
        .isEqualTo(
            "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                + MASK
                + "&X-Amz-Security-Token="
                + MASK
                + "&X-Amz-Expires=900&X-Amz-Signature="
                + MASK);
    assertThat(Secrets.maskText("https://storage.googleapis.com/b/o?X-Goog-Signature=9f8e&x=1"))
        .isEqualTo("https://storage.googleapis.com/b/o?X-Goog-Signature=" + MASK + "&x=1");
    assertThat(Secrets.maskText("https://h/x?access_token=ya29.a0&page=2"))
        .isEqualTo("https://h/x?access_token=" + MASK + "&page=2");
    // A setting that is not secret is searched all the same.
    assertThat(Secrets.maskValue("url", "https://h/x?sp=r&sig=AbC"))
        .isEqualTo("https://h/x?sp=r&sig=" + MASK);
  }

  @Test
  void secretSettingsWrittenInATextAreMaskedAndTheirKeysKept() {
    assertThat(
            Secrets.maskText(
                "--conf spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net=c2VjcmV0"
                    + " --conf spark.executor.memory=8g"))
        .isEqualTo(
            "--conf spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net="
                + MASK
                + " --conf spark.executor.memory=8g");
    assertThat(Secrets.maskText("--set spark.conf.\"spark.hadoop.fs.s3a.encryption.key\"=\"k/2+\""))
        .isEqualTo("--set spark.conf.\"spark.hadoop.fs.s3a.encryption.key\"=" + MASK);
    assertThat(Secrets.maskText("-Dfs.s3a.secret.key=wJalr -Xmx2g"))
        .isEqualTo("-Dfs.s3a.secret.key=" + MASK + " -Xmx2g");
    assertThat(Secrets.maskText("spark.ssl.keyPassword = changeit"))
        .isEqualTo("spark.ssl.keyPassword = " + MASK);
    assertThat(Secrets.maskText("{\"password\": \"hunter2\", \"user\": \"eval\"}"))
        .isEqualTo("{\"password\": " + MASK + ", \"user\": \"eval\"}");
    assertThat(Secrets.maskText("jdbc:sqlserver://db;user=eval;password=hunter2;database=x"))
        .isEqualTo("jdbc:sqlserver://db;user=eval;password=" + MASK + ";database=x");
    for (String ordinary :
        List.of(
            "Set history.runs = 0 to turn the history off",
            "input.labels.columns.key = id",
            "input.on-duplicate-keys = keep-one",
            "spark.sql.shuffle.partitions=64")) {
      assertThat(Secrets.maskText(ordinary)).isEqualTo(ordinary);
    }
  }

  @Test
  void maskingMaskedTextChangesNothing() {
    for (String text :
        List.of(
            "s3a://AKIAXYZ:wJalr/K7@bucket/labels",
            "https://t@h/x?sp=r&sig=AbC",
            "fs.s3a.encryption.key = k2",
            "{\"token\": \"t\"}")) {
      String masked = Secrets.maskText(text);
      assertThat(masked).contains(MASK);
      assertThat(Secrets.maskText(masked)).isEqualTo(masked);
    }
    assertThat(Secrets.maskText(null)).isNull();
    assertThat(Secrets.maskText("")).isEmpty();
  }

  @Test
  void aStackTraceIsMaskedInItsMessageAndEveryCause() {
    Exception failure =
        new IllegalStateException(
            "Cannot publish run r1 under file://eval:hunter2@localhost/out",
            new IOException("fs.s3a.encryption.key=c2VjcmV0 was rejected"));

    String trace = Secrets.maskStackTrace(failure);

    assertThat(trace)
        .doesNotContain("hunter2", "c2VjcmV0")
        .contains("java.lang.IllegalStateException: Cannot publish run r1 under file://" + MASK)
        .contains("Caused by: java.io.IOException: fs.s3a.encryption.key=" + MASK)
        .contains("at dev.domaineval.config.SecretsTest");
  }

  @Test
  void sparksRedactionCoversSparksDefaultTermsAndOurKeysAndKeepsWhatWasConfigured() {
    Pattern spark = Pattern.compile(Secrets.sparkRedactionRegex(Optional.empty()));
    // Spark's default, (?i)secret|password|token|access[.]?key.
    for (String key :
        List.of("my.SECRET", "x.password", "x.token", "fs.s3a.access.key", "x.accesskey")) {
      assertThat(spark.matcher(key).find()).as(key).isTrue();
    }
    for (String key :
        List.of(
            "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
            "spark.hadoop.fs.s3a.encryption.key",
            "spark.hadoop.fs.s3a.server-side-encryption.key",
            "spark.hadoop.fs.azure.sas.c.acct.blob.core.windows.net",
            "options.accountSas")) {
      assertThat(spark.matcher(key).find()).as(key).isTrue();
    }
    // Spark masks a setting whose value matches, too.
    for (String value :
        List.of(
            "s3a://k:s@bucket/x",
            "https://t@h/x",
            "-Dfs.s3a.encryption.key=k",
            "sv=2022-11-02&sig=AbC",
            "https://h/x?sp=r&sig=AbC")) {
      assertThat(spark.matcher(value).find()).as(value).isTrue();
    }
    for (String ordinary :
        List.of(
            "history.runs",
            "input.labels.columns.key",
            "spark.executor.memory",
            "8g",
            "abfss://eval@acct.dfs.core.windows.net/x",
            "hdfs://namenode:8020/x")) {
      assertThat(spark.matcher(ordinary).find()).as(ordinary).isFalse();
    }
    String configured = Secrets.sparkRedactionRegex(Optional.of("(?i)internal\\.id"));
    assertThat(Pattern.compile(configured).matcher("spark.internal.id").find()).isTrue();
    assertThat(Pattern.compile(configured).matcher("fs.s3a.encryption.key").find()).isTrue();
    assertThat(
            Secrets.sparkRedactionRegex(Optional.of(Secrets.sparkRedactionRegex(Optional.empty()))))
        .isEqualTo(Secrets.sparkRedactionRegex(Optional.empty()));
  }
}
