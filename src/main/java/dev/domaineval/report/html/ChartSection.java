package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.fmt;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.view.Chart;
import dev.domaineval.scores.Curve;
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
                    .diagonal();
            case PR -> Chart.builder(domain + ": precision-recall curve", "recall", "precision");
            case CALIBRATION ->
                Chart.builder(
                        domain + ": calibration",
                        "mean predicted probability",
                        "fraction of positives")
                    .diagonal();
          };
      for (Curve c : curves) {
        int i = models.indexOf(c.group().model());
        boolean base = i == 0;
        List<double[]> pts = c.points().stream().map(p -> new double[] {p.x(), p.y()}).toList();
        chart.add(
            new Chart.Series(
                c.group().model() + (base ? " (baseline)" : ""),
                base ? Palette.BLACK : Palette.candidate(i - 1),
                kind == Curve.Kind.CALIBRATION
                    ? (base ? Chart.Marker.SQUARE : Palette.candidateMarker(i - 1))
                    : Chart.Marker.NONE,
                pts,
                true,
                base));
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
                              false)));
          chart.add(
              new Chart.Series(
                  t.group().model() + " own predictions",
                  colour,
                  Chart.Marker.DIAMOND,
                  List.of(point(kind, t.hard())),
                  false,
                  true));
        }
      }
      out.add(chart.build());
    }
    return out;
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
