package dev.domaineval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.ConfigLoader;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Secrets;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.report.html.HtmlReport;
import dev.domaineval.report.html.ReportModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The paths a run publishes in its report and its {@code summary.json} carry no password: the user
 * information of an input or output URI is masked, the rest of the path kept.
 */
class MaskedPathsTest {
  private static final String OUT = "s3a://AKIAEXAMPLE:outPassw0rd@eval-bucket/eval";

  private static final JobConfig CONFIG =
      new ConfigLoader()
          .load(
              Optional.empty(),
              List.of(
                  "run-id=r1",
                  "input.predictions.path=\"s3a://AKIAEXAMPLE:predPassw0rd@eval-bucket/preds\"",
                  "input.labels.path=\"ftp://eval:labelPassw0rd@ftp.example/labels.csv\"",
                  "models.baseline=base",
                  "models.candidates=[ft-v1]",
                  "output.path=\"" + OUT + "\""));

  private static final Map<String, Path> OUTPUTS = new LinkedHashMap<>();

  static {
    OUTPUTS.put("metrics", new Path(OUT + "/metrics/run_id=r1"));
    OUTPUTS.put("findings", new Path(OUT + "/findings/run_id=r1"));
    OUTPUTS.put("report", new Path(OUT + "/report/run_id=r1/report.html"));
  }

  private static final Assessment.Result NOTHING = new Assessment.Result(List.of(), List.of());

  @Test
  void theReportShowsTheInputAndOutputPathsWithoutTheirPasswords() {
    ReportModel model =
        ReportPage.model(
            CONFIG,
            List.of(),
            Map.of(),
            Map.of(),
            List.of(),
            NOTHING,
            List.of(),
            List.of(),
            RunHistory.none(),
            RegressionVsReferenceRule.Result.NONE,
            OUTPUTS,
            List.of(),
            ReportModel.Discovery.OFF,
            List.of(),
            List.of());

    assertThat(model.inputs())
        .containsExactly(
            "predictions: parquet at s3a://" + Secrets.MASK + "@eval-bucket/preds",
            "labels: parquet at ftp://" + Secrets.MASK + "@ftp.example/labels.csv");
    assertThat(model.outputs())
        .containsEntry("metrics", "s3a://" + Secrets.MASK + "@eval-bucket/eval/metrics/run_id=r1");
    String html = new HtmlReport().render(model);
    assertThat(html)
        .doesNotContain("Passw0rd")
        .contains("eval-bucket/preds", "ftp.example/labels.csv", "eval-bucket/eval/findings");
  }

  @Test
  void theSummaryListsTheOutputsWithoutTheirPasswords() {
    String json =
        RunSummary.json(
            "r1", Instant.parse("2026-12-07T00:00:00Z"), false, NOTHING, OUTPUTS, List.of());

    assertThat(json)
        .doesNotContain("Passw0rd")
        .contains(
            "\"metrics\" : \"s3a://" + Secrets.MASK + "@eval-bucket/eval/metrics/run_id=r1\"",
            "\"report\" : \"s3a://"
                + Secrets.MASK
                + "@eval-bucket/eval/report/run_id=r1/report.html\"");
  }
}
