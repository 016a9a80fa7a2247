package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration chart draws only bins with enough examples, and says how many each has. */
class ScoreChartsTest {
  @Test
  void calibrationBinsOfFewExamplesAreLeftOutOfTheChart() {
    // The fixture's calibration bins hold 150, 3 and 47 examples.
    ReportFixture f = new ReportFixture("base", "ft", List.of("spam"), "spam", List.of("a"), 6);
    f.withScores("spam");
    String html = new HtmlReport().render(f.model());
    int from = html.indexOf("aria-label=\"spam: calibration (bins of 10+)\"");
    assertThat(from).isNotNegative();
    String chart = html.substring(from, html.indexOf("</svg>", from));

    assertThat(chart)
        .contains(
            "<title>ft: bin from 0.000, 150 examples, mean score 0.100, fraction positive"
                + " 0.120</title>",
            "<title>ft: bin from 0.600, 47 examples, mean score 0.700, fraction positive"
                + " 0.600</title>")
        .doesNotContain("3 examples");
    assertThat(ChartSection.MIN_CALIBRATION_BIN).isEqualTo(10);
  }
}
