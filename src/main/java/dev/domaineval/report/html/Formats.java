package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Decision;
import java.util.Locale;

/** How the report prints numbers and comparison outcomes, the same in every section. */
final class Formats {
  private Formats() {}

  /**
   * What the page shows for a value that is not defined (NaN), such as recall without positives.
   */
  static final String UNDEFINED = "—";

  /** A metric value: three decimals; "—" when undefined. */
  static String fmt(double v) {
    return Double.isNaN(v) ? UNDEFINED : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A difference: three decimals, always signed, with a real minus sign; "—" when undefined. */
  static String signed(double v) {
    return Double.isNaN(v) ? UNDEFINED : String.format(Locale.ROOT, "%+.3f", v).replace('-', '−');
  }

  static String pValue(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** A change of a count: signed, with thousands separators and a real minus sign. */
  static String signedCount(long n) {
    return String.format(Locale.ROOT, "%+,d", n).replace('-', '−');
  }

  /** A count, with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A p-value, or "no test" when there is none (null). */
  static String pValueOrNoTest(Double p) {
    return p == null ? "no test" : pValue(p);
  }

  /**
   * What a comparison decides, in words, from the corrected decision (Benjamini–Hochberg over the
   * run) and the domain's margin, with the adjusted p-value (q) it rests on: e.g. "significantly
   * worse, beyond the margin (q 0.004)" or "not significant, inconclusive (q 0.210)".
   */
  static String significance(ComparisonRow r) {
    if (!r.hasPValue()) {
      return "no test";
    }
    String q = r.pValueAdjusted() == null ? "" : " (q " + pValue(r.pValueAdjusted()) + ")";
    Decision d = r.decision();
    if (d == null) {
      if (!r.significant()) {
        return "not significant" + q;
      }
      return (r.isRegression() ? "significantly worse" : "significantly better") + q;
    }
    return switch (d) {
          case WORSE -> "significantly worse, beyond the margin";
          case WORSE_WITHIN_MARGIN -> "significantly worse, within the margin";
          case BETTER -> "significantly better";
          case NOT_WORSE -> "not significant, not worse";
          case INCONCLUSIVE -> "not significant, inconclusive";
        }
        + q;
  }

  /**
   * The row class of a comparison: "worse" for a significant drop beyond the margin, "minor" for
   * one within it, "better" for a significant gain, else "".
   */
  static String css(ComparisonRow r) {
    if (!r.significant()) {
      return "";
    }
    Decision d = r.decision();
    if (d == Decision.WORSE_WITHIN_MARGIN) {
      return "minor";
    }
    return r.isRegression() ? "worse" : "better";
  }
}
