package dev.domaineval.findings;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code INVALID_PREDICTIONS} (warn), for every model on a domain's overall slice: invalid or
 * missing predictions above {@code findings.max-invalid-rate}. They count as wrong.
 */
final class InvalidPredictionsRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    double max = e.thresholds().maxInvalidRate();
    for (String model : e.models()) {
      for (String domain : e.domains()) {
        GroupKey group = new GroupKey(model, domain, SliceKey.OVERALL);
        double rate = e.value(group, null, MetricId.INVALID_RATE);
        long count = (long) e.value(group, null, MetricId.COUNT);
        if (!(rate > max)) {
          continue;
        }
        findings.add(
            new Finding(
                Severity.WARN,
                FindingCode.INVALID_PREDICTIONS,
                model,
                domain,
                SliceKey.OVERALL,
                String.format(
                    Locale.ROOT,
                    "%s on %s: %.1f %% of the predictions (%d of %d) are invalid or missing, above"
                        + " the %.1f %% allowed; they count as wrong. Check the model's output"
                        + " parsing.",
                    model,
                    domain,
                    100 * rate,
                    Math.round(rate * count),
                    count,
                    100 * max)));
      }
    }
    return findings;
  }
}
