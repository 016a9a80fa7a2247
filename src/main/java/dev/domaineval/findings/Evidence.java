package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.FindingsSpec;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the rules look at: the run's metrics, comparison and input counts, with the policies
 * that say what is good enough.
 *
 * @param baseline the baseline model
 * @param candidates the candidate models
 * @param metrics every group's metrics
 * @param matrices every group's confusion matrix (counts are additive: groups can be merged)
 * @param comparison the comparison rows
 * @param policies the gate policy of a domain
 * @param positiveClasses domain to positive class, for binary domains
 * @param thresholds thresholds of the pitfall rules
 * @param inputs the reconciliation counts of the inputs
 * @param leakageSlices per candidate with fine-tuning data, the name of its leakage slice (values
 *     {@code leaked} and {@code clean})
 */
public record Evidence(
    String baseline,
    List<String> candidates,
    Map<GroupKey, List<MetricValue>> metrics,
    Map<GroupKey, ConfusionMatrix> matrices,
    List<ComparisonRow> comparison,
    Function<String, Policy> policies,
    Map<String, String> positiveClasses,
    FindingsSpec thresholds,
    List<InputCount> inputs,
    Map<String, String> leakageSlices) {

  /**
   * Input rows of a table counted under one reason.
   *
   * @param table labels or predictions
   * @param model for predictions of a selected model, the model; else null
   * @param reason the reconciliation reason
   * @param rows the number of rows
   */
  public record InputCount(String table, String model, String reason, long rows) {}

  /** One metric of a group, if computed. */
  public Optional<MetricValue> metric(GroupKey group, String cls, MetricId metric) {
    for (MetricValue v : metrics.getOrDefault(group, List.of())) {
      if (v.metric() == metric && java.util.Objects.equals(v.cls(), cls)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The value of a metric of a group, or NaN if not computed. */
  public double value(GroupKey group, String cls, MetricId metric) {
    return metric(group, cls, metric).map(MetricValue::value).orElse(Double.NaN);
  }

  /** Whether the domain is binary. */
  public boolean isBinary(String domain) {
    return positiveClasses.containsKey(domain);
  }
}
