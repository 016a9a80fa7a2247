package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.css;
import static dev.domaineval.report.html.Formats.fmt;
import static dev.domaineval.report.html.Formats.pValueOrNoTest;
import static dev.domaineval.report.html.Formats.signed;
import static dev.domaineval.report.html.Formats.significance;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.TargetDecision;
import dev.domaineval.config.Policy;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.view.DomainView;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One domain's part of the page, on its overall slice: its verdicts and policy, each candidate's
 * comparison with the baseline, then the confusion heat maps ({@link ConfusionSection}) and charts
 * ({@link ChartSection}).
 */
final class DomainSection {
  private static final List<MetricId> BINARY_METRICS =
      List.of(
          MetricId.PRECISION,
          MetricId.RECALL,
          MetricId.F1,
          MetricId.SPECIFICITY,
          MetricId.ACCURACY,
          MetricId.MCC,
          MetricId.INVALID_RATE);

  private static final List<MetricId> MULTICLASS_METRICS =
      List.of(
          MetricId.ACCURACY,
          MetricId.MACRO_PRECISION,
          MetricId.MACRO_RECALL,
          MetricId.MACRO_F1,
          MetricId.BALANCED_ACCURACY,
          MetricId.WEIGHTED_F1,
          MetricId.MCC,
          MetricId.INVALID_RATE);

  /** The per-class metrics, under the headline table. */
  private static final List<MetricId> CLASS_METRICS =
      List.of(MetricId.PRECISION, MetricId.RECALL, MetricId.F1);

  private DomainSection() {}

  static DomainView build(ReportModel model, String domain) {
    String positive = model.positiveClasses().get(domain);
    Policy policy = model.policies().apply(domain);
    MetricId priority = model.priorityMetric(domain);
    List<DomainView.Comparison> comparisons = new ArrayList<>();
    for (String candidate : model.candidates()) {
      comparisons.add(comparison(model, candidate, domain, priority));
    }
    String kind =
        positive != null
            ? "binary, positive class " + positive
            : "multiclass, macro averages over its classes";
    String priorityText =
        policy.priority()
            + " ("
            + priority.id()
            + "), "
            + policy.role().id()
            + ", min-support "
            + policy.minSupport();
    return new DomainView(
        domain,
        Anchors.domain(domain),
        VerdictSection.cells(model, domain),
        kind,
        priorityText,
        comparisons,
        ConfusionSection.build(model, domain),
        ChartSection.precisionRecall(model, domain),
        ChartSection.scoreCharts(model, domain),
        ChartSection.operatingPoints(model, domain),
        scoreMetrics(model, domain),
        ValiditySection.build(model, domain));
  }

  /** The score metrics the charts sum up, per candidate against the baseline. */
  private static final List<MetricId> SCORE_METRICS =
      List.of(
          MetricId.ROC_AUC,
          MetricId.AVERAGE_PRECISION,
          MetricId.PR_AUC,
          MetricId.LOG_LOSS,
          MetricId.BRIER,
          MetricId.ECE);

  private static List<DomainView.ScoreRow> scoreMetrics(ReportModel model, String domain) {
    List<DomainView.ScoreRow> out = new ArrayList<>();
    GroupKey base = new GroupKey(model.baseline(), domain, SliceKey.OVERALL);
    for (String candidate : model.candidates()) {
      GroupKey cand = new GroupKey(candidate, domain, SliceKey.OVERALL);
      for (MetricId m : SCORE_METRICS) {
        Optional<MetricValue> b = model.metric(base, null, m);
        Optional<MetricValue> c = model.metric(cand, null, m);
        if (b.isEmpty() && c.isEmpty()) {
          continue;
        }
        double bv = b.map(MetricValue::value).orElse(Double.NaN);
        double cv = c.map(MetricValue::value).orElse(Double.NaN);
        out.add(
            new DomainView.ScoreRow(
                m.id(),
                m.isLowerBetter() ? "lower is better" : "higher is better",
                candidate,
                fmt(bv),
                fmt(cv),
                signed(cv - bv)));
      }
    }
    return out;
  }

  private static DomainView.Comparison comparison(
      ReportModel model, String candidate, String domain, MetricId priority) {
    List<ComparisonRow> rows =
        model.comparison().stream()
            .filter(
                r ->
                    r.candidate().equals(candidate)
                        && r.domain().equals(domain)
                        && r.slice().isOverall())
            .toList();
    List<DomainView.ComparisonRow> headline = new ArrayList<>();
    // The priority metric first, then the domain's usual order.
    List<MetricId> order = new ArrayList<>(List.of(priority));
    for (MetricId m : model.isBinary(domain) ? BINARY_METRICS : MULTICLASS_METRICS) {
      if (m != priority) {
        order.add(m);
      }
    }
    for (MetricId m : order) {
      rows.stream()
          .filter(r -> r.cls() == null && r.metric() == m)
          .findFirst()
          .ifPresent(r -> headline.add(row(model, r, m == priority)));
    }
    List<DomainView.ComparisonRow> perClass =
        rows.stream()
            .filter(r -> r.cls() != null && CLASS_METRICS.contains(r.metric()))
            .sorted(
                Comparator.comparing(ComparisonRow::cls).thenComparing(r -> r.metric().ordinal()))
            .map(r -> row(model, r, false))
            .toList();
    return new DomainView.Comparison(
        candidate, headline, perClass, model.leakageSlices().getOrDefault(candidate, ""));
  }

  private static DomainView.ComparisonRow row(
      ReportModel model, ComparisonRow r, boolean priority) {
    String ci =
        model
            .metric(new GroupKey(r.candidate(), r.domain(), r.slice()), r.cls(), r.metric())
            .filter(MetricValue::hasInterval)
            .map(v -> "[" + fmt(v.ciLow()) + ", " + fmt(v.ciHigh()) + "]")
            .orElse("—");
    String target = "";
    String vsTarget = "";
    if (r.cls() == null) {
      boolean binary = model.isBinary(r.domain());
      for (Map.Entry<String, Double> t :
          new TreeMap<>(model.policies().apply(r.domain()).targets()).entrySet()) {
        if (MetricId.forPolicy(t.getKey(), binary).orElse(null) == r.metric()) {
          target = "≥ " + fmt(t.getValue());
          vsTarget = vsTarget(model, r, t.getValue());
        }
      }
    }
    String deltaCi =
        r.deltaCiLow() == null
            ? "—"
            : "[" + signed(r.deltaCiLow()) + ", " + signed(r.deltaCiHigh()) + "]";
    return new DomainView.ComparisonRow(
        r.metric().id() + (priority ? " (priority)" : ""),
        r.cls() == null ? "" : r.cls(),
        fmt(r.baselineValue()),
        fmt(r.candidateValue()),
        signed(r.delta()),
        ci,
        deltaCi,
        pValueOrNoTest(r.pValue()),
        significance(r),
        css(r),
        target,
        vsTarget,
        clean(model, r));
  }

  /** The candidate's value on its clean examples (its leakage slice's {@code clean} value). */
  private static String clean(ReportModel model, ComparisonRow r) {
    String slice = model.leakageSlices().get(r.candidate());
    if (slice == null) {
      return "";
    }
    return model
        .metric(
            new GroupKey(r.candidate(), r.domain(), new SliceKey(slice, "clean")),
            r.cls(),
            r.metric())
        .map(v -> fmt(v.value()))
        .orElse("—");
  }

  /**
   * The candidate against a target, decided as the gate decides it: on the 95 % interval where the
   * metric has one ({@link TargetDecision}), else on the value.
   */
  private static String vsTarget(ReportModel model, ComparisonRow r, double goal) {
    Optional<MetricValue> v =
        model.metric(new GroupKey(r.candidate(), r.domain(), r.slice()), null, r.metric());
    if (v.isEmpty() || Double.isNaN(v.get().value())) {
      return "";
    }
    TargetDecision.Outcome o = TargetDecision.of(v.get(), goal);
    return switch (o) {
      case MET -> "met";
      case MISSED -> "missed";
      case INCONCLUSIVE -> "inside the interval";
    };
  }
}
