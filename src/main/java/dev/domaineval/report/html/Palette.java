package dev.domaineval.report.html;

import dev.domaineval.report.html.view.Chart;
import java.util.List;

/**
 * The Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008), distinguishable with the
 * common colour-vision deficiencies. The report never relies on colour alone: verdicts are words,
 * and chart series also differ by marker and dash.
 */
final class Palette {
  static final String BLACK = "#000000";
  static final String ORANGE = "#E69F00";
  static final String SKY_BLUE = "#56B4E9";
  static final String BLUISH_GREEN = "#009E73";
  static final String YELLOW = "#F0E442";
  static final String BLUE = "#0072B2";
  static final String VERMILLION = "#D55E00";
  static final String REDDISH_PURPLE = "#CC79A7";

  /** Series colours: the baseline first (black, dashed), then candidates. */
  private static final List<String> SERIES =
      List.of(BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE);

  private static final List<Chart.Marker> MARKERS =
      List.of(Chart.Marker.CIRCLE, Chart.Marker.TRIANGLE, Chart.Marker.DIAMOND);

  private Palette() {}

  /** The colour of the i-th candidate (0-based). */
  static String candidate(int i) {
    return SERIES.get(i % SERIES.size());
  }

  /** The marker of the i-th candidate; the baseline's is the square. */
  static Chart.Marker candidateMarker(int i) {
    return MARKERS.get(i % MARKERS.size());
  }
}
