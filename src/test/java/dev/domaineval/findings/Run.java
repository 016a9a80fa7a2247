package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Comparisons;
import dev.domaineval.config.FindingsSpec;
import dev.domaineval.config.Policy;
import dev.domaineval.counts.JointConfusion;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run of the baseline and one candidate, built example by example as the job counts them: an
 * example of a slice also counts in its domain's overall slice, and every example counts in the
 * pooled domain.
 */
final class Run {
  static final String BASE = "base";
  static final String TUNED = "tuned";
  private static final SliceKey OVERALL = SliceKey.OVERALL;
  static final double ALPHA = 0.05;

  /** The defaults of reference.conf's {@code findings} block. */
  static final FindingsSpec THRESHOLDS =
      new FindingsSpec(0.9, 0.5, 0.02, 0.02, 0.05, "train", 0.0, true);

  /** The defaults of reference.conf's {@code policy} block. */
  static final Policy DEFAULT =
      new Policy("recall", Map.of("precision", 0.85, "recall", 0.80), 30, Policy.Role.IN_DOMAIN);

  /** The default policy without targets, for tests of the other rules. */
  static final Policy NO_TARGETS = new Policy("recall", Map.of(), 30, Policy.Role.IN_DOMAIN);

  private final Map<GroupKey, ConfusionMatrix.Builder> matrices = new LinkedHashMap<>();
  private final Map<GroupKey, Map<JointConfusion.Cell, Long>> paired = new LinkedHashMap<>();
  private final Map<String, String> positives = new TreeMap<>();
  private final Map<String, Policy> policies = new HashMap<>();
  private final List<Evidence.InputCount> inputs = new ArrayList<>();
  private final Map<String, String> leakageSlices = new TreeMap<>();
  dev.domaineval.config.Normalization normalization =
      dev.domaineval.config.Normalization.defaultsOnly();
  private final List<Object[]> examples = new ArrayList<>();
  private FindingsSpec thresholds = THRESHOLDS;

  Run binary(String domain, String positive) {
    positives.put(domain, positive);
    return this;
  }

  /** The candidate has fine-tuning data, and examples of slice {@code leakage} say leaked. */
  Run leakageSlice() {
    leakageSlices.put(TUNED, "leakage");
    return this;
  }

  /** Thresholds other than the defaults. */
  Run thresholds(FindingsSpec thresholds) {
    this.thresholds = thresholds;
    return this;
  }

  Run policy(String domain, Policy policy) {
    policies.put(domain, policy);
    return this;
  }

  Run input(String table, String model, String reason, long rows) {
    inputs.add(new Evidence.InputCount(table, model, reason, rows));
    return this;
  }

  Run examples(String domain, String label, String base, String tuned, long count) {
    return examples(domain, OVERALL, label, base, tuned, count);
  }

  /** {@code count} examples of a label with each model's prediction ({@code INVALID} too). */
  Run examples(String domain, SliceKey slice, String label, String base, String tuned, long count) {
    examples.add(new Object[] {domain, slice, label, base, tuned, count});
    for (String d : List.of(domain, SliceKey.POOLED)) {
      for (SliceKey s : slice.isOverall() ? List.of(OVERALL) : List.of(OVERALL, slice)) {
        matrix(BASE, d, s).add(label, base, count);
        matrix(TUNED, d, s).add(label, tuned, count);
        paired
            .computeIfAbsent(new GroupKey(TUNED, d, s), k -> new TreeMap<>())
            .merge(new JointConfusion.Cell(label, base, tuned), count, Long::sum);
      }
    }
    return this;
  }

  /** Groups of both models without any example. */
  Run emptyGroups(String domain, SliceKey slice) {
    matrix(BASE, domain, slice);
    matrix(TUNED, domain, slice);
    return this;
  }

  /** The same examples with the two models' predictions swapped. */
  Run swapModels() {
    Run swapped = new Run();
    swapped.positives.putAll(positives);
    swapped.policies.putAll(policies);
    swapped.inputs.addAll(inputs);
    swapped.thresholds = thresholds;
    for (Object[] e : examples) {
      swapped.examples(
          (String) e[0], (SliceKey) e[1], (String) e[2], (String) e[4], (String) e[3], (long) e[5]);
    }
    return swapped;
  }

  private ConfusionMatrix.Builder matrix(String model, String domain, SliceKey slice) {
    return matrices.computeIfAbsent(
        new GroupKey(model, domain, slice), k -> ConfusionMatrix.builder());
  }

  private Map<GroupKey, JointConfusion> joint() {
    Map<GroupKey, JointConfusion> out = new LinkedHashMap<>();
    paired.forEach((key, cells) -> out.put(key, JointConfusion.of(cells)));
    return out;
  }

  Evidence evidence() {
    Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
    matrices.forEach(
        (key, m) ->
            metrics.put(
                key,
                GroupMetrics.compute(
                    m.build(),
                    key.isPooledDomain() ? null : positives.get(key.domain()),
                    normalization.hasNonAnswers())));
    List<ComparisonRow> rows =
        Comparisons.compute(
            BASE,
            List.of(TUNED),
            metrics,
            joint(),
            positives,
            Map.of(),
            (domain, metric) -> policies.getOrDefault(domain, DEFAULT).margin(metric.id()),
            ALPHA);
    Map<GroupKey, ConfusionMatrix> built = new LinkedHashMap<>();
    matrices.forEach((key, m) -> built.put(key, m.build()));
    return new Evidence(
        BASE,
        List.of(TUNED),
        metrics,
        built,
        rows,
        domain -> policies.getOrDefault(domain, DEFAULT),
        positives,
        thresholds,
        inputs,
        leakageSlices,
        ALPHA,
        normalization);
  }

  Assessment.Result assess() {
    return Assessment.evaluate(evidence());
  }
}
