package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Decision;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code REGRESSION}: a candidate significantly worse than the baseline on an in-domain domain, by
 * more than the margin ({@link SignificantDrops}); fails on the domain's priority metric (of the
 * positive class in a binary domain), warns otherwise. A significant drop within the margin on the
 * domain's overall slice is reported as info and never gates.
 */
final class RegressionRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (ComparisonRow row : SignificantDrops.beyondMargin(e, Policy.Role.IN_DOMAIN)) {
      boolean priority = isPriority(e, row, e.policies().apply(row.domain()));
      findings.add(
          new Finding(
              priority ? Severity.FAIL : Severity.WARN,
              FindingCode.REGRESSION,
              row.candidate(),
              row.domain(),
              row.slice(),
              SignificantDrops.message(
                  row,
                  ", significantly and more than the margin"
                      + (priority ? ": the domain's priority metric got worse" : ""))));
    }
    for (ComparisonRow row : SignificantDrops.of(e, Policy.Role.IN_DOMAIN)) {
      if (row.slice().isOverall() && row.decision() == Decision.WORSE_WITHIN_MARGIN) {
        findings.add(
            new Finding(
                Severity.INFO,
                FindingCode.REGRESSION,
                row.candidate(),
                row.domain(),
                row.slice(),
                SignificantDrops.message(
                    row, ", significantly but within the margin: too small to matter"),
                Finding.Effect.INFORMS));
      }
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
