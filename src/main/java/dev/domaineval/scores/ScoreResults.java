package dev.domaineval.scores;

import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The score metrics, curves and operating points of every group with a histogram.
 *
 * @param metrics per group, its score metric rows (aggregate rows: class null; support is the
 *     number of examples with a valid score): {@code roc_auc}, {@code pr_auc}, {@code
 *     average_precision} (absent where the examples hold one class only), {@code log_loss}, {@code
 *     brier}, {@code ece}, and {@code op_*} where the policy's target has a threshold
 * @param curves per group, its ROC, PR and calibration curves
 * @param choices per group that has a target, the chosen threshold next to the hard predictions
 */
public record ScoreResults(
    Map<GroupKey, List<MetricValue>> metrics, List<Curve> curves, List<ThresholdChoice> choices) {

  public ScoreResults {
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    curves = List.copyOf(curves);
    choices = List.copyOf(choices);
  }

  /** No scores: no rows. */
  public static ScoreResults empty() {
    return new ScoreResults(Map.of(), List.of(), List.of());
  }

  /**
   * Adds the pooled domain {@code *}: per model and slice value, the sum of the binary domains'
   * histograms (each example labelled positive for its own domain's positive class).
   */
  public static Map<GroupKey, ScoreHistogram> withPooledDomain(
      Map<GroupKey, ScoreHistogram> perDomain) {
    Map<GroupKey, ScoreHistogram> out = new LinkedHashMap<>(perDomain);
    Map<GroupKey, ScoreHistogram> pooled = new LinkedHashMap<>();
    perDomain.forEach(
        (key, h) ->
            pooled.merge(
                new GroupKey(key.model(), SliceKey.POOLED, key.slice()), h, ScoreHistogram::plus));
    out.putAll(pooled);
    return out;
  }

  /**
   * Computes every group's metrics and curves, and its operating point where {@code targets} gives
   * one.
   *
   * @param histograms per group, its scores
   * @param targets per group, the policy's target, or empty (pooled domain, no target)
   * @param hard per group with a target, the counts of the model's hard predictions for the
   *     positive class (threshold NaN)
   * @param curvePoints at most this many points per ROC and PR curve
   * @param calibrationBins bins of the calibration curve and the ece
   */
  public static ScoreResults compute(
      Map<GroupKey, ScoreHistogram> histograms,
      Function<GroupKey, Optional<OperatingPoint.Target>> targets,
      Function<GroupKey, OperatingPoint> hard,
      int curvePoints,
      int calibrationBins) {
    return compute(histograms, targets, hard, curvePoints, curvePoints, calibrationBins);
  }

  /**
   * {@link #compute(Map, Function, Function, int, int)} with {@code sliceCurvePoints} points at
   * most per ROC and PR curve of a slice value (a domain's overall slice has {@code curvePoints}).
   */
  public static ScoreResults compute(
      Map<GroupKey, ScoreHistogram> histograms,
      Function<GroupKey, Optional<OperatingPoint.Target>> targets,
      Function<GroupKey, OperatingPoint> hard,
      int curvePoints,
      int sliceCurvePoints,
      int calibrationBins) {
    Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
    List<Curve> curves = new ArrayList<>();
    List<ThresholdChoice> choices = new ArrayList<>();
    histograms.forEach(
        (key, h) -> {
          if (h.total() == 0) {
            return;
          }
          long n = h.total();
          List<MetricValue> values = new ArrayList<>();
          add(values, MetricId.ROC_AUC, ThresholdMetrics.rocAuc(h), n);
          add(values, MetricId.PR_AUC, ThresholdMetrics.prAuc(h), n);
          add(values, MetricId.AVERAGE_PRECISION, ThresholdMetrics.averagePrecision(h), n);
          add(values, MetricId.LOG_LOSS, ThresholdMetrics.logLoss(h), n);
          add(values, MetricId.BRIER, ThresholdMetrics.brier(h), n);
          add(values, MetricId.ECE, ThresholdMetrics.ece(h, calibrationBins), n);
          if (h.positives() > 0 && h.negatives() > 0) {
            int points = key.slice().isOverall() ? curvePoints : sliceCurvePoints;
            curves.add(new Curve(key, Curve.Kind.ROC, ThresholdMetrics.roc(h, points)));
            curves.add(new Curve(key, Curve.Kind.PR, ThresholdMetrics.pr(h, points)));
          }
          curves.add(
              new Curve(
                  key, Curve.Kind.CALIBRATION, ThresholdMetrics.calibration(h, calibrationBins)));
          Optional<OperatingPoint.Target> target = targets.apply(key);
          if (target.isPresent()) {
            Optional<OperatingPoint> chosen = ThresholdMetrics.operatingPoint(h, target.get());
            choices.add(new ThresholdChoice(key, target.get(), chosen, hard.apply(key)));
            chosen.ifPresent(
                p -> {
                  values.add(MetricValue.of(null, MetricId.OP_THRESHOLD, p.threshold(), n));
                  values.add(MetricValue.of(null, MetricId.OP_PRECISION, p.precision(), n));
                  values.add(MetricValue.of(null, MetricId.OP_RECALL, p.recall(), n));
                  values.add(MetricValue.of(null, MetricId.OP_F1, p.f1(), n));
                });
          }
          metrics.put(key, values);
        });
    return new ScoreResults(metrics, curves, choices);
  }

  private static void add(List<MetricValue> values, MetricId id, OptionalDouble v, long n) {
    if (v.isPresent()) {
      values.add(MetricValue.of(null, id, v.getAsDouble(), n));
    }
  }
}
