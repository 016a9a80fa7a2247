package dev.domaineval.findings;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code LOW_COVERAGE} (warn), for every model on a domain's overall slice in a run that reads
 * refusals or abstentions: the model answers (neither refuses nor abstains) less than the domain's
 * {@code normalization.min-coverage} of its examples. Its refusals and abstentions count as wrong;
 * its {@code selective_accuracy} says how good the answers it gave are.
 */
final class LowCoverageRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (String model : e.models()) {
      for (String domain : e.domains()) {
        GroupKey group = new GroupKey(model, domain, SliceKey.OVERALL);
        Optional<MetricValue> coverage = e.metric(group, null, MetricId.COVERAGE);
        double min = e.normalization().rules(domain).minCoverage();
        if (coverage.isEmpty() || !(coverage.get().value() < min)) {
          continue;
        }
        double selective =
            e.metric(group, null, MetricId.SELECTIVE_ACCURACY)
                .map(MetricValue::value)
                .orElse(Double.NaN);
        findings.add(
            new Finding(
                Severity.WARN,
                FindingCode.LOW_COVERAGE,
                model,
                domain,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%s answers %.1f %% of %s's examples (%d), below the %.1f %% of"
                        + " normalization.min-coverage: the rest it refused or abstained on, and"
                        + " they count as wrong. On the examples it answered, its accuracy is"
                        + " %.3f.",
                    model,
                    100 * coverage.get().value(),
                    domain,
                    coverage.get().support(),
                    100 * min,
                    selective)));
      }
    }
    return findings;
  }
}
