package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.fmt;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.view.Chart;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.CurvePoint;
import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A domain's charts on its overall slice: every model's precision and recall, with an arrow from
 * the baseline to each candidate; and, when the models have scores, the ROC, precision-recall and
 * calibration curves with the chosen operating points, and those points in words. Series are in the
 * order of {@link ReportModel#models()}: the baseline black and dashed, then the candidates' {@link
 * Palette} colours and markers.
 */
final class ChartSection {
  /** The fewest examples a calibration bin needs to be drawn. */
  static final int MIN_CALIBRATION_BIN = 10;

  private ChartSection() {}

  /** The precision-recall chart, or null when the baseline has no precision and recall. */
  static Chart precisionRecall(ReportModel model, String domain) {
    boolean binary = model.isBinary(domain);
    List<String> models = model.models();
    MetricId p = binary ? MetricId.PRECISION : MetricId.MACRO_PRECISION;
    MetricId r = binary ? MetricId.RECALL : MetricId.MACRO_RECALL;
    List<double[]> points = new ArrayList<>();
    for (String m : models) {
      GroupKey g = new GroupKey(m, domain, SliceKey.OVERALL);
      Optional<MetricValue> pv = model.metric(g, null, p);
      Optional<MetricValue> rv = model.metric(g, null, r);
      points.add(
          pv.isPresent() && rv.isPresent()
              ? new double[] {rv.get().value(), pv.get().value()}
              : null);
    }
    if (points.get(0) == null) {
      return null;
    }
    double lo = 1;
    for (double[] pt : points) {
      if (pt != null) {
        lo = Math.min(lo, Math.min(pt[0], pt[1]));
      }
    }
    lo = Math.max(0, Math.floor((lo - 0.05) * 10) / 10);
    Chart.Builder chart =
        Chart.builder(
                domain + ": precision and recall",
                binary ? "recall (positive class)" : "macro recall",
                binary ? "precision (positive class)" : "macro precision")
            .xRange(lo, 1)
            .yRange(lo, 1);
    double[] base = points.get(0);
    chart.add(
        new Chart.Series(
            models.get(0) + " (baseline)",
            Palette.BLACK,
            Chart.Marker.SQUARE,
            List.of(base),
            false,
            true));
    for (int i = 1; i < models.size(); i++) {
      double[] pt = points.get(i);
      if (pt == null) {
        continue;
      }
      String colour = Palette.candidate(i - 1);
      chart.arrow(base[0], base[1], pt[0], pt[1], colour);
      chart.add(
          new Chart.Series(
              models.get(i), colour, Palette.candidateMarker(i - 1), List.of(pt), false, false));
    }
    return chart.build();
  }

  /** The ROC, precision-recall and calibration charts, those of which there are curves. */
  static List<Chart> scoreCharts(ReportModel model, String domain) {
    List<String> models = model.models();
    List<Chart> out = new ArrayList<>();
    for (Curve.Kind kind : Curve.Kind.values()) {
      List<Curve> curves =
          model.curves().stream()
              .filter(
                  c ->
                      c.kind() == kind
                          && c.group().domain().equals(domain)
                          && c.group().slice().isOverall())
              .sorted(Comparator.comparingInt(c -> models.indexOf(c.group().model())))
              .toList();
      if (curves.isEmpty()) {
        continue;
      }
      Chart.Builder chart =
          switch (kind) {
            case ROC ->
                Chart.builder(domain + ": ROC curve", "false positive rate", "true positive rate")
                    .diagonal()
                    .square();
            case PR -> Chart.builder(domain + ": precision-recall curve", "recall", "precision");
            case CALIBRATION ->
                Chart.builder(
                        domain + ": calibration (bins of " + MIN_CALIBRATION_BIN + "+)",
                        "mean predicted probability",
                        "fraction of positives")
                    .diagonal();
          };
      if (kind == Curve.Kind.PR) {
        prevalence(model, domain)
            .ifPresent(p -> chart.level(p, "prevalence " + fmt(p) + " (no skill)"));
        targetRegion(model, domain, chart);
      }
      MetricId summary =
          switch (kind) {
            case ROC -> MetricId.ROC_AUC;
            case PR -> MetricId.AVERAGE_PRECISION;
            case CALIBRATION -> MetricId.ECE;
          };
      for (Curve c : curves) {
        int i = models.indexOf(c.group().model());
        boolean base = i == 0;
        // A calibration bin of a few examples swings between 0 and 1: it is left out of the chart
        // (the curves table has it, with its examples).
        List<CurvePoint> shown =
            kind == Curve.Kind.CALIBRATION
                ? c.points().stream().filter(p -> p.examples() >= MIN_CALIBRATION_BIN).toList()
                : c.points();
        if (shown.isEmpty()) {
          continue;
        }
        List<double[]> pts = shown.stream().map(p -> new double[] {p.x(), p.y()}).toList();
        String name = c.group().model() + (base ? " (baseline)" : "");
        String value =
            model
                .metric(c.group(), null, summary)
                .map(v -> ", " + LEGEND_NAMES.get(summary) + " " + fmt(v.value()))
                .orElse("");
        List<String> tips =
            kind == Curve.Kind.CALIBRATION
                ? shown.stream()
                    .map(
                        p ->
                            String.format(
                                Locale.ROOT,
                                "%s: bin from %s, %,d examples, mean score %s, fraction positive %s",
                                c.group().model(),
                                fmt(p.threshold()),
                                p.examples(),
                                fmt(p.x()),
                                fmt(p.y())))
                    .toList()
                : List.of();
        chart.add(
            new Chart.Series(
                name + value,
                base ? Palette.BLACK : Palette.candidate(i - 1),
                kind == Curve.Kind.CALIBRATION
                    ? (base ? Chart.Marker.SQUARE : Palette.candidateMarker(i - 1))
                    : Chart.Marker.NONE,
                pts,
                true,
                base,
                tips));
      }
      if (kind != Curve.Kind.CALIBRATION) {
        for (ThresholdChoice t : thresholds(model, domain)) {
          int i = models.indexOf(t.group().model());
          String colour = i == 0 ? Palette.BLACK : Palette.candidate(i - 1);
          Chart.Marker marker = i == 0 ? Chart.Marker.SQUARE : Palette.candidateMarker(i - 1);
          t.chosen()
              .ifPresent(
                  op ->
                      chart.add(
                          new Chart.Series(
                              t.group().model() + " at t=" + fmt(op.threshold()),
                              colour,
                              marker,
                              List.of(point(kind, op)),
                              false,
                              false,
                              List.of(
                                  tip(
                                      t.group().model() + " at threshold " + fmt(op.threshold()),
                                      op)))));
          chart.add(
              new Chart.Series(
                  t.group().model() + " own predictions",
                  colour,
                  Chart.Marker.DIAMOND,
                  List.of(point(kind, t.hard())),
                  false,
                  true,
                  List.of(tip(t.group().model() + "'s own predictions", t.hard()))));
        }
      }
      out.add(chart.build());
    }
    return out;
  }

  /** The legend's name of the number that sums up each kind of curve. */
  private static final java.util.Map<MetricId, String> LEGEND_NAMES =
      java.util.Map.of(
          MetricId.ROC_AUC, "AUC", MetricId.AVERAGE_PRECISION, "AP", MetricId.ECE, "ECE");

  /** An operating point's values, for its marker's tip. */
  private static String tip(String what, OperatingPoint op) {
    double negatives = op.fp() + op.tn();
    return String.format(
        Locale.ROOT,
        "%s: precision %s, recall %s, false positive rate %s",
        what,
        fmt(op.precision()),
        fmt(op.recall()),
        negatives == 0 ? "—" : fmt(op.fp() / negatives));
  }

  /** The domain's share of positives: a PR curve's no-skill line. */
  private static Optional<Double> prevalence(ReportModel model, String domain) {
    return model
        .metric(new GroupKey(model.baseline(), domain, SliceKey.OVERALL), null, MetricId.PREVALENCE)
        .map(MetricValue::value)
        .filter(v -> !Double.isNaN(v));
  }

  /**
   * Shades where the domain's precision and recall targets are met on a PR chart (a band when it
   * has only one of them).
   */
  private static void targetRegion(ReportModel model, String domain, Chart.Builder chart) {
    java.util.Map<String, Double> targets = model.policies().apply(domain).targets();
    Double p = targets.get("precision");
    Double r = targets.get("recall");
    if (p == null && r == null) {
      return;
    }
    String label =
        "targets met"
            + (r == null ? "" : ": recall ≥ " + fmt(r))
            + (p == null ? "" : (r == null ? ": " : ", ") + "precision ≥ " + fmt(p));
    chart.region(r == null ? 0 : r, p == null ? 0 : p, 1, 1, "targets met", label);
  }

  /** An operating point on a ROC (false and true positive rate) or PR (recall, precision) chart. */
  private static double[] point(Curve.Kind kind, OperatingPoint op) {
    if (kind == Curve.Kind.ROC) {
      double negatives = op.fp() + op.tn();
      return new double[] {negatives == 0 ? 0 : op.fp() / negatives, op.recall()};
    }
    return new double[] {op.recall(), op.precision()};
  }

  private static List<ThresholdChoice> thresholds(ReportModel model, String domain) {
    return model.thresholds().stream()
        .filter(t -> t.group().domain().equals(domain) && t.group().slice().isOverall())
        .toList();
  }

  /**
   * Each threshold choice in words: its target, the threshold that meets it, the own predictions.
   */
  static List<String> operatingPoints(ReportModel model, String domain) {
    List<String> out = new ArrayList<>();
    for (ThresholdChoice t : thresholds(model, domain)) {
      String target =
          (t.target().constraint() == OperatingPoint.Constraint.RECALL_AT_LEAST
                  ? "recall ≥ "
                  : "precision ≥ ")
              + fmt(t.target().minimum());
      String own =
          String.format(
              Locale.ROOT,
              "own predictions: precision %s, recall %s",
              fmt(t.hard().precision()),
              fmt(t.hard().recall()));
      String chosen =
          t.chosen()
              .map(
                  op ->
                      String.format(
                          Locale.ROOT,
                          "threshold %s gives precision %s, recall %s",
                          fmt(op.threshold()),
                          fmt(op.precision()),
                          fmt(op.recall())))
              .orElse("no threshold reaches the target");
      out.add(
          t.group().model()
              + ": target "
              + target
              + "; "
              + chosen
              + "; "
              + own
              + (t.isOpportunity() ? " (a threshold change alone would meet the target)" : ""));
    }
    return out;
  }
}
