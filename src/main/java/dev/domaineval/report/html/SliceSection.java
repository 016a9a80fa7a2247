package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.count;
import static dev.domaineval.report.html.Formats.css;
import static dev.domaineval.report.html.Formats.fmt;
import static dev.domaineval.report.html.Formats.pValueOrNoTest;
import static dev.domaineval.report.html.Formats.signed;
import static dev.domaineval.report.html.Formats.significance;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Decision;
import dev.domaineval.findings.Severity;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.report.html.view.SlicesView;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The slice table: every candidate's priority metric per slice value of every domain, ranked by
 * what it decides: first the slices with a failing finding, then those with a warning, then
 * significant drops beyond the margin, then the rest; within each, worst change first (the most
 * negative delta for a metric where higher is better). The slice's accuracy change is beside it,
 * and the number of examples the metric rests on. Each shown row with a finding links to the
 * baseline's and the candidate's confusion counts on its slice.
 */
final class SliceSection {
  private SliceSection() {}

  static SlicesView build(ReportModel model, int maxRows) {
    List<SlicesView.Row> rows = rows(model);
    List<SlicesView.Row> shown = rows.subList(0, Math.min(maxRows, rows.size()));
    List<SlicesView.Matrices> matrices = new ArrayList<>();
    for (SlicesView.Row r : shown) {
      if (!r.anchor().isEmpty()) {
        matrices.add(matrices(model, r));
      }
    }
    return new SlicesView(
        shown,
        rows.size(),
        rows.stream().map(SlicesView.Row::slice).distinct().sorted().toList(),
        rows.stream().map(SlicesView.Row::domain).distinct().sorted().toList(),
        model.outputs().getOrDefault("comparison", "comparison"),
        matrices);
  }

  private static List<SlicesView.Row> rows(ReportModel model) {
    List<ComparisonRow> rows = new ArrayList<>();
    for (ComparisonRow r : model.comparison()) {
      if (r.slice().isOverall() || SliceKey.POOLED.equals(r.domain()) || r.cls() != null) {
        continue;
      }
      if (r.metric() == model.priorityMetric(r.domain())) {
        rows.add(r);
      }
    }
    GatingFindings gates = new GatingFindings(model.assessment().findings());
    rows.sort(
        Comparator.comparingInt((ComparisonRow r) -> rank(gates, r))
            .thenComparingDouble(
                (ComparisonRow r) ->
                    Double.isNaN(r.delta())
                        ? Double.POSITIVE_INFINITY
                        : r.metric().isHigherBetter() ? r.delta() : -r.delta())
            .thenComparing(ComparisonRow::domain)
            .thenComparing(r -> r.slice().slice())
            .thenComparing(r -> r.slice().value()));
    Map<List<Object>, ComparisonRow> accuracy = new HashMap<>();
    for (ComparisonRow r : model.comparison()) {
      if (r.metric() == MetricId.ACCURACY && r.cls() == null && !r.slice().isOverall()) {
        accuracy.put(List.of(r.candidate(), r.domain(), r.slice()), r);
      }
    }
    List<SlicesView.Row> out = new ArrayList<>(rows.size());
    for (ComparisonRow r : rows) {
      Optional<ComparisonRow> acc =
          Optional.ofNullable(accuracy.get(List.of(r.candidate(), r.domain(), r.slice())));
      boolean low = r.support() < model.policies().apply(r.domain()).minSupport();
      String gate = gates.css(r.candidate(), r.domain(), r.slice());
      String codes = gates.codes(r.candidate(), r.domain(), r.slice());
      ConfusionMatrix cm = model.matrices().get(new GroupKey(r.candidate(), r.domain(), r.slice()));
      out.add(
          new SlicesView.Row(
              r.candidate(),
              r.domain(),
              r.slice().slice(),
              r.slice().value(),
              r.metric().id(),
              fmt(r.baselineValue()),
              fmt(r.candidateValue()),
              signed(r.delta()),
              pValueOrNoTest(r.pValue()),
              significance(r),
              acc.map(a -> signed(a.delta())).orElse("—"),
              acc.map(a -> pValueOrNoTest(a.pValue())).orElse("—"),
              cm == null
                  ? Formats.UNDEFINED
                  : count(n(r.metric(), cm, model.positiveClasses().get(r.domain()))),
              low,
              gate != null ? gate : low ? "low" : css(r),
              codes,
              below(model, r),
              codes.isEmpty() ? "" : Anchors.slice(r.candidate(), r.domain(), r.slice())));
    }
    return out;
  }

  /**
   * The number of examples a metric of a slice rests on: for a binary domain's positive class, the
   * actual positives for recall, the predicted positives (the positive column's total) for
   * precision and the actual negatives for specificity; every example of the slice for the others
   * (accuracy, f1, the averages, MCC), whose value depends on all of them.
   */
  static long n(MetricId metric, ConfusionMatrix cm, String positive) {
    if (positive != null) {
      switch (metric) {
        case RECALL:
          return cm.support(positive);
        case PRECISION:
          return cm.predictedCount(positive);
        case SPECIFICITY:
          return cm.total() - cm.support(positive);
        default:
          break;
      }
    }
    return cm.total();
  }

  /**
   * "yes" when the candidate's value is below the domain's target for the row's metric (targets are
   * inclusive minimums), "no" when it meets it, "" when there is no such target or the value is
   * undefined.
   */
  private static String below(ReportModel model, ComparisonRow r) {
    boolean binary = model.isBinary(r.domain());
    for (Map.Entry<String, Double> t : model.policies().apply(r.domain()).targets().entrySet()) {
      if (MetricId.forPolicy(t.getKey(), binary).orElse(null) == r.metric()) {
        if (Double.isNaN(r.candidateValue())) {
          return "";
        }
        return r.candidateValue() < t.getValue() ? "yes" : "no";
      }
    }
    return "";
  }

  /**
   * The baseline's and the candidate's counts on a row's slice, over the union of their actual
   * classes and predicted columns, so both tables read the same way.
   */
  private static SlicesView.Matrices matrices(ReportModel model, SlicesView.Row row) {
    SliceKey slice = new SliceKey(row.slice(), row.value());
    List<String> models = List.of(model.baseline(), row.candidate());
    TreeSet<String> actual = new TreeSet<>();
    TreeSet<String> predicted = new TreeSet<>();
    java.util.Set<String> nonAnswers = new java.util.HashSet<>();
    for (String m : models) {
      ConfusionMatrix cm = model.matrices().get(new GroupKey(m, row.domain(), slice));
      if (cm != null) {
        actual.addAll(cm.actualClasses());
        predicted.addAll(cm.classes());
        for (String nonAnswer : ConfusionMatrix.NON_ANSWERS) {
          if (cm.predictedCount(nonAnswer) > 0) {
            nonAnswers.add(nonAnswer);
          }
        }
      }
    }
    List<String> columns = new ArrayList<>(predicted);
    for (String nonAnswer : ConfusionMatrix.NON_ANSWERS) {
      if (nonAnswers.contains(nonAnswer)) {
        columns.add(nonAnswer);
      }
    }
    List<SlicesView.Matrix> out = new ArrayList<>();
    for (String m : models) {
      ConfusionMatrix cm = model.matrices().get(new GroupKey(m, row.domain(), slice));
      if (cm == null) {
        continue;
      }
      List<SlicesView.MatrixRow> rows = new ArrayList<>();
      for (String a : actual) {
        List<String> counts = new ArrayList<>();
        for (String p : columns) {
          counts.add(count(cm.count(a, p)));
        }
        rows.add(new SlicesView.MatrixRow(a, counts));
      }
      out.add(new SlicesView.Matrix(m, columns, rows));
    }
    return new SlicesView.Matrices(
        row.anchor(),
        row.candidate()
            + " on "
            + row.domain()
            + ", "
            + row.slice()
            + " = "
            + row.value()
            + ": "
            + row.findings(),
        out);
  }

  /**
   * 0: a failing finding about the slice; 1: a warning; 2: a significant drop beyond the margin; 3:
   * the rest.
   */
  private static int rank(GatingFindings gates, ComparisonRow r) {
    Severity s = gates.severity(r.candidate(), r.domain(), r.slice());
    if (s == Severity.FAIL) {
      return 0;
    }
    if (s == Severity.WARN) {
      return 1;
    }
    return r.decision() == Decision.WORSE ? 2 : 3;
  }
}
