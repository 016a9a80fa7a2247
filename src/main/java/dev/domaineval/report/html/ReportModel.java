package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the HTML report shows, all of it already in the driver's memory at the end of a run.
 *
 * @param runId the run
 * @param createdAt when the report was rendered (UTC)
 * @param inputs one line per input table: what was read and from where
 * @param reconciliation input table to reconciliation reason to rows
 * @param baseline the baseline model
 * @param candidates the candidates
 * @param positiveClasses domain to positive class, for binary domains
 * @param policies the gate policy of a domain (its priority metric and min-support)
 * @param matrices every group's confusion matrix
 * @param metrics every group's metrics
 * @param comparison the comparison rows
 * @param assessment findings and verdicts
 * @param curves ROC, PR and calibration curves of the groups with scores (may be empty)
 * @param thresholds the operating points of the groups with scores (may be empty)
 * @param history earlier published runs under the same output path
 * @param changes the candidates' priority metrics against the reference run
 * @param outputs table name to the path of this run's partition, where the full data is
 */
public record ReportModel(
    String runId,
    Instant createdAt,
    List<String> inputs,
    Map<String, Map<String, Long>> reconciliation,
    String baseline,
    List<String> candidates,
    Map<String, String> positiveClasses,
    Function<String, Policy> policies,
    Map<GroupKey, ConfusionMatrix> matrices,
    Map<GroupKey, List<MetricValue>> metrics,
    List<ComparisonRow> comparison,
    Assessment.Result assessment,
    List<Curve> curves,
    List<ThresholdChoice> thresholds,
    RunHistory history,
    List<RegressionVsReferenceRule.Change> changes,
    Map<String, String> outputs) {

  public ReportModel {
    inputs = List.copyOf(inputs);
    candidates = List.copyOf(candidates);
    curves = List.copyOf(curves);
    thresholds = List.copyOf(thresholds);
    changes = List.copyOf(changes);
  }
}
