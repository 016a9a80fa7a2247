package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.PairedTestMethod;
import dev.domaineval.compare.PairedTestResult;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.slice.SliceKey;
import org.junit.jupiter.api.Test;

/** {@link Formats}: undefined values, and the decision in words with the adjusted p-value. */
class FormatsTest {
  private static ComparisonRow row(
      double delta, double low, double high, boolean significant, Double q) {
    return new ComparisonRow(
        "base",
        "ft",
        "legal",
        SliceKey.OVERALL,
        null,
        MetricId.RECALL,
        0.8,
        0.8 + delta,
        new PairedTestResult(PairedTestMethod.DELTA_METHOD, 0.011, low, high, null),
        significant,
        null,
        null,
        Double.NaN,
        300,
        0.05,
        300,
        q);
  }

  @Test
  void undefinedValuesShowAsADash() {
    assertThat(Formats.fmt(Double.NaN)).isEqualTo("—");
    assertThat(Formats.signed(Double.NaN)).isEqualTo("—");
    assertThat(Formats.fmt(0.8515)).isEqualTo("0.852");
    assertThat(Formats.signed(-0.4141)).isEqualTo("−0.414");
  }

  @Test
  void significanceIsTheCorrectedDecisionAgainstTheMarginWithItsAdjustedPValue() {
    // p 0.011 raw, but not significant after the correction: the q says why.
    assertThat(Formats.significance(row(-0.02, -0.035, -0.005, false, 0.083)))
        .isEqualTo("not significant, not worse (q 0.083)");
    assertThat(Formats.significance(row(-0.02, -0.09, 0.01, false, 0.21)))
        .isEqualTo("not significant, inconclusive (q 0.210)");
    assertThat(Formats.significance(row(-0.2, -0.3, -0.1, true, 0.0004)))
        .isEqualTo("significantly worse, beyond the margin (q < 0.001)");
    assertThat(Formats.significance(row(-0.02, -0.03, -0.01, true, 0.02)))
        .isEqualTo("significantly worse, within the margin (q 0.020)");
    assertThat(Formats.css(row(-0.2, -0.3, -0.1, true, 0.0004))).isEqualTo("worse");
    assertThat(Formats.css(row(-0.02, -0.03, -0.01, true, 0.02))).isEqualTo("minor");
    assertThat(Formats.css(row(0.1, 0.05, 0.15, true, 0.001))).isEqualTo("better");
    assertThat(Formats.css(row(-0.02, -0.09, 0.01, false, 0.21))).isEmpty();
  }
}
