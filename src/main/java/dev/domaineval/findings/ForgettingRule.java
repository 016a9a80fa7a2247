package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code FORGETTING}: a significant drop of a candidate against the baseline on an out-of-domain
 * domain ({@link SignificantDrops}); fails on the domain's overall slice, warns in a slice.
 */
final class ForgettingRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (ComparisonRow row : SignificantDrops.of(e, Policy.Role.OUT_OF_DOMAIN)) {
      findings.add(
          new Finding(
              row.slice().isOverall() ? Severity.FAIL : Severity.WARN,
              FindingCode.FORGETTING,
              row.candidate(),
              row.domain(),
              row.slice(),
              SignificantDrops.message(
                  row,
                  ": the candidate forgot some of what the base model knew outside its domain")));
    }
    return findings;
  }
}
