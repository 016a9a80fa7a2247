package dev.domaineval.report.html.view;

import java.util.ArrayList;
import java.util.List;

/**
 * What a small x/y chart shows: title, axis labels, ranges, series, arrows. The renderer draws it
 * as inline SVG; values are in the units of the axes (rates and metric values in [0, 1], run
 * indices on a trend's x axis).
 *
 * @param x the x range as asked for (the renderer widens it to round numbers unless there are x
 *     ticks), or null for [0, 1]
 * @param y the y range as asked for (the renderer widens it to round numbers), or null for [0, 1]
 * @param xTicks labelled ticks of the x axis; empty for evenly spaced numbers
 * @param diagonal whether to draw the line y = x (chance on ROC, perfect calibration)
 * @param series in drawing (and legend) order
 * @param arrows drawn after the series
 * @param lines labelled horizontal reference lines (a PR chart's prevalence), drawn under the
 *     series
 * @param region a shaded rectangle (the region where the targets are met), or null
 * @param square whether the plot area is square (ROC: both axes are rates of the same scale)
 */
public record Chart(
    String title,
    String xLabel,
    String yLabel,
    Range x,
    Range y,
    List<Tick> xTicks,
    boolean diagonal,
    List<Series> series,
    List<Arrow> arrows,
    List<Level> lines,
    Region region,
    boolean square) {

  public Chart {
    xTicks = List.copyOf(xTicks);
    series = List.copyOf(series);
    arrows = List.copyOf(arrows);
    lines = List.copyOf(lines);
  }

  /** A horizontal line at {@code y}, with a label at its right end. */
  public record Level(double y, String label) {}

  /**
   * A rectangle from (x0, y0) to (x1, y1), in axis units, with a short label drawn in it and a
   * longer description shown when the pointer rests on it.
   */
  public record Region(
      double x0, double y0, double x1, double y1, String label, String description) {}

  /** A marker's shape. */
  public enum Marker {
    CIRCLE,
    SQUARE,
    TRIANGLE,
    DIAMOND,
    NONE
  }

  /** An axis range, {@code min} to {@code max}. */
  public record Range(double min, double max) {}

  /** A tick on the x axis at a value, with its label. */
  public record Tick(double value, String label) {}

  /**
   * One series: its points ({x, y}) in drawing order, drawn as a line when {@code line} and there
   * are two points or more, and as markers unless the marker is {@link Marker#NONE}; {@code tips}
   * is empty or has one text per point, shown when the pointer rests on its marker (an SVG {@code
   * <title>}, no script).
   */
  public record Series(
      String name,
      String colour,
      Marker marker,
      List<double[]> points,
      boolean line,
      boolean dashed,
      List<String> tips) {
    public Series {
      points = List.copyOf(points);
      tips = List.copyOf(tips);
      if (!tips.isEmpty() && tips.size() != points.size()) {
        throw new IllegalArgumentException(
            "a series has no tips or one per point: " + tips.size() + " for " + points.size());
      }
    }

    /** A series without tips. */
    public Series(
        String name,
        String colour,
        Marker marker,
        List<double[]> points,
        boolean line,
        boolean dashed) {
      this(name, colour, marker, points, line, dashed, List.of());
    }
  }

  /** An arrow from (x0, y0) to (x1, y1). */
  public record Arrow(double x0, double y0, double x1, double y1, String colour) {}

  /** A chart with this title and these axis labels, to which the builder adds the rest. */
  public static Builder builder(String title, String xLabel, String yLabel) {
    return new Builder(title, xLabel, yLabel);
  }

  /** Collects a chart's optional parts. */
  public static final class Builder {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private Range x;
    private Range y;
    private List<Tick> xTicks = List.of();
    private boolean diagonal;
    private final List<Series> series = new ArrayList<>();
    private final List<Arrow> arrows = new ArrayList<>();
    private final List<Level> lines = new ArrayList<>();
    private Region region;
    private boolean square;

    private Builder(String title, String xLabel, String yLabel) {
      this.title = title;
      this.xLabel = xLabel;
      this.yLabel = yLabel;
    }

    public Builder xRange(double min, double max) {
      x = new Range(min, max);
      return this;
    }

    public Builder yRange(double min, double max) {
      y = new Range(min, max);
      return this;
    }

    /** Labels the x axis at these values instead of evenly spaced numbers. */
    public Builder xTicks(List<Tick> ticks) {
      xTicks = List.copyOf(ticks);
      return this;
    }

    /** Draws the line y = x. */
    public Builder diagonal() {
      diagonal = true;
      return this;
    }

    public Builder add(Series s) {
      series.add(s);
      return this;
    }

    public Builder arrow(double x0, double y0, double x1, double y1, String colour) {
      arrows.add(new Arrow(x0, y0, x1, y1, colour));
      return this;
    }

    /** Draws a labelled horizontal line at {@code y}. */
    public Builder level(double y, String label) {
      lines.add(new Level(y, label));
      return this;
    }

    /** Shades the rectangle from (x0, y0) to (x1, y1). */
    public Builder region(
        double x0, double y0, double x1, double y1, String label, String description) {
      region = new Region(x0, y0, x1, y1, label, description);
      return this;
    }

    /** Makes the plot area square. */
    public Builder square() {
      square = true;
      return this;
    }

    public Chart build() {
      return new Chart(
          title, xLabel, yLabel, x, y, xTicks, diagonal, series, arrows, lines, region, square);
    }
  }
}
