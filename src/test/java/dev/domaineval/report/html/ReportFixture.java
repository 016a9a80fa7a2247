package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.PairedTestMethod;
import dev.domaineval.compare.PairedTestResult;
import dev.domaineval.config.Policy;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.FindingCode;
import dev.domaineval.findings.PastRun;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.findings.Severity;
import dev.domaineval.findings.Verdict;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.CurvePoint;
import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Synthetic runs for the renderer's tests: binary domains (or multiclass ones, without a positive
 * class) whose positive class, slice values and model names are given, with random but seeded
 * counts.
 */
public final class ReportFixture {
  static final Policy POLICY =
      new Policy("recall", Map.of("recall", 0.8), 30, Policy.Role.IN_DOMAIN);

  /** The classes of a multiclass domain. */
  static final List<String> CLASSES = List.of("alpha", "beta", "gamma");

  final String baseline;
  final String candidate;
  final Map<String, String> positiveClasses = new TreeMap<>();
  final Map<GroupKey, ConfusionMatrix> matrices = new LinkedHashMap<>();
  final Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
  final List<ComparisonRow> comparison = new ArrayList<>();
  final List<Finding> findings = new ArrayList<>();
  final List<Verdict> verdicts = new ArrayList<>();

  /** Per candidate, its leakage slice's name (none unless a test adds one). */
  final Map<String, String> leakageSlices = new LinkedHashMap<>();

  final List<dev.domaineval.config.SliceSpec> slices = new ArrayList<>();
  final List<dev.domaineval.counts.ListedExample> examples = new ArrayList<>();
  ReportModel.Discovery discovery = ReportModel.Discovery.OFF;
  final List<dev.domaineval.counts.AnswerCount> answers = new ArrayList<>();
  final List<dev.domaineval.counts.InvalidAnswer> invalidAnswers = new ArrayList<>();

  List<Curve> curves = List.of();
  List<ThresholdChoice> thresholds = List.of();
  RunHistory history = RunHistory.none();
  List<RegressionVsReferenceRule.Change> changes = List.of();

  /**
   * @param domains names of the domains
   * @param positive the positive class of every domain (the other class is "other"), or null for
   *     multiclass domains of the classes {@link #CLASSES}
   * @param sliceValues values of the slice "source" in every domain
   */
  public ReportFixture(
      String baseline,
      String candidate,
      List<String> domains,
      String positive,
      List<String> sliceValues,
      long seed) {
    this.baseline = baseline;
    this.candidate = candidate;
    Random random = new Random(seed);
    for (String domain : domains) {
      if (positive != null) {
        positiveClasses.put(domain, positive);
      }
      add(domain, SliceKey.OVERALL, positive, random, 400);
      // Slice sizes 10, 47, 84, 41, ...: the first value is always below min-support (30).
      for (int i = 0; i < sliceValues.size(); i++) {
        add(domain, new SliceKey("source", sliceValues.get(i)), positive, random, 10 + i * 37 % 80);
      }
      Verdict.Outcome outcome = Verdict.Outcome.values()[random.nextInt(4)];
      verdicts.add(
          new Verdict(
              candidate,
              domain,
              outcome,
              outcome == Verdict.Outcome.PASS
                  ? List.of()
                  : List.of("REGRESSION: " + candidate + " got worse on " + domain)));
      findings.add(
          new Finding(
              Severity.WARN,
              FindingCode.REGRESSION,
              candidate,
              domain,
              new SliceKey("source", sliceValues.isEmpty() ? "x" : sliceValues.get(0)),
              "recall of " + (positive == null ? "macro" : positive) + " fell on " + domain));
    }
  }

  private void add(String domain, SliceKey slice, String positive, Random random, int n) {
    ConfusionMatrix base =
        positive == null ? multiclass(random, n, 0.7) : matrix(positive, random, n, 0.7);
    ConfusionMatrix cand =
        positive == null ? multiclass(random, n, 0.75) : matrix(positive, random, n, 0.75);
    GroupKey b = new GroupKey(baseline, domain, slice);
    GroupKey c = new GroupKey(candidate, domain, slice);
    matrices.put(b, base);
    matrices.put(c, cand);
    List<MetricValue> bm = GroupMetrics.compute(base, positive);
    List<MetricValue> cm = GroupMetrics.compute(cand, positive);
    metrics.put(b, bm);
    metrics.put(c, cm);
    for (MetricValue bv : bm) {
      for (MetricValue cv : cm) {
        if (bv.metric() == cv.metric()
            && java.util.Objects.equals(bv.cls(), cv.cls())
            && bv.metric().isHigherBetter()) {
          double p = random.nextDouble();
          boolean significant = random.nextBoolean();
          comparison.add(
              new ComparisonRow(
                  baseline,
                  candidate,
                  domain,
                  slice,
                  bv.cls(),
                  bv.metric(),
                  bv.value(),
                  cv.value(),
                  new PairedTestResult(PairedTestMethod.MCNEMAR_EXACT, p, null, null, null),
                  significant,
                  null,
                  null,
                  0.1,
                  cv.support(),
                  0.01,
                  cv.support(),
                  significant ? Math.min(p, 0.04) : Math.max(p, 0.06)));
        }
      }
    }
  }

  /** About 40 % positives; each class right with probability about {@code skill}. */
  private static ConfusionMatrix matrix(String positive, Random random, int n, double skill) {
    long positives = Math.round(n * (0.3 + 0.2 * random.nextDouble()));
    long negatives = n - positives;
    long tp = Math.round(positives * Math.min(1, skill + 0.2 * (random.nextDouble() - 0.5)));
    long tn = Math.round(negatives * Math.min(1, skill + 0.2 * (random.nextDouble() - 0.5)));
    return ConfusionMatrix.builder()
        .add(positive, positive, tp)
        .add(positive, "other", positives - tp)
        .add("other", "other", tn)
        .add("other", positive, negatives - tn)
        .build();
  }

  /**
   * About a third of the examples in each class; each right with probability about {@code skill}.
   */
  private static ConfusionMatrix multiclass(Random random, int n, double skill) {
    ConfusionMatrix.Builder b = ConfusionMatrix.builder();
    for (int i = 0; i < CLASSES.size(); i++) {
      String actual = CLASSES.get(i);
      long size = n / CLASSES.size() + (i == 0 ? n % CLASSES.size() : 0);
      long right = Math.round(size * Math.min(1, skill + 0.2 * (random.nextDouble() - 0.5)));
      long next = (size - right) / 2;
      b.add(actual, actual, right)
          .add(actual, CLASSES.get((i + 1) % CLASSES.size()), next)
          .add(actual, CLASSES.get((i + 2) % CLASSES.size()), size - right - next);
    }
    return b.build();
  }

  /**
   * Adds ROC, precision-recall and calibration curves of both models on a domain's overall slice,
   * and the candidate's operating point for recall at least 0.9 (threshold 0.42: precision 0.75).
   */
  ReportFixture withScores(String domain) {
    List<Curve> out = new ArrayList<>(curves);
    for (String model : List.of(baseline, candidate)) {
      GroupKey g = new GroupKey(model, domain, SliceKey.OVERALL);
      List<CurvePoint> roc =
          List.of(
              new CurvePoint(0, 0, Double.POSITIVE_INFINITY, 0),
              new CurvePoint(0.1, 0.6, 0.8, 70),
              new CurvePoint(0.3, 0.9, 0.42, 120),
              new CurvePoint(1, 1, 0, 200));
      List<CurvePoint> pr =
          List.of(new CurvePoint(0.6, 0.9, 0.8, 70), new CurvePoint(0.9, 0.75, 0.42, 120));
      // A calibration bin of 3 examples (drawn hollow: too few) and one of 150.
      List<CurvePoint> cal =
          List.of(
              new CurvePoint(0.1, 0.12, 0, 150),
              new CurvePoint(0.5, 0.45, 0.4, 3),
              new CurvePoint(0.7, 0.6, 0.6, 47));
      out.add(new Curve(g, Curve.Kind.ROC, roc));
      out.add(new Curve(g, Curve.Kind.PR, pr));
      out.add(new Curve(g, Curve.Kind.CALIBRATION, cal));
      // The area under this ROC curve, by the trapezoid rule; AP and ECE made up, per model.
      List<MetricValue> withScores = new ArrayList<>(metrics.get(g));
      withScores.add(MetricValue.of(null, MetricId.ROC_AUC, 0.84, 200));
      withScores.add(
          MetricValue.of(
              null, MetricId.AVERAGE_PRECISION, model.equals(baseline) ? 0.781 : 0.802, 200));
      withScores.add(
          MetricValue.of(null, MetricId.ECE, model.equals(baseline) ? 0.05 : 0.031, 200));
      metrics.put(g, withScores);
    }
    curves = out;
    // 90 of 100 positives and 30 of 100 negatives above 0.42: precision 90 / 120 = 0.75.
    OperatingPoint chosen = new OperatingPoint(0.42, 90, 30, 10, 70);
    OperatingPoint hard = new OperatingPoint(Double.NaN, 70, 10, 30, 90);
    List<ThresholdChoice> choices = new ArrayList<>(thresholds);
    choices.add(
        new ThresholdChoice(
            new GroupKey(candidate, domain, SliceKey.OVERALL),
            OperatingPoint.Target.recallAtLeast(0.9),
            Optional.of(chosen),
            hard));
    thresholds = choices;
    return this;
  }

  /**
   * Adds two earlier runs, night-1 and night-2, with this run's overall metrics of the candidate on
   * a domain, night-2 the (last published) reference; and a significant drop of recall since.
   */
  ReportFixture withHistory(String domain) {
    GroupKey overall = new GroupKey(candidate, domain, SliceKey.OVERALL);
    Map<GroupKey, List<MetricValue>> past = new LinkedHashMap<>();
    past.put(overall, metrics.get(overall));
    PastRun first = new PastRun("night-1", Instant.parse("2026-11-25T03:00:00Z"), past);
    PastRun second = new PastRun("night-2", Instant.parse("2026-11-26T03:00:00Z"), past);
    history = new RunHistory(List.of(first, second), Optional.of(second), false);
    changes =
        List.of(
            new RegressionVsReferenceRule.Change(
                candidate, domain, "recall", "night-2", 0.9, 0.7, 0.0002, true));
    return this;
  }

  public ReportModel model() {
    // Ordered maps only: the iteration order of Map.of changes from one JVM to the next.
    Map<String, Map<String, Long>> recon = new TreeMap<>();
    recon.put("labels", ordered("predicted_by_all_models", 2000L, "null_label", 3L));
    recon.put("predictions", ordered("matched", 4000L, "no_label", 7L));
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("comparison", "/out/comparison/run_id=run-1");
    outputs.put("findings", "/out/findings/run_id=run-1");
    return new ReportModel(
        "run-1",
        Instant.parse("2026-11-27T06:00:00Z"),
        List.of("predictions: /data/predictions (csv)", "labels: /data/labels (csv)"),
        recon,
        baseline,
        List.of(candidate),
        positiveClasses,
        d -> POLICY,
        matrices,
        metrics,
        comparison,
        new Assessment.Result(findings, verdicts),
        curves,
        thresholds,
        history,
        changes,
        outputs,
        leakageSlices,
        slices,
        examples,
        discovery,
        answers,
        invalidAnswers);
  }

  private static Map<String, Long> ordered(String k1, long v1, String k2, long v2) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put(k1, v1);
    out.put(k2, v2);
    return out;
  }
}
