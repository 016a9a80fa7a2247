package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Decision;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code REFUSAL_INCREASE}: on a domain's overall slice, a candidate's {@code refusal_rate} is
 * significantly higher than the baseline's (Benjamini–Hochberg over the run), by more than the
 * domain's margin: the comparison's decision is {@link Decision#WORSE}. Warns; fails where the
 * domain's {@code normalization.refusal-increase = fail}. A refusal is wrong for every metric
 * anyway; this names why the candidate got worse, and lets a domain such as medical triage refuse
 * to ship a model that declines more questions.
 */
final class RefusalIncreaseRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (ComparisonRow row : e.comparison()) {
      if (row.metric() != MetricId.REFUSAL_RATE
          || !row.slice().isOverall()
          || SliceKey.POOLED.equals(row.domain())
          || row.decision() != Decision.WORSE) {
        continue;
      }
      boolean fails = e.normalization().rules(row.domain()).refusalIncreaseFails();
      findings.add(
          new Finding(
              fails ? Severity.FAIL : Severity.WARN,
              FindingCode.REFUSAL_INCREASE,
              row.candidate(),
              row.domain(),
              SliceKey.OVERALL,
              String.format(
                  Locale.ROOT,
                  "%s refuses %.1f %% of %s's examples against %.1f %% for %s (%+.1f points,"
                      + " significantly and more than the margin); refusals count as wrong."
                      + " See the normalization table's refusal rules for what it said.",
                  row.candidate(),
                  100 * row.candidateValue(),
                  row.domain(),
                  100 * row.baselineValue(),
                  row.baseline(),
                  100 * (row.candidateValue() - row.baselineValue()))));
    }
    return findings;
  }
}
