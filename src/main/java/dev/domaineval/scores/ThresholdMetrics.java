package dev.domaineval.scores;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Metrics of a {@link ScoreHistogram}: ranking (ROC AUC, PR AUC, average precision), probabilistic
 * losses (log loss, Brier score), calibration (ECE), curves and operating points.
 *
 * <p><b>Thresholds.</b> Every non-empty bucket is one threshold, its lower edge: predict positive
 * for every score {@code >= threshold}. Thresholds are scanned from the highest bucket down; the
 * examples of one bucket enter together, as a tie block.
 *
 * <p><b>Undefined values.</b> A metric that is undefined for the group (ROC AUC without positives
 * or without negatives, PR metrics without positives, anything without examples) is {@link
 * OptionalDouble#empty()}: scikit-learn raises or warns there, and MLlib returns an arbitrary
 * number, so we report no value rather than a made-up one.
 */
public final class ThresholdMetrics {

  /** Default number of points of a down-sampled curve. */
  public static final int DEFAULT_MAX_POINTS = 200;

  /** Default number of equal-width calibration bins, as in the ECE literature (Guo et al. 2017). */
  public static final int DEFAULT_CALIBRATION_BINS = 15;

  private ThresholdMetrics() {}

  /**
   * Area under the ROC curve (FPR, TPR), trapezoidal, with one point per threshold plus (0, 0), as
   * scikit-learn's {@code roc_auc_score} and MLlib's {@code BinaryClassificationMetrics
   * .areaUnderROC} compute it. A tie block adds a straight segment, i.e. a positive and a negative
   * in the same bucket count 0.5: the area equals the Mann–Whitney U statistic / (P · N).
   *
   * @return empty when there are no positives or no negatives
   */
  public static OptionalDouble rocAuc(ScoreHistogram h) {
    long positives = h.positives();
    long negatives = h.negatives();
    if (positives == 0 || negatives == 0) {
      return OptionalDouble.empty();
    }
    // Twice the area in units of (1 negative) × (1 positive); integers, exact in a double up to
    // 2^53, so the only rounding is the final division.
    double twiceArea = 0;
    long tp = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      long tpBefore = tp;
      tp += h.positives(i);
      twiceArea += (double) h.negatives(i) * (tpBefore + tp);
    }
    return OptionalDouble.of(twiceArea / (2.0 * positives * negatives));
  }

  /**
   * Area under the precision–recall curve as MLlib's {@code BinaryClassificationMetrics
   * .areaUnderPR}: trapezoidal over (recall, precision) with one point per threshold, preceded by
   * (0, precision of the first threshold) as {@code BinaryClassificationMetrics.pr()} builds it.
   * Linear interpolation of precision is optimistic; prefer {@link #averagePrecision} to compare
   * models, and use this one for parity with MLlib.
   *
   * @return empty when there are no positives
   */
  public static OptionalDouble prAuc(ScoreHistogram h) {
    if (h.positives() == 0) {
      return OptionalDouble.empty();
    }
    double area = 0;
    double recallBefore = 0;
    double precisionBefore = Double.NaN;
    long tp = 0;
    long predicted = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      tp += h.positives(i);
      predicted += h.positives(i) + h.negatives(i);
      double recall = (double) tp / h.positives();
      double precision = (double) tp / predicted;
      if (Double.isNaN(precisionBefore)) {
        precisionBefore = precision; // MLlib's first point (0, p1)
      }
      area += (recall - recallBefore) * (precision + precisionBefore) / 2;
      recallBefore = recall;
      precisionBefore = precision;
    }
    return OptionalDouble.of(area);
  }

  /**
   * Average precision as scikit-learn's {@code average_precision_score}: Σₙ (Rₙ − Rₙ₋₁) · Pₙ over
   * the thresholds in decreasing order, with R₀ = 0; step-wise, without interpolation.
   *
   * @return empty when there are no positives
   */
  public static OptionalDouble averagePrecision(ScoreHistogram h) {
    if (h.positives() == 0) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    long tp = 0;
    long predicted = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      tp += h.positives(i);
      predicted += h.positives(i) + h.negatives(i);
      // (Rₙ − Rₙ₋₁) · Pₙ = (new positives / P) · (tp / predicted)
      sum += (double) h.positives(i) * tp / predicted;
    }
    return OptionalDouble.of(sum / h.positives());
  }

  /**
   * Mean log loss (natural log, scores clipped to [1e-15, 1 − 1e-15]) as scikit-learn's {@code
   * log_loss}.
   *
   * @return empty without examples
   */
  public static OptionalDouble logLoss(ScoreHistogram h) {
    return h.total() == 0 ? OptionalDouble.empty() : OptionalDouble.of(h.logLossSum() / h.total());
  }

  /**
   * Brier score, the mean of (p − y)², as scikit-learn's {@code brier_score_loss}.
   *
   * @return empty without examples
   */
  public static OptionalDouble brier(ScoreHistogram h) {
    return h.total() == 0 ? OptionalDouble.empty() : OptionalDouble.of(h.brierSum() / h.total());
  }

  /** {@link #ece(ScoreHistogram, int)} with {@link #DEFAULT_CALIBRATION_BINS} bins. */
  public static OptionalDouble ece(ScoreHistogram h) {
    return ece(h, DEFAULT_CALIBRATION_BINS);
  }

  /**
   * Expected calibration error with {@code bins} equal-width bins on [0, 1]: Σ_b (n_b / n) ·
   * |mean(y in b) − mean(p in b)| = Σ_b |positives_b − Σp_b| / n.
   *
   * <p>Bin b covers [b / bins, (b + 1) / bins), the last bin also 1.0. A score bucket goes as a
   * whole to the bin that contains its lower edge (computed in integers: {@code bucket · bins /
   * bucketCount}). This is exact for every score whose bucket does not straddle a bin edge; for
   * scores with at most 4 decimals at resolution 1e-4 it is always exact, since each such score is
   * its bucket's lower edge. Mean predicted probabilities come from the exact per-bucket score
   * sums.
   *
   * @return empty without examples
   */
  public static OptionalDouble ece(ScoreHistogram h, int bins) {
    if (h.total() == 0) {
      checkBins(bins);
      return OptionalDouble.empty();
    }
    double sum = 0;
    for (Bin bin : bins(h, bins)) {
      sum += Math.abs(bin.positives - bin.scoreSum);
    }
    return OptionalDouble.of(sum / h.total());
  }

  /**
   * The reliability diagram: one point per non-empty calibration bin (bins as in {@link #ece}), x =
   * mean predicted probability, y = fraction of positives, threshold = the bin's lower edge.
   */
  public static List<CurvePoint> calibration(ScoreHistogram h, int bins) {
    List<CurvePoint> points = new ArrayList<>();
    for (Bin bin : bins(h, bins)) {
      long n = bin.positives + bin.negatives;
      points.add(
          new CurvePoint(
              bin.scoreSum / n, (double) bin.positives / n, (double) bin.index / bins, n));
    }
    return List.copyOf(points);
  }

  /**
   * The ROC curve (x = FPR, y = TPR): (0, 0) at threshold +∞, then one point per threshold in
   * decreasing order, ending at (1, 1); down-sampled to at most {@code maxPoints} (see {@link
   * #downSample}). Empty when there are no positives or no negatives.
   */
  public static List<CurvePoint> roc(ScoreHistogram h, int maxPoints) {
    checkMaxPoints(maxPoints);
    if (h.positives() == 0 || h.negatives() == 0) {
      return List.of();
    }
    List<CurvePoint> points = new ArrayList<>(h.size() + 1);
    points.add(new CurvePoint(0, 0, Double.POSITIVE_INFINITY, 0));
    long tp = 0;
    long fp = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      tp += h.positives(i);
      fp += h.negatives(i);
      points.add(
          new CurvePoint(
              (double) fp / h.negatives(),
              (double) tp / h.positives(),
              h.lowerEdge(h.bucket(i)),
              tp + fp));
    }
    return downSample(points, maxPoints);
  }

  /**
   * The precision–recall curve as MLlib's {@code pr()} builds it (x = recall, y = precision): (0,
   * precision of the first threshold) at threshold +∞, then one point per threshold in decreasing
   * order; down-sampled to at most {@code maxPoints}. Empty when there are no positives.
   */
  public static List<CurvePoint> pr(ScoreHistogram h, int maxPoints) {
    checkMaxPoints(maxPoints);
    if (h.positives() == 0) {
      return List.of();
    }
    List<CurvePoint> points = new ArrayList<>(h.size() + 1);
    long tp = 0;
    long predicted = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      tp += h.positives(i);
      predicted += h.positives(i) + h.negatives(i);
      double precision = (double) tp / predicted;
      if (points.isEmpty()) {
        points.add(new CurvePoint(0, precision, Double.POSITIVE_INFINITY, 0));
      }
      points.add(
          new CurvePoint(
              (double) tp / h.positives(), precision, h.lowerEdge(h.bucket(i)), predicted));
    }
    return downSample(points, maxPoints);
  }

  /**
   * At most {@code maxPoints} points of {@code points}: all of them if there are few enough,
   * otherwise those at indices {@code round(j · (size − 1) / (maxPoints − 1))} for j = 0 ..
   * maxPoints − 1, which keeps the first and the last point and spreads the rest evenly by index
   * (not by x).
   */
  static List<CurvePoint> downSample(List<CurvePoint> points, int maxPoints) {
    checkMaxPoints(maxPoints);
    int size = points.size();
    if (size <= maxPoints) {
      return List.copyOf(points);
    }
    List<CurvePoint> kept = new ArrayList<>(maxPoints);
    for (int j = 0; j < maxPoints; j++) {
      kept.add(points.get((int) Math.round((double) j * (size - 1) / (maxPoints - 1))));
    }
    return List.copyOf(kept);
  }

  /**
   * The best threshold for {@code target}: among the thresholds (bucket lower edges, predicting
   * positive for score {@code >= threshold}) whose constrained metric reaches the minimum, the one
   * that maximizes the other metric; on a tie, the higher threshold (fewer positive predictions).
   *
   * @return empty when no threshold reaches the target, or there are no positives
   */
  public static Optional<OperatingPoint> operatingPoint(
      ScoreHistogram h, OperatingPoint.Target target) {
    if (h.positives() == 0) {
      return Optional.empty();
    }
    OperatingPoint best = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    long tp = 0;
    long fp = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      tp += h.positives(i);
      fp += h.negatives(i);
      OperatingPoint point =
          new OperatingPoint(
              h.lowerEdge(h.bucket(i)), tp, fp, h.positives() - tp, h.negatives() - fp);
      boolean recallFloor = target.constraint() == OperatingPoint.Constraint.RECALL_AT_LEAST;
      double constrained = recallFloor ? point.recall() : point.precision();
      double maximized = recallFloor ? point.precision() : point.recall();
      // Strictly greater: scanning from the highest threshold down, a tie keeps the higher one.
      if (constrained >= target.minimum() && maximized > bestValue) {
        best = point;
        bestValue = maximized;
      }
    }
    return Optional.ofNullable(best);
  }

  private record Bin(int index, long positives, long negatives, double scoreSum) {}

  private static List<Bin> bins(ScoreHistogram h, int bins) {
    checkBins(bins);
    List<Bin> result = new ArrayList<>();
    int current = -1;
    long positives = 0;
    long negatives = 0;
    double scoreSum = 0;
    for (int i = 0; i < h.size(); i++) {
      int bin = (int) Math.min((long) h.bucket(i) * bins / h.bucketCount(), bins - 1);
      if (bin != current) {
        if (current >= 0) {
          result.add(new Bin(current, positives, negatives, scoreSum));
        }
        current = bin;
        positives = 0;
        negatives = 0;
        scoreSum = 0;
      }
      positives += h.positives(i);
      negatives += h.negatives(i);
      scoreSum += h.scoreSum(i);
    }
    if (current >= 0) {
      result.add(new Bin(current, positives, negatives, scoreSum));
    }
    return result;
  }

  private static void checkBins(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid number of calibration bins %d: expected >= 1, such as %d",
              bins, DEFAULT_CALIBRATION_BINS));
    }
  }

  private static void checkMaxPoints(int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid curve size %d: expected at least 2 points (first and last), such as %d",
              maxPoints, DEFAULT_MAX_POINTS));
    }
  }
}
