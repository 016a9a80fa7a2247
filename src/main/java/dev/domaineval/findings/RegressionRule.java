package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code REGRESSION}: a significant drop of a candidate against the baseline on an in-domain domain
 * ({@link SignificantDrops}); fails on the domain's priority metric (of the positive class in a
 * binary domain), warns otherwise.
 */
final class RegressionRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (ComparisonRow row : SignificantDrops.of(e, Policy.Role.IN_DOMAIN)) {
      boolean priority = isPriority(e, row, e.policies().apply(row.domain()));
      findings.add(
          new Finding(
              priority ? Severity.FAIL : Severity.WARN,
              FindingCode.REGRESSION,
              row.candidate(),
              row.domain(),
              row.slice(),
              SignificantDrops.message(row, priority ? ", the domain's priority metric" : "")));
    }
    return findings;
  }

  private static boolean isPriority(Evidence e, ComparisonRow row, Policy policy) {
    String positive = e.positiveClasses().get(row.domain());
    MetricId id = MetricId.perClassForPriority(policy.priority());
    if (row.metric() != id) {
      return false;
    }
    return positive == null || row.cls() == null || row.cls().equals(positive);
  }
}
