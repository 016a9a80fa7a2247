package dev.domaineval.config;

/**
 * How score metrics are counted and drawn (key {@code scores}).
 *
 * @param resolution bucket width of the domain-level histograms (the overall slice of each domain
 *     and the pooled domain), {@code 1 / n} for an integer n
 * @param sliceResolution bucket width of the histograms of slice values, {@code >= resolution}
 * @param curvePoints at most this many points per ROC and PR curve of a domain's overall slice (and
 *     the pooled domain's) in the curves table
 * @param sliceCurvePoints at most this many points per ROC and PR curve of a slice value
 * @param calibrationBins equal-width bins of the calibration curve and of the ece
 */
public record ScoresSpec(
    double resolution,
    double sliceResolution,
    int curvePoints,
    int sliceCurvePoints,
    int calibrationBins) {
  public static final double DEFAULT_RESOLUTION = 1e-4;

  /** The most buckets a histogram may have (a width of 1e-8). */
  public static final int MAX_BUCKETS = 100_000_000;

  /** The number of buckets at a width, {@code round(1 / width)}. */
  public static int bucketCount(double width) {
    return (int) Math.rint(1.0 / width);
  }
}
