package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ONE_SIDED_GAIN} (warn): on a domain's overall slice, one of precision and recall (of the
 * positive class, or macro) rose while the other fell, both beyond {@code
 * findings.one-sided-gain.tolerance} or the fall significantly.
 */
final class OneSidedGainRule implements FindingRule {

  @Override
  public List<Finding> findings(Evidence e) {
    List<Finding> findings = new ArrayList<>();
    for (String candidate : e.candidates()) {
      for (String domain : e.domains()) {
        oneSidedGain(e, candidate, domain).ifPresent(findings::add);
      }
    }
    return findings;
  }

  private static Optional<Finding> oneSidedGain(Evidence e, String candidate, String domain) {
    boolean binary = e.isBinary(domain);
    MetricId p = binary ? MetricId.PRECISION : MetricId.MACRO_PRECISION;
    MetricId r = binary ? MetricId.RECALL : MetricId.MACRO_RECALL;
    Optional<ComparisonRow> pr = e.comparison(candidate, domain, SliceKey.OVERALL, null, p);
    Optional<ComparisonRow> rr = e.comparison(candidate, domain, SliceKey.OVERALL, null, r);
    if (pr.isEmpty() || rr.isEmpty()) {
      return Optional.empty();
    }
    double tol = e.thresholds().oneSidedTolerance();
    ComparisonRow a = pr.get();
    ComparisonRow b = rr.get();
    boolean precisionUp = a.delta() > 0;
    ComparisonRow up = precisionUp ? a : b;
    ComparisonRow down = precisionUp ? b : a;
    boolean oneSided =
        up.delta() > 0
            && down.delta() < 0
            && ((up.delta() > tol && -down.delta() > tol)
                || (up.delta() > 0 && down.significant()));
    if (!oneSided) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            Severity.WARN,
            FindingCode.ONE_SIDED_GAIN,
            candidate,
            domain,
            SliceKey.OVERALL,
            String.format(
                Locale.ROOT,
                "%s on %s: %s rose %+.3f (%.3f -> %.3f) while %s fell %+.3f (%.3f -> %.3f)%s. A"
                    + " gain on one side paid for on the other is not a domain adaptation.",
                candidate,
                domain,
                Labels.of(up),
                up.delta(),
                up.baselineValue(),
                up.candidateValue(),
                Labels.of(down),
                down.delta(),
                down.baselineValue(),
                down.candidateValue(),
                down.significant()
                    ? String.format(Locale.ROOT, ", significantly (p = %.2g)", down.pValue())
                    : "")));
  }
}
