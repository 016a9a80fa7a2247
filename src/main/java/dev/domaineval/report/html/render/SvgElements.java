package dev.domaineval.report.html.render;

import dev.domaineval.report.html.view.Chart.Marker;
import java.util.Locale;

/** The SVG elements a chart is drawn with, and its texts, escaped and abbreviated to fit. */
final class SvgElements {
  private SvgElements() {}

  /** A line with a CSS class (grid, diagonal). */
  static String line(double x0, double y0, double x1, double y1, String cls) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>",
        x0,
        y0,
        x1,
        y1,
        cls);
  }

  /** A marker centred on (x, y); nothing for {@link Marker#NONE}. */
  static String marker(Marker m, double x, double y, String colour) {
    return switch (m) {
      case CIRCLE ->
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#000\""
                  + " stroke-width=\"0.6\"/>",
              x,
              y,
              colour);
      case SQUARE ->
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\" stroke=\"#000\""
                  + " stroke-width=\"0.6\"/>",
              x - 4,
              y - 4,
              colour);
      case TRIANGLE ->
          String.format(
              Locale.ROOT,
              "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f Z\" fill=\"%s\" stroke=\"#000\""
                  + " stroke-width=\"0.6\"/>",
              x,
              y - 5,
              x + 5,
              y + 4,
              x - 5,
              y + 4,
              colour);
      case DIAMOND ->
          String.format(
              Locale.ROOT,
              "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z\" fill=\"%s\""
                  + " stroke=\"#000\" stroke-width=\"0.6\"/>",
              x,
              y - 5,
              x + 5,
              y,
              x,
              y + 5,
              x - 5,
              y,
              colour);
      case NONE -> "";
    };
  }

  /**
   * The text, or its first {@code max - 1} code points and an ellipsis: a character outside the
   * Basic Multilingual Plane (an emoji, a CJK extension) is never cut in half.
   */
  static String abbreviate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** Escapes text for SVG (XML) content and attribute values, its direction isolated. */
  static String escape(String text) {
    String s = Bidi.isolate(text);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
