package dev.domaineval.report;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Secrets;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.HtmlReport;
import dev.domaineval.report.html.ReportModel;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The run's {@code report.html}, published with the tables as {@code
 * <output.path>/report/run_id=<run-id>/report.html}: staged with them and moved into place before
 * the run's marker, so a failed run never leaves a visible report.
 */
public final class ReportPage {
  /** The directory of the reports under the output root. */
  public static final String DIR = "report";

  /** The file name of a run's report. */
  public static final String FILE = "report.html";

  private ReportPage() {}

  /**
   * Everything the report shows, from what the run has in memory. The paths of the inputs and
   * outputs are masked ({@link Secrets#maskText}): the page is mailed and pasted around.
   */
  public static ReportModel model(
      JobConfig config,
      List<ReconciliationCount> inputs,
      Map<GroupKey, ConfusionMatrix> matrices,
      Map<GroupKey, List<MetricValue>> metrics,
      List<ComparisonRow> comparison,
      Assessment.Result assessment,
      List<Curve> curves,
      List<ThresholdChoice> thresholds,
      RunHistory history,
      RegressionVsReferenceRule.Result sinceReference,
      Map<String, Path> outputs,
      List<dev.domaineval.counts.ListedExample> examples,
      ReportModel.Discovery discovery,
      List<dev.domaineval.counts.AnswerCount> answers,
      List<dev.domaineval.counts.InvalidAnswer> invalidAnswers) {
    List<String> sources = new ArrayList<>();
    sources.add("predictions: " + config.predictions().source());
    sources.add("labels: " + config.labels().source());
    config
        .training()
        .forEach((c, spec) -> sources.add("fine-tuning data of " + c + ": " + spec.source()));
    Map<String, Map<String, Long>> recon = ReconciliationCount.byTableAndReason(inputs);
    Map<String, String> paths = new LinkedHashMap<>();
    outputs.forEach((k, v) -> paths.put(k, Secrets.maskText(v.toString())));
    return new ReportModel(
        config.runId(),
        Instant.now(),
        sources,
        recon,
        config.baseline(),
        config.candidates(),
        config.positiveClasses(),
        config::policy,
        matrices,
        metrics,
        comparison,
        assessment,
        curves,
        thresholds,
        history,
        sinceReference.changes(),
        paths,
        config.leakageSlices(),
        config.slices(),
        examples,
        discovery,
        answers,
        invalidAnswers);
  }

  /** Renders the report and stages it with the run's tables. */
  public static void stage(TableWriter writer, ReportModel model) {
    writer.stageFile(DIR, FILE, new HtmlReport().render(model).getBytes(StandardCharsets.UTF_8));
  }
}
