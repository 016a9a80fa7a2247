package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.PastRun;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.Severity;
import dev.domaineval.findings.Verdict;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Renders a run's self-contained {@code report.html}: verdict first, then per domain the
 * comparison, confusion matrices and charts, the worst slices, and the history of earlier runs.
 *
 * <p>The template is FreeMarker's HTML output format, so every value from the data is escaped where
 * it is printed; charts are inline SVG built by {@link SvgChart}, which escapes its own texts. The
 * page loads nothing: a Content-Security-Policy meta tag forbids every external load and allows
 * only the page's own script, by its SHA-256 hash.
 */
public final class HtmlReport {
  /** The most slice rows the slice table shows (the worst ones); the rest are in Parquet. */
  public static final int DEFAULT_MAX_SLICE_ROWS = 300;

  /** The most findings the findings list shows (the most severe); the rest are in Parquet. */
  public static final int DEFAULT_MAX_FINDINGS = 300;

  private static final Configuration FREEMARKER = configuration();
  private static final String SCRIPT = resource("report.js");

  private final int maxSliceRows;
  private final int maxFindings;

  /** A renderer with the default limits. */
  public HtmlReport() {
    this(DEFAULT_MAX_SLICE_ROWS, DEFAULT_MAX_FINDINGS);
  }

  /** A renderer that shows at most this many slice rows and findings. */
  public HtmlReport(int maxSliceRows, int maxFindings) {
    this.maxSliceRows = maxSliceRows;
    this.maxFindings = maxFindings;
  }

  // ---- the view: what the template prints, already formatted ----

  /** A line of the reconciliation table. */
  public record ReconRow(String table, String reason, String rows, boolean total) {}

  /** A cell of the verdict matrix. */
  public record VerdictCell(
      String candidate,
      String domain,
      String outcome,
      String css,
      String codes,
      List<String> reasons,
      List<String> moreReasons) {}

  /** The reasons a verdict shows before the rest are folded away. */
  static final int REASONS_SHOWN = 3;

  /** A row of the verdict matrix. */
  public record VerdictRow(String candidate, List<VerdictCell> cells) {}

  /** A finding, printed. */
  public record FindingRow(
      String severity, String code, String model, String domain, String slice, String message) {}

  /** A row of a baseline-vs-candidate table. */
  public record CompRow(
      String metric,
      String cls,
      String baseline,
      String candidate,
      String delta,
      String ci,
      String deltaCi,
      String p,
      String significance,
      String css) {}

  /** The comparison tables of one candidate on one domain. */
  public record CandidateSection(String candidate, List<CompRow> rows, List<CompRow> classRows) {}

  /** A cell of a confusion heat map. */
  public record MatrixCell(String count, String percent, String style, boolean dark) {}

  /** A row of a confusion heat map: one actual class. */
  public record MatrixRow(String actual, String support, List<MatrixCell> cells) {}

  /** One model's confusion heat map on a domain's overall slice. */
  public record MatrixView(String model, List<String> predicted, List<MatrixRow> rows) {}

  /** Everything about one domain. */
  public record DomainView(
      String name,
      String id,
      List<VerdictCell> verdicts,
      String kind,
      String priority,
      List<CandidateSection> candidates,
      List<MatrixView> matrices,
      String precisionRecallChart,
      List<String> scoreCharts,
      List<String> operatingPoints) {}

  /** A row of the slice table. */
  public record SliceRow(
      String candidate,
      String domain,
      String slice,
      String value,
      String metric,
      String baseline,
      String candidateValue,
      String delta,
      String p,
      String significance,
      String accuracyDelta,
      String accuracyP,
      String support,
      boolean lowSupport,
      String css) {}

  /** A row of the change-since-reference table. */
  public record ChangeRow(
      String candidate,
      String domain,
      String metric,
      String reference,
      String current,
      String delta,
      String p,
      String verdict,
      String css) {}

  /** The history section. */
  public record HistoryView(
      boolean present,
      List<String> runs,
      String reference,
      boolean pinned,
      List<String> charts,
      List<ChangeRow> changes) {}

  /** Renders the report. */
  public String render(ReportModel model) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("runId", model.runId());
    root.put(
        "createdAt",
        DateTimeFormatter.ISO_INSTANT.format(model.createdAt().truncatedTo(ChronoUnit.SECONDS)));
    root.put("inputs", model.inputs());
    root.put("recon", reconciliation(model));
    List<String> read = new ArrayList<>();
    model
        .reconciliation()
        .forEach(
            (table, reasons) ->
                read.add(
                    table
                        + " "
                        + count(reasons.values().stream().mapToLong(Long::longValue).sum())));
    root.put("rowsRead", String.join(", ", read));
    root.put("baseline", model.baseline());
    root.put("candidates", model.candidates());
    List<String> domains = domains(model);
    root.put("domains", domains);
    root.put("verdictRows", verdictMatrix(model, domains));
    root.put("verdictCounts", verdictCounts(model));
    List<Finding> findings = model.assessment().findings();
    root.put("findingsTotal", findings.size());
    root.put(
        "findingCounts",
        String.format(
            Locale.ROOT,
            "%d fail, %d warn, %d info",
            model.assessment().count(Severity.FAIL),
            model.assessment().count(Severity.WARN),
            model.assessment().count(Severity.INFO)));
    root.put("findings", findings.stream().limit(maxFindings).map(HtmlReport::finding).toList());
    root.put("domainViews", domains.stream().map(d -> domain(model, d)).toList());
    List<SliceRow> slices = slices(model);
    root.put("slicesTotal", slices.size());
    root.put("slices", slices.subList(0, Math.min(maxSliceRows, slices.size())));
    root.put("sliceNames", slices.stream().map(SliceRow::slice).distinct().sorted().toList());
    root.put("sliceDomains", slices.stream().map(SliceRow::domain).distinct().sorted().toList());
    root.put("history", history(model, domains));
    root.put("outputs", model.outputs());
    root.put("script", SCRIPT);
    root.put("scriptHash", sha256(SCRIPT));
    try {
      Template template = FREEMARKER.getTemplate("report.ftlh");
      StringWriter out = new StringWriter(256 * 1024);
      template.process(root, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the report template", e);
    } catch (TemplateException e) {
      throw new IllegalStateException("The report template failed: " + e.getMessage(), e);
    }
  }

  // ---- sections ----

  private static List<ReconRow> reconciliation(ReportModel model) {
    List<ReconRow> out = new ArrayList<>();
    model
        .reconciliation()
        .forEach(
            (table, reasons) -> {
              long total = 0;
              for (Map.Entry<String, Long> e : reasons.entrySet()) {
                out.add(new ReconRow(table, e.getKey(), count(e.getValue()), false));
                total += e.getValue();
              }
              out.add(new ReconRow(table, "all rows", count(total), true));
            });
    return out;
  }

  private static List<String> domains(ReportModel model) {
    TreeSet<String> out = new TreeSet<>();
    model.assessment().verdicts().forEach(v -> out.add(v.domain()));
    model.matrices().keySet().stream()
        .filter(k -> !k.isPooledDomain())
        .forEach(k -> out.add(k.domain()));
    return List.copyOf(out);
  }

  private static List<VerdictRow> verdictMatrix(ReportModel model, List<String> domains) {
    List<VerdictRow> rows = new ArrayList<>();
    for (String candidate : model.candidates()) {
      List<VerdictCell> cells = new ArrayList<>();
      for (String domain : domains) {
        Optional<Verdict> v =
            model.assessment().verdicts().stream()
                .filter(x -> x.candidate().equals(candidate) && x.domain().equals(domain))
                .findFirst();
        String outcome = v.map(x -> x.outcome().name()).orElse("NONE");
        List<String> reasons = v.map(Verdict::reasons).orElse(List.of());
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (String r : reasons) {
          int colon = r.indexOf(':');
          String code = colon > 0 ? r.substring(0, colon) : r;
          if (code.matches("[A-Z_]+")) {
            codes.merge(code, 1, Integer::sum);
          }
        }
        List<String> codeText = new ArrayList<>();
        codes.forEach((code, n) -> codeText.add(n > 1 ? code + " ×" + n : code));
        int shown = Math.min(REASONS_SHOWN, reasons.size());
        cells.add(
            new VerdictCell(
                candidate,
                domain,
                outcome,
                outcome.toLowerCase(Locale.ROOT),
                String.join(", ", codeText),
                reasons.subList(0, shown),
                reasons.subList(shown, reasons.size())));
      }
      rows.add(new VerdictRow(candidate, cells));
    }
    return rows;
  }

  private static String verdictCounts(ReportModel model) {
    Map<Verdict.Outcome, Long> counts = new LinkedHashMap<>();
    for (Verdict.Outcome o :
        List.of(
            Verdict.Outcome.FAIL,
            Verdict.Outcome.INCONCLUSIVE,
            Verdict.Outcome.WARN,
            Verdict.Outcome.PASS)) {
      counts.put(o, 0L);
    }
    model.assessment().verdicts().forEach(v -> counts.merge(v.outcome(), 1L, Long::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((o, n) -> parts.add(n + " " + o.name()));
    return String.join(", ", parts);
  }

  private static FindingRow finding(Finding f) {
    return new FindingRow(
        f.severity().name(),
        f.code().name(),
        f.model() == null ? "all models" : f.model(),
        f.domain(),
        f.slice().isOverall() ? "overall" : f.slice().slice() + " = " + f.slice().value(),
        f.message());
  }

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

  private DomainView domain(ReportModel model, String domain) {
    String positive = model.positiveClasses().get(domain);
    Policy policy = model.policies().apply(domain);
    MetricId priority =
        RegressionVsReferenceRule.priorityMetric(policy.priority(), positive != null);
    List<MetricId> shown = positive != null ? BINARY_METRICS : MULTICLASS_METRICS;
    List<CandidateSection> sections = new ArrayList<>();
    for (String candidate : model.candidates()) {
      List<ComparisonRow> rows =
          model.comparison().stream()
              .filter(
                  r ->
                      r.candidate().equals(candidate)
                          && r.domain().equals(domain)
                          && r.slice().isOverall())
              .toList();
      List<CompRow> headline = new ArrayList<>();
      for (MetricId m : shown) {
        rows.stream()
            .filter(r -> r.cls() == null && r.metric() == m)
            .findFirst()
            .ifPresent(r -> headline.add(compRow(model, r, m == priority)));
      }
      List<CompRow> perClass =
          rows.stream()
              .filter(
                  r ->
                      r.cls() != null
                          && (r.metric() == MetricId.PRECISION
                              || r.metric() == MetricId.RECALL
                              || r.metric() == MetricId.F1))
              .sorted(
                  Comparator.comparing(ComparisonRow::cls).thenComparing(r -> r.metric().ordinal()))
              .map(r -> compRow(model, r, false))
              .toList();
      sections.add(new CandidateSection(candidate, headline, perClass));
    }
    List<MatrixView> matrices = new ArrayList<>();
    List<String> models = new ArrayList<>();
    models.add(model.baseline());
    models.addAll(model.candidates());
    for (String m : models) {
      ConfusionMatrix cm = model.matrices().get(new GroupKey(m, domain, SliceKey.OVERALL));
      if (cm != null) {
        matrices.add(matrix(m, cm));
      }
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
    List<VerdictCell> verdicts =
        verdictMatrix(model, List.of(domain)).stream().flatMap(r -> r.cells().stream()).toList();
    return new DomainView(
        domain,
        "d-" + sha256(domain).substring(0, 10).replaceAll("[^A-Za-z0-9]", "x"),
        verdicts,
        kind,
        priorityText,
        sections,
        matrices,
        precisionRecallChart(model, domain, positive != null, models),
        scoreCharts(model, domain, models),
        operatingPoints(model, domain, models));
  }

  private static CompRow compRow(ReportModel model, ComparisonRow r, boolean priority) {
    Optional<MetricValue> value =
        metric(model, new GroupKey(r.candidate(), r.domain(), r.slice()), r.cls(), r.metric());
    String ci =
        value
            .filter(MetricValue::hasInterval)
            .map(v -> "[" + fmt(v.ciLow()) + ", " + fmt(v.ciHigh()) + "]")
            .orElse("—");
    String deltaCi =
        r.deltaCiLow() == null
            ? "—"
            : "[" + signed(r.deltaCiLow()) + ", " + signed(r.deltaCiHigh()) + "]";
    return new CompRow(
        r.metric().id() + (priority ? " (priority)" : ""),
        r.cls() == null ? "" : r.cls(),
        fmt(r.baselineValue()),
        fmt(r.candidateValue()),
        signed(r.delta()),
        ci,
        deltaCi,
        r.pValue() == null ? "no test" : pValue(r.pValue()),
        significance(r),
        css(r));
  }

  private static String significance(ComparisonRow r) {
    if (!r.hasPValue()) {
      return "no test";
    }
    if (!r.significant()) {
      return "not significant";
    }
    return r.isRegression() ? "significantly worse" : "significantly better";
  }

  private static String css(ComparisonRow r) {
    if (!r.significant()) {
      return "";
    }
    return r.isRegression() ? "worse" : "better";
  }

  private static Optional<MetricValue> metric(
      ReportModel model, GroupKey group, String cls, MetricId id) {
    for (MetricValue v : model.metrics().getOrDefault(group, List.of())) {
      if (v.metric() == id && Objects.equals(v.cls(), cls)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static MatrixView matrix(String model, ConfusionMatrix cm) {
    List<String> actual = cm.actualClasses();
    List<String> predicted = new ArrayList<>(cm.classes());
    if (cm.invalidCount() > 0) {
      predicted.add(ConfusionMatrix.INVALID);
    }
    List<MatrixRow> rows = new ArrayList<>();
    for (String a : actual) {
      long support = cm.support(a);
      List<MatrixCell> cells = new ArrayList<>();
      for (String p : predicted) {
        long n = cm.count(a, p);
        double share = support == 0 ? 0 : (double) n / support;
        // One blue hue whose strength is the row share: readable for every colour vision, and the
        // numbers are printed in every cell anyway.
        String style =
            String.format(Locale.ROOT, "background:rgba(0,114,178,%.3f)", 0.06 + 0.94 * share);
        cells.add(
            new MatrixCell(
                count(n), String.format(Locale.ROOT, "%.1f%%", 100 * share), style, share > 0.5));
      }
      rows.add(new MatrixRow(a, count(support), cells));
    }
    return new MatrixView(model, predicted, rows);
  }

  private static String precisionRecallChart(
      ReportModel model, String domain, boolean binary, List<String> models) {
    MetricId p = binary ? MetricId.PRECISION : MetricId.MACRO_PRECISION;
    MetricId r = binary ? MetricId.RECALL : MetricId.MACRO_RECALL;
    List<double[]> points = new ArrayList<>();
    for (String m : models) {
      GroupKey g = new GroupKey(m, domain, SliceKey.OVERALL);
      Optional<MetricValue> pv = metric(model, g, null, p);
      Optional<MetricValue> rv = metric(model, g, null, r);
      points.add(
          pv.isPresent() && rv.isPresent()
              ? new double[] {rv.get().value(), pv.get().value()}
              : null);
    }
    if (points.get(0) == null) {
      return "";
    }
    double lo = 1;
    for (double[] pt : points) {
      if (pt != null) {
        lo = Math.min(lo, Math.min(pt[0], pt[1]));
      }
    }
    lo = Math.max(0, Math.floor((lo - 0.05) * 10) / 10);
    SvgChart chart =
        new SvgChart(
                domain + ": precision and recall",
                binary ? "recall (positive class)" : "macro recall",
                binary ? "precision (positive class)" : "macro precision")
            .xRange(lo, 1)
            .yRange(lo, 1);
    double[] base = points.get(0);
    chart.add(
        new SvgChart.Series(
            models.get(0) + " (baseline)",
            Palette.BLACK,
            SvgChart.Marker.SQUARE,
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
          new SvgChart.Series(
              models.get(i), colour, Palette.candidateMarker(i - 1), List.of(pt), false, false));
    }
    return chart.render();
  }

  private static List<String> scoreCharts(ReportModel model, String domain, List<String> models) {
    List<String> out = new ArrayList<>();
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
      SvgChart chart =
          switch (kind) {
            case ROC ->
                new SvgChart(domain + ": ROC curve", "false positive rate", "true positive rate")
                    .diagonal();
            case PR -> new SvgChart(domain + ": precision-recall curve", "recall", "precision");
            case CALIBRATION ->
                new SvgChart(
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
            new SvgChart.Series(
                c.group().model() + (base ? " (baseline)" : ""),
                base ? Palette.BLACK : Palette.candidate(i - 1),
                kind == Curve.Kind.CALIBRATION
                    ? (base ? SvgChart.Marker.SQUARE : Palette.candidateMarker(i - 1))
                    : SvgChart.Marker.NONE,
                pts,
                true,
                base));
      }
      if (kind != Curve.Kind.CALIBRATION) {
        for (ThresholdChoice t : thresholds(model, domain)) {
          int i = models.indexOf(t.group().model());
          String colour = i == 0 ? Palette.BLACK : Palette.candidate(i - 1);
          SvgChart.Marker marker = i == 0 ? SvgChart.Marker.SQUARE : Palette.candidateMarker(i - 1);
          t.chosen()
              .ifPresent(
                  op ->
                      chart.add(
                          new SvgChart.Series(
                              t.group().model() + " at t=" + fmt(op.threshold()),
                              colour,
                              marker,
                              List.of(point(kind, op)),
                              false,
                              false)));
          chart.add(
              new SvgChart.Series(
                  t.group().model() + " own predictions",
                  colour,
                  SvgChart.Marker.DIAMOND,
                  List.of(point(kind, t.hard())),
                  false,
                  true));
        }
      }
      out.add(chart.render());
    }
    return out;
  }

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

  private static List<String> operatingPoints(
      ReportModel model, String domain, List<String> models) {
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

  /**
   * Slice rows of every candidate and domain on the domain's priority metric, worst change first
   * (the most negative delta for a metric where higher is better).
   */
  private static List<SliceRow> slices(ReportModel model) {
    List<ComparisonRow> rows = new ArrayList<>();
    for (ComparisonRow r : model.comparison()) {
      if (r.slice().isOverall() || SliceKey.POOLED.equals(r.domain()) || r.cls() != null) {
        continue;
      }
      String priority = model.policies().apply(r.domain()).priority();
      MetricId m =
          RegressionVsReferenceRule.priorityMetric(
              priority, model.positiveClasses().containsKey(r.domain()));
      if (r.metric() == m) {
        rows.add(r);
      }
    }
    rows.sort(
        Comparator.comparingDouble(
                (ComparisonRow r) -> r.metric().isHigherBetter() ? r.delta() : -r.delta())
            .thenComparing(ComparisonRow::domain)
            .thenComparing(r -> r.slice().slice())
            .thenComparing(r -> r.slice().value()));
    Map<List<Object>, ComparisonRow> accuracy = new java.util.HashMap<>();
    for (ComparisonRow r : model.comparison()) {
      if (r.metric() == MetricId.ACCURACY && r.cls() == null && !r.slice().isOverall()) {
        accuracy.put(List.of(r.candidate(), r.domain(), r.slice()), r);
      }
    }
    List<SliceRow> out = new ArrayList<>(rows.size());
    for (ComparisonRow r : rows) {
      Optional<ComparisonRow> acc =
          Optional.ofNullable(accuracy.get(List.of(r.candidate(), r.domain(), r.slice())));
      boolean low = r.support() < model.policies().apply(r.domain()).minSupport();
      out.add(
          new SliceRow(
              r.candidate(),
              r.domain(),
              r.slice().slice(),
              r.slice().value(),
              r.metric().id(),
              fmt(r.baselineValue()),
              fmt(r.candidateValue()),
              signed(r.delta()),
              r.pValue() == null ? "no test" : pValue(r.pValue()),
              significance(r),
              acc.map(a -> signed(a.delta())).orElse("—"),
              acc.map(a -> a.pValue() == null ? "no test" : pValue(a.pValue())).orElse("—"),
              count(r.support()),
              low,
              low ? "low" : css(r)));
    }
    return out;
  }

  private static HistoryView history(ReportModel model, List<String> domains) {
    List<PastRun> runs = new ArrayList<>(model.history().runs());
    if (runs.isEmpty() && model.history().reference().isEmpty()) {
      return new HistoryView(false, List.of(), "", false, List.of(), List.of());
    }
    List<String> runIds = new ArrayList<>(runs.stream().map(PastRun::runId).toList());
    runIds.add(model.runId() + " (this run)");
    List<String> charts = new ArrayList<>();
    for (String domain : domains) {
      String positive = model.positiveClasses().get(domain);
      MetricId priority =
          RegressionVsReferenceRule.priorityMetric(
              model.policies().apply(domain).priority(), positive != null);
      for (MetricId metric : List.of(priority, MetricId.ACCURACY)) {
        charts.add(trendChart(model, runs, domain, metric));
      }
    }
    List<ChangeRow> changes = new ArrayList<>();
    for (RegressionVsReferenceRule.Change c : model.changes()) {
      changes.add(
          new ChangeRow(
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

  private static String trendChart(
      ReportModel model, List<PastRun> runs, String domain, MetricId metric) {
    List<SvgChart.Tick> ticks = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      ticks.add(new SvgChart.Tick(i, SvgChart.abbreviate(runs.get(i).runId(), 14)));
    }
    ticks.add(new SvgChart.Tick(runs.size(), "this run"));
    // Every run is a tick only while they fit; beyond that every k-th one is labelled.
    int step = Math.max(1, (int) Math.ceil(ticks.size() / 10.0));
    List<SvgChart.Tick> shownTicks = new ArrayList<>();
    for (int i = 0; i < ticks.size(); i++) {
      if (i % step == 0 || i == ticks.size() - 1) {
        shownTicks.add(ticks.get(i));
      }
    }
    List<String> models = new ArrayList<>();
    models.add(model.baseline());
    models.addAll(model.candidates());
    double lo = 1;
    double hi = 0;
    List<SvgChart.Series> series = new ArrayList<>();
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
          new SvgChart.Series(
              models.get(m) + (base ? " (baseline)" : ""),
              base ? Palette.BLACK : Palette.candidate(m - 1),
              base ? SvgChart.Marker.SQUARE : Palette.candidateMarker(m - 1),
              pts,
              true,
              base));
    }
    lo = Math.max(0, Math.floor((lo - 0.05) * 10) / 10);
    hi = Math.min(1, Math.ceil((hi + 0.02) * 10) / 10);
    SvgChart chart =
        new SvgChart(domain + ": " + metric.id() + " by run", "run (oldest first)", metric.id())
            .xRange(0, Math.max(1, runs.size()))
            .yRange(lo, Math.max(hi, lo + 0.1))
            .xTicks(shownTicks);
    series.forEach(chart::add);
    return chart.render();
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

  // ---- formatting ----

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String signed(double v) {
    return String.format(Locale.ROOT, "%+.3f", v).replace('-', '−');
  }

  static String pValue(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  // ---- plumbing ----

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(HtmlReport.class, "");
    c.setDefaultEncoding("UTF-8");
    c.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setNumberFormat("computer");
    c.setLocale(Locale.ROOT);
    return c;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + " next to HtmlReport");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base64 SHA-256, as a CSP hash source wants it. */
  static String sha256(String s) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
