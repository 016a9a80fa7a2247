package dev.domaineval.findings;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code ACCURACY_PARADOX} (warn), for every model on a domain's overall slice: accuracy at least
 * {@code findings.accuracy-paradox.min-accuracy} while the class to watch has a recall below {@code
 * findings.accuracy-paradox.max-recall}, or accuracy no better than always predicting the majority
 * class. The class to watch is the positive class of a binary domain, unless it is the majority,
 * else the rarest class.
 */
final class AccuracyParadoxRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (String model : e.models()) {
      for (String domain : e.domains()) {
        accuracyParadox(e, model, domain).ifPresent(findings::add);
      }
    }
    return findings;
  }

  private static Optional<Finding> accuracyParadox(Evidence e, String model, String domain) {
    GroupKey group = new GroupKey(model, domain, SliceKey.OVERALL);
    long count = (long) e.value(group, null, MetricId.COUNT);
    double accuracy = e.value(group, null, MetricId.ACCURACY);
    Map<String, Long> supports = new TreeMap<>();
    for (MetricValue v : e.metrics().getOrDefault(group, List.of())) {
      if (v.metric() == MetricId.SUPPORT && v.value() > 0) {
        supports.put(v.cls(), (long) v.value());
      }
    }
    if (count == 0 || supports.size() < 2) {
      return Optional.empty();
    }
    String majority = supports.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    double majorityRate = supports.get(majority) / (double) count;
    // The class to watch: the positive class of a binary domain, unless it is the majority, then
    // the rarest class (a barely found minority is the trap either way).
    String rarest = supports.entrySet().stream().min(Map.Entry.comparingByValue()).get().getKey();
    String positive = e.positiveClasses().get(domain);
    String minority = positive != null && !positive.equals(majority) ? positive : rarest;
    double recall = e.value(group, minority, MetricId.RECALL);
    boolean looksGood =
        accuracy >= e.thresholds().paradoxMinAccuracy()
            && recall < e.thresholds().paradoxMaxRecall();
    boolean noBetterThanMajority = accuracy <= majorityRate;
    if (!looksGood && !noBetterThanMajority) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            Severity.WARN,
            FindingCode.ACCURACY_PARADOX,
            model,
            domain,
            SliceKey.OVERALL,
            String.format(
                Locale.ROOT,
                "%s on %s: accuracy %.3f %s always predicting '%s' (%.3f), but recall of '%s' (%d"
                    + " of %d examples) is %.3f. Judge this domain by recall and precision, not"
                    + " accuracy.",
                model,
                domain,
                accuracy,
                noBetterThanMajority ? "is no better than" : "looks good next to",
                majority,
                majorityRate,
                minority,
                supports.getOrDefault(minority, 0L),
                count,
                recall)));
  }
}
