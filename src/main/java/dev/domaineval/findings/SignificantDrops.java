package dev.domaineval.findings;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Locale;

/**
 * The comparison rows that {@link RegressionRule} and {@link ForgettingRule} report: significant
 * drops of a candidate against the baseline, in every slice with at least {@code min-support}
 * examples. The pooled domain {@code *} mixes in-domain and out-of-domain examples and never gates.
 */
final class SignificantDrops {
  private SignificantDrops() {}

  /** The drops on the domains of a role, in the comparison's order. */
  static List<ComparisonRow> of(Evidence e, Policy.Role role) {
    return e.comparison().stream()
        .filter(row -> row.significant() && row.isRegression())
        .filter(row -> !SliceKey.POOLED.equals(row.domain()))
        .filter(row -> !isBinaryRateOfAClass(e, row))
        .filter(row -> e.policies().apply(row.domain()).role() == role)
        .filter(row -> hasSupport(e, row))
        .toList();
  }

  /**
   * In a binary domain the aggregate recall and specificity are the per-class recalls of the
   * positive and the negative class, with the same test: each drop is reported once, by class.
   */
  private static boolean isBinaryRateOfAClass(Evidence e, ComparisonRow row) {
    return row.cls() == null
        && e.isBinary(row.domain())
        && (row.metric() == MetricId.RECALL || row.metric() == MetricId.SPECIFICITY);
  }

  /** min-support is about the slice's examples, not a class's (a per-class row's support). */
  private static boolean hasSupport(Evidence e, ComparisonRow row) {
    long examples =
        (long)
            e.value(new GroupKey(row.baseline(), row.domain(), row.slice()), null, MetricId.COUNT);
    return examples >= e.policies().apply(row.domain()).minSupport();
  }

  /** The message of a drop, ending with what it means. */
  static String message(ComparisonRow row, String meaning) {
    return String.format(
        Locale.ROOT,
        "%s on %s%s: %s fell %+.3f (%.3f -> %.3f) against %s, significantly (p = %.2g;"
            + " %d fixed, %d broken, %d examples)%s.",
        row.candidate(),
        row.domain(),
        row.slice().isOverall()
            ? ""
            : " (" + row.slice().slice() + " = " + row.slice().value() + ")",
        Labels.of(row),
        row.delta(),
        row.baselineValue(),
        row.candidateValue(),
        row.baseline(),
        row.pValue(),
        row.paired() == null ? 0 : row.paired().fixed(),
        row.paired() == null ? 0 : row.paired().broken(),
        row.support(),
        meaning);
  }
}
