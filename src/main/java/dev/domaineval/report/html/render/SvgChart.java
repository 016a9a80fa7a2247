package dev.domaineval.report.html.render;

import static dev.domaineval.report.html.render.SvgElements.abbreviate;
import static dev.domaineval.report.html.render.SvgElements.escape;
import static dev.domaineval.report.html.render.SvgElements.line;
import static dev.domaineval.report.html.render.SvgElements.marker;

import dev.domaineval.report.html.view.Chart;
import dev.domaineval.report.html.view.Chart.Arrow;
import dev.domaineval.report.html.view.Chart.Marker;
import dev.domaineval.report.html.view.Chart.Series;
import dev.domaineval.report.html.view.Chart.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as plain inline SVG: labelled axes with ticks, series as lines and/or
 * markers, a legend, optional arrows and a diagonal. Every text goes through {@link
 * SvgElements#escape(String)}; long titles, legend entries and tick labels are abbreviated to fit.
 * Each series has its own colour and marker shape and, for the baseline, a dashed line, so colour
 * is never the only signal.
 */
final class SvgChart {
  static final int WIDTH = 360;
  static final int HEIGHT = 270;
  private static final int LEFT = 52;
  private static final int RIGHT = 12;
  private static final int TOP = 26;
  private static final int BOTTOM = 62;
  private static final int TICK_LABEL_LENGTH = 14;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private double xMin = 0;
  private double xMax = 1;
  private double yMin = 0;
  private double yMax = 1;
  private final List<Tick> xTicks;
  private final boolean diagonal;
  private final List<Series> series;
  private final List<Arrow> arrows;
  private final List<Chart.Level> lines;
  private final Chart.Region region;
  private final boolean square;

  SvgChart(Chart chart) {
    title = chart.title();
    xLabel = chart.xLabel();
    yLabel = chart.yLabel();
    if (chart.x() != null) {
      xMin = chart.x().min();
      xMax = chart.x().max() > xMin ? chart.x().max() : xMin + 1;
    }
    if (chart.y() != null) {
      double[] r = nice(chart.y().min(), chart.y().max());
      yMin = r[0];
      yMax = r[1];
    }
    xTicks = chart.xTicks().isEmpty() ? null : chart.xTicks();
    diagonal = chart.diagonal();
    series = chart.series();
    arrows = chart.arrows();
    lines = chart.lines();
    region = chart.region();
    square = chart.square();
  }

  /** A round tick step that gives about four intervals over the range. */
  static double step(double min, double max) {
    double raw = (max - min) / 4;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw - 1e-12) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** The range widened to multiples of its tick step. */
  static double[] nice(double min, double max) {
    if (!(max > min)) {
      max = min + 1;
    }
    double step = step(min, max);
    return new double[] {Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step};
  }

  private static List<Double> ticks(double min, double max) {
    double step = step(min, max);
    List<Double> out = new ArrayList<>();
    for (int i = 0; min + i * step <= max + step * 1e-6; i++) {
      out.add(min + i * step);
    }
    return out;
  }

  String render() {
    if (xTicks == null) {
      double[] r = nice(xMin, xMax);
      xMin = r[0];
      xMax = r[1];
    }
    // Two legend entries a row when the names are short, else one.
    int columns = series.stream().allMatch(x -> x.name().length() <= 22) ? 2 : 1;
    int legendRows = (series.size() + columns - 1) / columns;
    int baseHeight = baseHeight();
    int height = baseHeight + 16 * Math.max(0, legendRows - 1);
    StringBuilder b = new StringBuilder(4096);
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" role=\"img\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" aria-label=\"%s\">",
            WIDTH,
            height,
            WIDTH,
            height,
            escape(title)));
    b.append("<title>").append(escape(title)).append("</title>");
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"16\" class=\"ct\">%s</text>",
            LEFT,
            escape(abbreviate(title, 46))));
    // Plot area and grid.
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"plot\"/>",
            LEFT,
            TOP,
            plotWidth(),
            plotHeight()));
    for (double v : ticks(yMin, yMax)) {
      double y = py(v);
      b.append(line(LEFT, y, LEFT + plotWidth(), y, "grid"));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
              LEFT - 4,
              y + 4,
              number(v)));
    }
    List<Tick> ticks = xTicks;
    if (ticks == null) {
      ticks = new ArrayList<>();
      for (double v : ticks(xMin, xMax)) {
        ticks.add(new Tick(v, number(v)));
      }
    }
    boolean rotate = xTicks != null;
    for (Tick t : ticks) {
      double x = px(t.value());
      b.append(line(x, TOP, x, TOP + plotHeight(), "grid"));
      double ty = TOP + plotHeight() + 14;
      if (rotate) {
        b.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\""
                    + " transform=\"rotate(-35 %.1f %.1f)\">%s</text>",
                x,
                ty,
                x,
                ty,
                escape(abbreviate(t.label(), TICK_LABEL_LENGTH))));
      } else {
        b.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                x,
                ty,
                escape(t.label())));
      }
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
            LEFT + plotWidth() / 2.0,
            TOP + plotHeight() + (rotate ? 50 : 32),
            escape(xLabel)));
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %.1f)\">%s</text>",
            TOP + plotHeight() / 2.0,
            TOP + plotHeight() / 2.0,
            escape(yLabel)));
    if (region != null) {
      double x0 = px(Math.min(region.x0(), region.x1()));
      double x1 = px(Math.max(region.x0(), region.x1()));
      double y0 = py(Math.max(region.y0(), region.y1()));
      double y1 = py(Math.min(region.y0(), region.y1()));
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"region\">"
                  + "<title>%s</title></rect>",
              x0,
              y0,
              x1 - x0,
              y1 - y0,
              escape(region.description())));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" class=\"pl\" text-anchor=\"end\">%s</text>",
              x1 - 3,
              y0 + 11,
              escape(abbreviate(region.label(), 20))));
    }
    for (Chart.Level level : lines) {
      double y = py(level.y());
      b.append(line(LEFT, y, LEFT + plotWidth(), y, "level"));
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" class=\"pl\" text-anchor=\"end\">%s</text>",
              LEFT + plotWidth() - 3,
              y - 3,
              escape(abbreviate(level.label(), 28))));
    }
    if (diagonal) {
      b.append(line(px(xMin), py(yMin), px(xMax), py(yMax), "diag"));
    }
    for (Series s : series) {
      if (s.line() && s.points().size() > 1) {
        StringBuilder path = new StringBuilder();
        for (double[] p : s.points()) {
          path.append(path.length() == 0 ? "M" : " L")
              .append(String.format(Locale.ROOT, "%.1f %.1f", px(p[0]), py(p[1])));
        }
        b.append(
            String.format(
                Locale.ROOT,
                "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                path,
                s.colour(),
                s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
      }
      if (s.marker() != Marker.NONE) {
        for (int i = 0; i < s.points().size(); i++) {
          double[] p = s.points().get(i);
          String m = marker(s.marker(), px(p[0]), py(p[1]), s.colour());
          if (!s.tips().isEmpty()) {
            m = "<g><title>" + escape(s.tips().get(i)) + "</title>" + m + "</g>";
          }
          b.append(m);
        }
      }
    }
    for (Arrow a : arrows) {
      double x0 = px(a.x0());
      double y0 = py(a.y0());
      double x1 = px(a.x1());
      double y1 = py(a.y1());
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"1.5\"/>",
              x0,
              y0,
              x1,
              y1,
              a.colour()));
      double angle = Math.atan2(y1 - y0, x1 - x0);
      if (Math.hypot(x1 - x0, y1 - y0) > 8) {
        double ax = x1 - 9 * Math.cos(angle - 0.4);
        double ay = y1 - 9 * Math.sin(angle - 0.4);
        double bx = x1 - 9 * Math.cos(angle + 0.4);
        double by = y1 - 9 * Math.sin(angle + 0.4);
        b.append(
            String.format(
                Locale.ROOT,
                "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f Z\" fill=\"%s\"/>",
                x1,
                y1,
                ax,
                ay,
                bx,
                by,
                a.colour()));
      }
    }
    // Legend under the axis title, one or two entries a row.
    int legendTop = baseHeight - 12;
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int x = LEFT + (i % columns) * 150;
      int y = legendTop + (i / columns) * 16;
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
              x,
              y - 4,
              x + 18,
              y - 4,
              s.colour(),
              s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
      if (s.marker() != Marker.NONE) {
        b.append(marker(s.marker(), x + 9, y - 4, s.colour()));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"lg\">%s</text>",
              x + 24,
              y,
              escape(abbreviate(s.name(), columns == 2 ? 22 : 44))));
    }
    b.append("</svg>");
    return b.toString();
  }

  private int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private int plotHeight() {
    return square ? plotWidth() : HEIGHT - TOP - BOTTOM - 12;
  }

  /** The height without the legend's extra rows: taller for a square plot. */
  private int baseHeight() {
    return plotHeight() + TOP + BOTTOM + 12;
  }

  private double px(double v) {
    double c = Math.max(xMin, Math.min(xMax, v));
    return LEFT + (c - xMin) / (xMax - xMin) * plotWidth();
  }

  private double py(double v) {
    double c = Math.max(yMin, Math.min(yMax, v));
    return TOP + plotHeight() - (c - yMin) / (yMax - yMin) * plotHeight();
  }

  private static String number(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    String two = String.format(Locale.ROOT, "%.2f", v);
    return Math.abs(Double.parseDouble(two) - v) < 1e-9
        ? two
        : String.format(Locale.ROOT, "%.3f", v);
  }
}
