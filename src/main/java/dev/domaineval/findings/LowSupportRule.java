package dev.domaineval.findings;

import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code LOW_SUPPORT}: groups with fewer examples than {@code min-support}, counted on the
 * baseline. Per slice, how many of its values are that small (info: they are reported but never
 * gate); per domain, a warning that its gates are inconclusive. A candidate's domain below
 * min-support leaves every gate open, a FORGETTING check as much as a target.
 */
final class LowSupportRule implements FindingRule {

  /** Whether the candidate's domain has enough examples to gate. */
  static boolean hasSupport(Evidence e, String candidate, String domain, Policy policy) {
    return count(e, candidate, domain) >= policy.minSupport();
  }

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    Map<List<String>, long[]> bySlice = new TreeMap<>(Comparator.comparing(Object::toString));
    for (Map.Entry<GroupKey, List<MetricValue>> entry : e.metrics().entrySet()) {
      GroupKey g = entry.getKey();
      if (!g.model().equals(e.baseline()) || g.isPooledDomain() || g.slice().isOverall()) {
        continue;
      }
      long count = (long) e.value(g, null, MetricId.COUNT);
      long[] counts =
          bySlice.computeIfAbsent(List.of(g.domain(), g.slice().slice()), k -> new long[2]);
      counts[1]++;
      if (count < e.policies().apply(g.domain()).minSupport()) {
        counts[0]++;
      }
    }
    bySlice.forEach(
        (key, counts) -> {
          if (counts[0] > 0) {
            findings.add(
                new Finding(
                    Severity.INFO,
                    FindingCode.LOW_SUPPORT,
                    null,
                    key.get(0),
                    new SliceKey(key.get(1), SliceKey.POOLED),
                    String.format(
                        Locale.ROOT,
                        "%s: %d of %d values of slice '%s' have fewer than %d examples; they are"
                            + " reported but never gate.",
                        key.get(0),
                        counts[0],
                        counts[1],
                        key.get(1),
                        e.policies().apply(key.get(0)).minSupport())));
          }
        });
    for (String domain : e.domains()) {
      long count = count(e, e.baseline(), domain);
      long min = e.policies().apply(domain).minSupport();
      if (count < min) {
        findings.add(
            new Finding(
                Severity.WARN,
                FindingCode.LOW_SUPPORT,
                null,
                domain,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%s has only %d labelled examples, fewer than min-support %d: its gates are"
                        + " inconclusive. Label more examples of this domain.",
                    domain,
                    count,
                    min)));
      }
    }
    return findings;
  }

  @Override
  public List<OpenGate> openGates(Evidence e) {
    List<OpenGate> open = new ArrayList<>();
    for (String candidate : e.candidates()) {
      for (String domain : e.domains()) {
        Policy policy = e.policies().apply(domain);
        if (!hasSupport(e, candidate, domain, policy)) {
          open.add(
              new OpenGate(
                  candidate,
                  domain,
                  String.format(
                      Locale.ROOT,
                      "%s has %d examples, fewer than min-support %d: too few to gate",
                      domain,
                      count(e, candidate, domain),
                      policy.minSupport())));
        }
      }
    }
    return open;
  }

  /** The examples of a model on a domain's overall slice (its count metric). */
  private static long count(Evidence e, String model, String domain) {
    return (long) e.value(new GroupKey(model, domain, SliceKey.OVERALL), null, MetricId.COUNT);
  }
}
