package dev.domaineval.findings;

import dev.domaineval.compare.BenjaminiHochberg;
import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Decision;
import dev.domaineval.compare.PairedTestMethod;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.Scope;
import dev.domaineval.metrics.WilsonInterval;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.special.Erf;

/**
 * The comparison rows that {@link RegressionRule} and {@link ForgettingRule} judge against the
 * margin: every row of a domain of a role, in every slice with at least {@code min-support}
 * examples, once per distinct test. The pooled domain {@code *} mixes in-domain and out-of-domain
 * examples and never gates.
 */
final class SignificantDrops {
  private SignificantDrops() {}

  /** The rows of the domains of a role, in the comparison's order. */
  static List<ComparisonRow> of(Evidence e, Policy.Role role) {
    return e.comparison().stream()
        .filter(row -> !SliceKey.POOLED.equals(row.domain()))
        .filter(row -> !isBinaryRateOfAClass(e, row))
        // The answer metrics have rules of their own (REFUSAL_INCREASE, LOW_COVERAGE).
        .filter(row -> !row.metric().hasScope(Scope.ANSWERS))
        .filter(row -> e.policies().apply(row.domain()).role() == role)
        .filter(row -> hasSupport(e, row))
        .toList();
  }

  /**
   * The rows of a role that are significant drops larger than their margin. A slice row is left out
   * where it says its domain's drop again: the slice holds every example of the domain (same number
   * of examples, same values of both models), or the metric dropped beyond the margin on the whole
   * domain too and the slice's drop is not shown to be larger. A slice's drop is shown larger by a
   * one-sided z-test of its change against the domain's (its standard error read from the upper
   * half of its 95 % interval, the domain's change taken as known), with Benjamini–Hochberg at the
   * run's false discovery rate over every such slice row of the role's domains: an interval that
   * merely misses the domain's change, among thousands of slices, is no evidence. Each slice row is
   * matched to its domain's row through one index of the run's domain-level rows.
   */
  static List<ComparisonRow> beyondMargin(Evidence e, Policy.Role role) {
    Map<List<Object>, ComparisonRow> domainRows = new HashMap<>();
    for (ComparisonRow row : e.comparison()) {
      if (row.slice().isOverall()) {
        domainRows.put(domainKey(row), row);
      }
    }
    List<ComparisonRow> worse =
        of(e, role).stream().filter(row -> row.decision() == Decision.WORSE).toList();
    // The slice rows that may only repeat their domain's drop, and the p-value of a larger drop.
    List<Integer> repeating = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    boolean[] kept = new boolean[worse.size()];
    for (int i = 0; i < worse.size(); i++) {
      ComparisonRow row = worse.get(i);
      ComparisonRow domain = row.slice().isOverall() ? null : domainRows.get(domainKey(row));
      if (domain == null || domain.decision() != Decision.WORSE) {
        kept[i] = !isWholeDomain(row, domain);
      } else if (!isWholeDomain(row, domain) && row.improvementHigh() != null) {
        repeating.add(i);
        pValues.add(largerDropPValue(row, domain));
      }
    }
    double[] p = pValues.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] larger = BenjaminiHochberg.significant(p, e.alpha());
    for (int j = 0; j < larger.length; j++) {
      kept[repeating.get(j)] = larger[j];
    }
    List<ComparisonRow> out = new ArrayList<>();
    for (int i = 0; i < worse.size(); i++) {
      if (kept[i]) {
        out.add(worse.get(i));
      }
    }
    return out;
  }

  /** The candidate, domain, class and metric of a row: the key of its domain-level row. */
  private static List<Object> domainKey(ComparisonRow row) {
    return Arrays.asList(row.candidate(), row.domain(), row.cls(), row.metric());
  }

  /** Whether a slice row has the examples and values of its domain's row (the whole domain). */
  private static boolean isWholeDomain(ComparisonRow slice, ComparisonRow domain) {
    return domain != null
        && domain.examples() == slice.examples()
        && domain.baselineValue() == slice.baselineValue()
        && domain.candidateValue() == slice.candidateValue();
  }

  /**
   * The one-sided p-value of a slice's change being below its domain's: z = (domain's change −
   * slice's change) / the slice's standard error, read from the upper half of its 95 % interval.
   */
  private static double largerDropPValue(ComparisonRow slice, ComparisonRow domain) {
    double change = slice.improvement();
    double standardError = (slice.improvementHigh() - change) / WilsonInterval.Z_95;
    double gap = domain.improvement() - change;
    if (!(standardError > 0)) {
      return gap > 0 ? 0.0 : 1.0;
    }
    return 0.5 * Erf.erfc(gap / standardError / Math.sqrt(2));
  }

  /**
   * Whether a row is one of the domain's headline metrics, whose non-inferiority decides an
   * out-of-domain gate: accuracy, and the priority metric (the positive class's precision or recall
   * in a binary domain, its macro average in a multiclass one).
   */
  static boolean isHeadline(Evidence e, ComparisonRow row) {
    if (row.metric() == MetricId.ACCURACY) {
      return row.cls() == null;
    }
    Policy policy = e.policies().apply(row.domain());
    String positive = e.positiveClasses().get(row.domain());
    if (positive != null) {
      return row.metric() == MetricId.perClassForPriority(policy.priority())
          && positive.equals(row.cls());
    }
    return row.cls() == null
        && MetricId.forPolicy(policy.priority(), false).orElse(null) == row.metric();
  }

  /**
   * In a binary domain the aggregate precision, recall and f1 are the positive class's per-class
   * rows and the specificity is the negative class's recall, with the same values and tests: each
   * drop is reported once, by class.
   */
  private static boolean isBinaryRateOfAClass(Evidence e, ComparisonRow row) {
    return row.cls() == null
        && e.isBinary(row.domain())
        && (row.metric().hasScope(Scope.PER_CLASS) || row.metric() == MetricId.SPECIFICITY);
  }

  /** min-support is about the slice's examples, not a class's (a per-class row's support). */
  private static boolean hasSupport(Evidence e, ComparisonRow row) {
    long examples =
        (long)
            e.value(new GroupKey(row.baseline(), row.domain(), row.slice()), null, MetricId.COUNT);
    return examples >= e.policies().apply(row.domain()).minSupport();
  }

  /** Where a row is: {@code ft-v1 on general (length = long)}. */
  static String where(ComparisonRow row) {
    return row.candidate()
        + " on "
        + row.domain()
        + (row.slice().isOverall()
            ? ""
            : " (" + row.slice().slice() + " = " + row.slice().value() + ")");
  }

  /**
   * What decided a row: the metric, its delta with the 95 % interval, the test and the margin, e.g.
   * {@code accuracy fell 0.023 (0.912 -> 0.889; 95 % CI -0.027 to -0.019; exact McNemar test p =
   * 3.1e-05, 12 fixed, 40 broken of 1000 examples; margin 0.010)}.
   */
  static String evidence(ComparisonRow row) {
    String change = row.delta() < 0 ? "fell" : row.delta() > 0 ? "rose" : "did not change";
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s %s %s (%.3f -> %.3f",
                Labels.of(row),
                change,
                row.delta() == 0 ? "" : String.format(Locale.ROOT, "%.3f", Math.abs(row.delta())),
                row.baselineValue(),
                row.candidateValue()));
    if (row.test().hasInterval()) {
      sb.append(
          String.format(
              Locale.ROOT, "; 95 %% CI %+.3f to %+.3f", row.deltaCiLow(), row.deltaCiHigh()));
    }
    sb.append("; ").append(testName(row.test().method()));
    if (row.hasPValue()) {
      sb.append(String.format(Locale.ROOT, " p = %.2g", row.pValue()));
      if (!row.significant()) {
        sb.append(" (not significant after the false discovery rate correction)");
      }
    } else {
      sb.append(": ").append(Objects.requireNonNullElse(row.test().note(), "no p-value"));
    }
    if (row.paired() != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              ", %d fixed, %d broken of %d examples",
              row.paired().fixed(),
              row.paired().broken(),
              row.paired().n()));
    } else {
      sb.append(String.format(Locale.ROOT, ", %d examples", row.examples()));
    }
    sb.append(String.format(Locale.ROOT, "; margin %.3f)", row.margin()));
    return sb.toString().replace("  ", " ");
  }

  /** The test as a message names it. */
  static String testName(PairedTestMethod method) {
    return switch (method) {
      case MCNEMAR_EXACT -> "exact McNemar test";
      case DELTA_METHOD -> "delta-method z-test";
    };
  }

  /** The message of a drop: where, what decided it, and what it means. */
  static String message(ComparisonRow row, String meaning) {
    return where(row) + ": " + evidence(row) + meaning + ".";
  }
}
