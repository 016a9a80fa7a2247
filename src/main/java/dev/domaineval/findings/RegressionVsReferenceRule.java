package dev.domaineval.findings;

import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * {@code REGRESSION_VS_LAST_RUN}: the candidate's priority metric on a domain's overall slice, this
 * run against the reference run. A drop warns, and the warning bears on the candidate's verdict on
 * the domain ({@link Assessment.Result#withFindings}).
 *
 * <p>The two runs may have evaluated different examples, so the test is unpaired: a two-sided Wald
 * z-test of the difference of two independent estimates, z = (p₁ − p₀) / √(v₀ + v₁). For a binary
 * domain the estimate is the positive class's recall (or precision), a proportion with variance p(1
 * − p)/n, n being the class's positives (or its predicted positives): this is the unpooled
 * two-proportion test. For a multiclass domain it is the macro average over k classes, whose
 * variance is Σ p_c(1 − p_c)/n_c / k², taking the classes as independent. A drop is significant
 * when p &lt; alpha ({@code comparison.alpha}); one test per candidate and domain.
 */
public final class RegressionVsReferenceRule {
  private static final NormalDistribution NORMAL = new NormalDistribution();

  private RegressionVsReferenceRule() {}

  /**
   * The priority metric of one candidate on one domain, in the reference run and in this one.
   *
   * @param candidate the candidate
   * @param domain the domain
   * @param metric the metric id compared ({@code recall}, {@code macro_recall}, ...)
   * @param referenceRun the reference run's id
   * @param referenceValue its value there
   * @param currentValue its value in this run
   * @param pValue the two-sided p-value of the z-test, NaN when untestable (no variance, no data)
   * @param regression whether it is a significant drop
   */
  public record Change(
      String candidate,
      String domain,
      String metric,
      String referenceRun,
      double referenceValue,
      double currentValue,
      double pValue,
      boolean regression) {
    public double delta() {
      return currentValue - referenceValue;
    }
  }

  /**
   * What the rule found.
   *
   * @param changes one per candidate and domain present in both runs
   * @param findings a warning per significant drop
   */
  public record Result(List<Change> changes, List<Finding> findings) {
    public static final Result NONE = new Result(List.of(), List.of());
  }

  /** An estimate and its variance. */
  record Estimate(double value, double variance) {}

  /**
   * Compares this run's candidates with the reference run.
   *
   * @param current this run's metrics
   * @param candidates this run's candidates
   * @param history the earlier runs
   * @param policies the policy of a domain (its priority metric)
   * @param positiveClasses domain to positive class, for binary domains
   * @param alpha the significance level
   */
  public static Result evaluate(
      Map<GroupKey, List<MetricValue>> current,
      List<String> candidates,
      RunHistory history,
      Function<String, Policy> policies,
      Map<String, String> positiveClasses,
      double alpha) {
    if (history.reference().isEmpty()) {
      return Result.NONE;
    }
    PastRun reference = history.reference().get();
    TreeSet<String> domains = new TreeSet<>();
    current.keySet().stream()
        .filter(k -> !k.isPooledDomain() && k.slice().isOverall())
        .forEach(k -> domains.add(k.domain()));
    List<Change> changes = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (String candidate : candidates) {
      for (String domain : domains) {
        GroupKey group = new GroupKey(candidate, domain, SliceKey.OVERALL);
        String priority = policies.apply(domain).priority();
        String positive = positiveClasses.get(domain);
        MetricId metric = priorityMetric(priority, positive != null);
        Optional<Estimate> now = estimate(current.get(group), priority, positive);
        Optional<Estimate> then = estimate(reference.metrics().get(group), priority, positive);
        if (now.isEmpty() || then.isEmpty()) {
          continue;
        }
        double p = pValue(then.get(), now.get());
        boolean drop = now.get().value() < then.get().value() && p < alpha;
        Change change =
            new Change(
                candidate,
                domain,
                metric.id(),
                reference.runId(),
                then.get().value(),
                now.get().value(),
                p,
                drop);
        changes.add(change);
        if (drop) {
          findings.add(
              new Finding(
                  Severity.WARN,
                  FindingCode.REGRESSION_VS_LAST_RUN,
                  candidate,
                  domain,
                  SliceKey.OVERALL,
                  String.format(
                      Locale.ROOT,
                      "%s on %s: %s fell from %.3f in %s run %s to %.3f (%+.3f, p = %.2g, unpaired"
                          + " z-test). Check what changed since then: the model, the labels or the"
                          + " evaluation set.",
                      candidate,
                      domain,
                      metric.id(),
                      change.referenceValue(),
                      history.pinned() ? "the pinned reference" : "the last",
                      reference.runId(),
                      change.currentValue(),
                      change.delta(),
                      p),
                  Finding.Effect.GATES));
        }
      }
    }
    return new Result(List.copyOf(changes), List.copyOf(findings));
  }

  /** The aggregate metric that a priority names on a binary or multiclass domain. */
  public static MetricId priorityMetric(String priority, boolean binary) {
    return MetricId.forPolicy(priority, binary).orElseThrow();
  }

  /**
   * The priority metric of a group and its variance, from its per-class rows: the positive class of
   * a binary domain, every class of a multiclass one. Empty when the group or a class's rows are
   * missing, or no class has a denominator.
   */
  static Optional<Estimate> estimate(
      List<MetricValue> values, String priority, String positiveClass) {
    if (values == null) {
      return Optional.empty();
    }
    MetricId perClass = MetricId.perClassForPriority(priority);
    MetricId aggregate = priorityMetric(priority, positiveClass != null);
    Optional<MetricValue> headline =
        values.stream().filter(v -> v.isAggregate() && v.metric() == aggregate).findFirst();
    if (headline.isEmpty()) {
      return Optional.empty();
    }
    List<MetricValue> classes =
        values.stream().filter(v -> !v.isAggregate() && v.metric() == perClass).toList();
    if (positiveClass != null) {
      classes = classes.stream().filter(v -> positiveClass.equals(v.cls())).toList();
    }
    double sum = 0;
    int k = 0;
    boolean anyDenominator = false;
    for (MetricValue c : classes) {
      double n = denominator(values, c, perClass);
      k++;
      if (n > 0) {
        anyDenominator = true;
        sum += c.value() * (1 - c.value()) / n;
      }
    }
    if (k == 0 || !anyDenominator) {
      return Optional.empty();
    }
    return Optional.of(new Estimate(headline.get().value(), sum / ((double) k * k)));
  }

  /** Recall's denominator is the class's support; precision's its predicted count, tp + fp. */
  private static double denominator(List<MetricValue> values, MetricValue row, MetricId metric) {
    if (metric == MetricId.RECALL) {
      return row.support();
    }
    return count(values, row.cls(), MetricId.TP) + count(values, row.cls(), MetricId.FP);
  }

  private static double count(List<MetricValue> values, String cls, MetricId metric) {
    return values.stream()
        .filter(v -> metric == v.metric() && cls.equals(v.cls()))
        .mapToDouble(MetricValue::value)
        .findFirst()
        .orElse(0);
  }

  static double pValue(Estimate before, Estimate after) {
    double diff = after.value() - before.value();
    double variance = before.variance() + after.variance();
    if (variance == 0) {
      return diff == 0 ? 1.0 : 0.0;
    }
    double z = Math.abs(diff) / Math.sqrt(variance);
    return Math.min(1.0, 2 * (1 - NORMAL.cumulativeProbability(z)));
  }
}
