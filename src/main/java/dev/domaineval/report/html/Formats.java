package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import java.util.Locale;

/** How the report prints numbers and comparison outcomes, the same in every section. */
final class Formats {
  private Formats() {}

  /** A metric value: three decimals. */
  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** A difference: three decimals, always signed, with a real minus sign. */
  static String signed(double v) {
    return String.format(Locale.ROOT, "%+.3f", v).replace('-', '−');
  }

  static String pValue(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  /** A count, with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A p-value, or "no test" when there is none (null). */
  static String pValueOrNoTest(Double p) {
    return p == null ? "no test" : pValue(p);
  }

  /** Whether a comparison is significant, and in which direction. */
  static String significance(ComparisonRow r) {
    if (!r.hasPValue()) {
      return "no test";
    }
    if (!r.significant()) {
      return "not significant";
    }
    return r.isRegression() ? "significantly worse" : "significantly better";
  }

  /** The row class of a comparison: "worse" or "better" when significant, else "". */
  static String css(ComparisonRow r) {
    if (!r.significant()) {
      return "";
    }
    return r.isRegression() ? "worse" : "better";
  }
}
