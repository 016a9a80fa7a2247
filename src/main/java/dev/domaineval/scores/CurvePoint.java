package dev.domaineval.scores;

/**
 * One point of a curve.
 *
 * @param x the abscissa: false positive rate (ROC), recall (PR) or mean predicted probability
 *     (calibration)
 * @param y the ordinate: true positive rate (ROC), precision (PR) or fraction of positives
 *     (calibration)
 * @param threshold the score threshold of the point (predict positive for score >= threshold): the
 *     lower edge of a score bucket, {@link Double#POSITIVE_INFINITY} for the curve's start point
 *     where nothing is predicted positive, or the lower edge of the bin for a calibration point
 * @param examples how many examples the point rests on: those scored at or above the threshold
 *     (predicted positive) on a ROC or PR curve, those in the bin for a calibration point
 */
public record CurvePoint(double x, double y, double threshold, long examples) {}
