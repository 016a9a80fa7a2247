package dev.domaineval.findings;

import dev.domaineval.compare.TargetDecision;
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
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * {@code BELOW_TARGET}: the targets of an in-domain policy, on the overall slice of each domain
 * with at least {@code min-support} examples. A target is decided on the 95 % interval where the
 * metric has one ({@link TargetDecision}), else on the value. Missed fails on the domain's priority
 * metric and warns otherwise; a target on a metric the domain does not compute fails; met or missed
 * only inside the interval leaves the gate open, with the examples that would settle it.
 */
final class BelowTargetRule implements FindingRule {
  /** The largest sample size reported as "would settle it". */
  private static final long MAX_PROJECTED = 1_000_000_000L;

  @Override
  public List<Finding> findings(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    decide(evidence, findings, new ArrayList<>());
    return findings;
  }

  @Override
  public List<OpenGate> openGates(Evidence evidence) {
    List<OpenGate> open = new ArrayList<>();
    decide(evidence, new ArrayList<>(), open);
    return open;
  }

  private static void decide(Evidence e, List<Finding> findings, List<OpenGate> open) {
    for (String candidate : e.candidates()) {
      for (String domain : e.domains()) {
        Policy policy = e.policies().apply(domain);
        // Too few examples leave the targets open: LowSupportRule says so.
        if (LowSupportRule.hasSupport(e, candidate, domain, policy)
            && policy.role() == Policy.Role.IN_DOMAIN) {
          targets(e, candidate, domain, policy, findings, open);
        }
      }
    }
  }

  private static void targets(
      Evidence e,
      String candidate,
      String domain,
      Policy policy,
      List<Finding> findings,
      List<OpenGate> open) {
    GroupKey group = new GroupKey(candidate, domain, SliceKey.OVERALL);
    long count = (long) e.value(group, null, MetricId.COUNT);
    for (Map.Entry<String, Double> target : new TreeMap<>(policy.targets()).entrySet()) {
      String name = target.getKey();
      double goal = target.getValue();
      boolean priority = name.equals(policy.priority());
      Optional<MetricValue> value = targetMetric(e, group, name);
      if (value.isEmpty()) {
        findings.add(
            new Finding(
                Severity.FAIL,
                FindingCode.BELOW_TARGET,
                candidate,
                domain,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%s on %s: the target %s >= %.2f cannot be checked, because %s is not computed"
                        + " for a %s domain. Remove the target or make the domain binary"
                        + " (positive-class).",
                    candidate,
                    domain,
                    name,
                    goal,
                    name,
                    e.isBinary(domain) ? "binary" : "multiclass")));
        continue;
      }
      MetricValue v = value.get();
      TargetDecision.Outcome outcome = TargetDecision.of(v, goal);
      String shown = describe(e, domain, name, v);
      if (outcome == TargetDecision.Outcome.MISSED) {
        findings.add(
            new Finding(
                priority ? Severity.FAIL : Severity.WARN,
                FindingCode.BELOW_TARGET,
                candidate,
                domain,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%s on %s: %s, below the target %.2f%s (%d examples).",
                    candidate,
                    domain,
                    shown,
                    goal,
                    priority ? ", the domain's priority metric" : "",
                    count)));
      } else if (outcome == TargetDecision.Outcome.INCONCLUSIVE) {
        open.add(
            new OpenGate(
                candidate,
                domain,
                String.format(
                    Locale.ROOT,
                    "%s against the target %.2f is inside the 95 %% interval: %s",
                    shown,
                    goal,
                    settle(e, group, name, v, goal, count))));
      }
    }
  }

  /** The metric a target names: the positive class's in a binary domain, else the average. */
  private static Optional<MetricValue> targetMetric(Evidence e, GroupKey group, String name) {
    return MetricId.forPolicy(name, e.isBinary(group.domain()))
        .flatMap(id -> e.metric(group, null, id));
  }

  /** "how many more examples would settle it", from the counts behind the interval. */
  private static String settle(
      Evidence e, GroupKey group, String name, MetricValue v, double goal, long count) {
    String positive = e.positiveClasses().get(group.domain());
    double tp = positive == null ? 0 : classCount(e, group, positive, MetricId.TP);
    double trials =
        switch (name) {
          case "precision" -> tp + classCount(e, group, positive, MetricId.FP);
          case "recall" -> tp + classCount(e, group, positive, MetricId.FN);
          case "specificity" -> count - classCount(e, group, positive, MetricId.SUPPORT);
          default -> count;
        };
    long n = (long) trials;
    long successes = Math.round(v.value() * n);
    OptionalLong more = TargetDecision.examplesToSettle(successes, n, goal, MAX_PROJECTED);
    if (more.isEmpty() || n == 0) {
      return "no sample size settles it at this value";
    }
    // The interval's n is a share of the labelled examples (the predicted or actual positives
    // for precision and recall): scale the extra trials to labelled examples at the same share.
    long examples = (long) Math.ceil(more.getAsLong() * (double) count / n);
    return String.format(
        Locale.ROOT,
        "about %,d more labelled examples (%,d in all) would settle it if %s stays at %.3f",
        examples,
        count + examples,
        name,
        v.value());
  }

  /**
   * A count of a class in a group; 0 when the class has no row there (neither a label nor a
   * prediction of the group), as {@link dev.domaineval.metrics.ConfusionMatrix} counts it.
   */
  private static double classCount(Evidence e, GroupKey group, String cls, MetricId metric) {
    return e.metric(group, cls, metric).map(MetricValue::value).orElse(0.0);
  }

  private static String describe(Evidence e, String domain, String name, MetricValue v) {
    String positive = e.positiveClasses().get(domain);
    String what =
        positive != null && !name.equals("accuracy") ? name + " of '" + positive + "'" : name;
    if (positive == null && !name.equals("accuracy")) {
      what = "macro " + name;
    }
    return v.hasInterval()
        ? String.format(
            Locale.ROOT, "%s is %.3f [%.3f, %.3f]", what, v.value(), v.ciLow(), v.ciHigh())
        : String.format(Locale.ROOT, "%s is %.3f", what, v.value());
  }
}
