package dev.domaineval.counts;

/**
 * The one definition of a score's bucket, used by the pass (as a Spark expression built from these
 * constants) and by the histograms alike.
 *
 * <p>At a resolution of {@code 1 / n}, bucket {@code k} holds the scores in {@code [k / n, (k + 1)
 * / n)} and a score of exactly 1.0 the last bucket: {@code min(floor(score · n + 1e-7), n − 1)}.
 * The 1e-7 bucket widths of tolerance put a decimal score that binary floating point stores just
 * below a bucket edge (0.1234 × 10 000 may come out as 1233.9999999) into the bucket of that edge.
 */
public final class ScoreBuckets {
  /** Bucket widths below an edge that still count as on the edge. */
  public static final double EDGE_TOLERANCE = 1e-7;

  /** Largest supported number of buckets (resolution 1e-8). */
  public static final int MAX_BUCKETS = 100_000_000;

  private ScoreBuckets() {}

  /**
   * The number of buckets at {@code resolution}, {@code round(1 / resolution)}.
   *
   * @throws IllegalArgumentException unless {@code resolution} is in (0, 1] and {@code 1 /
   *     resolution} is an integer (within 1e-9 relative) of at most {@link #MAX_BUCKETS}
   */
  public static int countOf(double resolution) {
    double inverse = 1.0 / resolution;
    if (!(resolution > 0 && resolution <= 1)
        || inverse > MAX_BUCKETS
        || Math.abs(inverse - Math.rint(inverse)) > 1e-9 * inverse) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid score resolution %s: expected 1 / n for an integer n in [1, %d], such as"
                  + " 1e-4 (10 000 buckets)",
              resolution, MAX_BUCKETS));
    }
    return (int) Math.rint(inverse);
  }

  /**
   * The bucket of {@code score} (in [0, 1]) among {@code buckets} buckets: {@code min(floor(score ·
   * n + 1e-7), n − 1)}.
   */
  public static int of(double score, int buckets) {
    return (int) Math.min(Math.floor(score * buckets + EDGE_TOLERANCE), buckets - 1);
  }
}
