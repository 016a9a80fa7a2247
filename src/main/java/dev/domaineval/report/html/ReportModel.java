package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import dev.domaineval.config.SliceSpec;
import dev.domaineval.counts.ListedExample;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A run's results as the sections of the HTML report read them: everything the report shows, all of
 * it already in the driver's memory at the end of a run.
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
 * @param leakageSlices per candidate with fine-tuning data, the name of its leakage slice (values
 *     {@code leaked} and {@code clean})
 * @param slices the run's slices, in configured order
 * @param examples the examples listed behind each group's outcomes (may be empty)
 * @param discovery what slice discovery searched and found
 * @param answers per model, domain and normalization rule, the matched predictions it decided
 * @param invalidAnswers per model and domain, its most frequent answers that matched no label (may
 *     be empty)
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
    Map<String, String> outputs,
    Map<String, String> leakageSlices,
    List<SliceSpec> slices,
    List<ListedExample> examples,
    Discovery discovery,
    List<dev.domaineval.counts.AnswerCount> answers,
    List<dev.domaineval.counts.InvalidAnswer> invalidAnswers) {

  /**
   * What slice discovery searched and found.
   *
   * @param enabled whether the run searched
   * @param gate whether a significant broken slice gates ({@code discovery.gate})
   * @param searched the slices searched
   * @param leftOut the column and expression slices left out (high-cardinality, or beyond the
   *     finest grain's first four)
   * @param slices every slice found, in the table's order
   */
  public record Discovery(
      boolean enabled,
      boolean gate,
      List<String> searched,
      List<String> leftOut,
      List<dev.domaineval.discovery.DiscoveredSlice> slices) {
    public static final Discovery OFF =
        new Discovery(false, false, List.of(), List.of(), List.of());

    public Discovery {
      searched = List.copyOf(searched);
      leftOut = List.copyOf(leftOut);
      slices = List.copyOf(slices);
    }
  }

  public ReportModel {
    answers = List.copyOf(answers);
    invalidAnswers = List.copyOf(invalidAnswers);
    slices = List.copyOf(slices);
    examples = List.copyOf(examples);
    leakageSlices = Map.copyOf(leakageSlices);
    inputs = List.copyOf(inputs);
    candidates = List.copyOf(candidates);
    curves = List.copyOf(curves);
    thresholds = List.copyOf(thresholds);
    changes = List.copyOf(changes);
  }

  /** The run's slices by name, in configured order. */
  public Map<String, SliceSpec> slicesByName() {
    Map<String, SliceSpec> out = new java.util.LinkedHashMap<>();
    slices.forEach(s -> out.put(s.name(), s));
    return out;
  }

  /** The domains the report shows: those with a verdict or a confusion matrix, sorted. */
  public List<String> domains() {
    TreeSet<String> out = new TreeSet<>();
    assessment.verdicts().forEach(v -> out.add(v.domain()));
    matrices.keySet().stream().filter(k -> !k.isPooledDomain()).forEach(k -> out.add(k.domain()));
    return List.copyOf(out);
  }

  /** The baseline, then the candidates: the order of every chart's series. */
  public List<String> models() {
    List<String> out = new ArrayList<>();
    out.add(baseline);
    out.addAll(candidates);
    return out;
  }

  /** Whether a domain is binary (has a positive class). */
  public boolean isBinary(String domain) {
    return positiveClasses.containsKey(domain);
  }

  /** The metric a domain's policy gives priority to, as the regression rules read it. */
  public MetricId priorityMetric(String domain) {
    return RegressionVsReferenceRule.priorityMetric(
        policies.apply(domain).priority(), isBinary(domain));
  }

  /** A group's value of a metric, of a class or (class null) of the whole group. */
  public Optional<MetricValue> metric(GroupKey group, String cls, MetricId id) {
    for (MetricValue v : metrics.getOrDefault(group, List.of())) {
      if (v.metric() == id && Objects.equals(v.cls(), cls)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
