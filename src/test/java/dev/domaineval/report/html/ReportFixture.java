package dev.domaineval.report.html;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.config.Policy;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.FindingCode;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.findings.Severity;
import dev.domaineval.findings.Verdict;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Synthetic runs for the renderer's tests: binary domains whose positive class, slice values and
 * model names are given, with random but seeded counts.
 */
public final class ReportFixture {
  static final Policy POLICY =
      new Policy("recall", Map.of("recall", 0.8), 30, Policy.Role.IN_DOMAIN);

  final String baseline;
  final String candidate;
  final Map<String, String> positiveClasses = new TreeMap<>();
  final Map<GroupKey, ConfusionMatrix> matrices = new LinkedHashMap<>();
  final Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
  final List<ComparisonRow> comparison = new ArrayList<>();
  final List<Finding> findings = new ArrayList<>();
  final List<Verdict> verdicts = new ArrayList<>();
  List<Curve> curves = List.of();
  List<ThresholdChoice> thresholds = List.of();
  RunHistory history = RunHistory.none();
  List<RegressionVsReferenceRule.Change> changes = List.of();

  /**
   * @param domains names of the domains
   * @param positive the positive class of every domain (the other class is "other")
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
      positiveClasses.put(domain, positive);
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
              "recall of " + positive + " fell on " + domain));
    }
  }

  private void add(String domain, SliceKey slice, String positive, Random random, int n) {
    ConfusionMatrix base = matrix(positive, random, n, 0.7);
    ConfusionMatrix cand = matrix(positive, random, n, 0.75);
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
                  random.nextDouble(),
                  random.nextBoolean(),
                  null,
                  null,
                  null,
                  0.1,
                  cv.support()));
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

  public ReportModel model() {
    Map<String, Map<String, Long>> recon = new TreeMap<>();
    recon.put("labels", Map.of("predicted_by_all_models", 2000L, "null_label", 3L));
    recon.put("predictions", Map.of("matched", 4000L, "no_label", 7L));
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
        Map.of(
            "comparison",
            "/out/comparison/run_id=run-1",
            "findings",
            "/out/findings/run_id=run-1"));
  }
}
