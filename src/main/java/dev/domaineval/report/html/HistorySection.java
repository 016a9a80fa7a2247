package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.fmt;
import static dev.domaineval.report.html.Formats.pValue;
import static dev.domaineval.report.html.Formats.signed;

import dev.domaineval.findings.PastRun;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.view.Chart;
import dev.domaineval.report.html.view.HistoryView;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The earlier published runs: per domain a trend of its priority metric and of accuracy over them
 * and this run, and each candidate's priority metric against the reference run.
 */
final class HistorySection {
  /** The most x ticks a trend chart labels; beyond that every k-th run is labelled. */
  private static final int MAX_TICKS = 10;

  private HistorySection() {}

  static HistoryView build(ReportModel model, List<String> domains) {
    List<PastRun> runs = new ArrayList<>(model.history().runs());
    if (runs.isEmpty() && model.history().reference().isEmpty()) {
      return HistoryView.absent();
    }
    List<String> runIds = new ArrayList<>(runs.stream().map(PastRun::runId).toList());
    runIds.add(model.runId() + " (this run)");
    List<Chart> charts = new ArrayList<>();
    for (String domain : domains) {
      for (MetricId metric : List.of(model.priorityMetric(domain), MetricId.ACCURACY)) {
        charts.add(trendChart(model, runs, domain, metric));
      }
    }
    List<HistoryView.Change> changes = new ArrayList<>();
    for (RegressionVsReferenceRule.Change c : model.changes()) {
      changes.add(
          new HistoryView.Change(
              c.candidate(),
              c.domain(),
              c.metric(),
              fmt(c.referenceValue()),
              fmt(c.currentValue()),
              signed(c.delta()),
              Double.isNaN(c.pValue()) ? "no test" : pValue(c.pValue()),
              c.regression()
                  ? "significantly worse"
                  : c.delta() > 0 && c.pValue() < 0.05 ? "better" : "no significant drop",
              c.regression() ? "worse" : ""));
    }
    return new HistoryView(
        true,
        runIds,
        model.history().reference().map(PastRun::runId).orElse(""),
        model.history().pinned(),
        charts,
        changes);
  }

  /** One metric of every model on a domain's overall slice, by run: x is the run's index. */
  private static Chart trendChart(
      ReportModel model, List<PastRun> runs, String domain, MetricId metric) {
    List<Chart.Tick> ticks = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      ticks.add(new Chart.Tick(i, runs.get(i).runId()));
    }
    ticks.add(new Chart.Tick(runs.size(), "this run"));
    int step = Math.max(1, (int) Math.ceil(ticks.size() / (double) MAX_TICKS));
    List<Chart.Tick> shownTicks = new ArrayList<>();
    for (int i = 0; i < ticks.size(); i++) {
      if (i % step == 0 || i == ticks.size() - 1) {
        shownTicks.add(ticks.get(i));
      }
    }
    List<String> models = model.models();
    double lo = 1;
    double hi = 0;
    List<Chart.Series> series = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      GroupKey g = new GroupKey(models.get(m), domain, SliceKey.OVERALL);
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        Optional<Double> v = value(runs.get(i).metrics().get(g), metric);
        if (v.isPresent()) {
          pts.add(new double[] {i, v.get()});
        }
      }
      value(model.metrics().get(g), metric).ifPresent(v -> pts.add(new double[] {runs.size(), v}));
      for (double[] p : pts) {
        lo = Math.min(lo, p[1]);
        hi = Math.max(hi, p[1]);
      }
      boolean base = m == 0;
      series.add(
          new Chart.Series(
              models.get(m) + (base ? " (baseline)" : ""),
              base ? Palette.BLACK : Palette.candidate(m - 1),
              base ? Chart.Marker.SQUARE : Palette.candidateMarker(m - 1),
              pts,
              true,
              base));
    }
    lo = Math.max(0, Math.floor((lo - 0.05) * 10) / 10);
    hi = Math.min(1, Math.ceil((hi + 0.02) * 10) / 10);
    Chart.Builder chart =
        Chart.builder(domain + ": " + metric.id() + " by run", "run (oldest first)", metric.id())
            .xRange(0, Math.max(1, runs.size()))
            .yRange(lo, Math.max(hi, lo + 0.1))
            .xTicks(shownTicks);
    series.forEach(chart::add);
    return chart.build();
  }

  private static Optional<Double> value(List<MetricValue> values, MetricId metric) {
    if (values == null) {
      return Optional.empty();
    }
    return values.stream()
        .filter(v -> v.isAggregate() && v.metric() == metric)
        .map(MetricValue::value)
        .findFirst();
  }
}
