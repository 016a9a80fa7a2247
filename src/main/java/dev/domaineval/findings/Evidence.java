package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.FindingsSpec;
import dev.domaineval.config.Normalization;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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
 *     {@code leaked} and {@code clean}) * @param alpha the false discovery rate of the run's tests
 *     ({@code comparison.alpha}), also that of the rules' own families of tests
 * @param normalization each domain's answer rules (its coverage checks)
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
    Map<String, String> leakageSlices,
    double alpha,
    Normalization normalization) {

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

  /** The domains with metrics, sorted; not the pooled domain {@code *}. */
  List<String> domains() {
    TreeSet<String> domains = new TreeSet<>();
    for (GroupKey g : metrics.keySet()) {
      if (!g.isPooledDomain()) {
        domains.add(g.domain());
      }
    }
    return List.copyOf(domains);
  }

  /** The baseline, then the candidates. */
  List<String> models() {
    List<String> models = new ArrayList<>();
    models.add(baseline);
    models.addAll(candidates);
    return models;
  }

  /** The comparison row of a candidate's metric on a group and class, if any. */
  Optional<ComparisonRow> comparison(
      String candidate, String domain, SliceKey slice, String cls, MetricId metric) {
    return comparison.stream()
        .filter(r -> r.candidate().equals(candidate) && r.domain().equals(domain))
        .filter(r -> r.slice().equals(slice) && r.metric() == metric)
        .filter(r -> java.util.Objects.equals(r.cls(), cls))
        .findFirst();
  }

  /** The examples of a group, from its confusion matrix; 0 when the group has none. */
  long examples(GroupKey group) {
    ConfusionMatrix m = matrices.get(group);
    return m == null ? 0 : m.total();
  }

  /**
   * The priority metric of a domain's policy computed on a confusion matrix: the positive class's
   * precision or recall in a binary domain, else the macro average; NaN if it is not computed.
   */
  double priorityValue(ConfusionMatrix m, String domain, Policy policy) {
    String positive = positiveClasses.get(domain);
    MetricId id = MetricId.forPolicy(policy.priority(), positive != null).orElseThrow();
    return GroupMetrics.compute(m, positive).stream()
        .filter(v -> v.cls() == null && v.metric() == id)
        .mapToDouble(MetricValue::value)
        .findFirst()
        .orElse(Double.NaN);
  }

  /** The priority metric of a domain's policy as a message names it. */
  String priorityLabel(String domain, Policy policy) {
    String positive = positiveClasses.get(domain);
    return positive != null
        ? policy.priority() + " of '" + positive + "'"
        : "macro " + policy.priority();
  }
}
