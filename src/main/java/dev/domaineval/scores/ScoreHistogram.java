package dev.domaineval.scores;

import dev.domaineval.counts.ScoreBuckets;
import dev.domaineval.counts.ScoreCount;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of positive and negative examples per score bucket for one group (model × domain × slice
 * value) of a binary domain, plus the additive sums behind log loss, Brier score and calibration.
 * Immutable; equal by content. Counts are numbers of examples ({@code long}, {@code >= 0}) and are
 * additive: {@link #plus} of two groups' histograms is the histogram of the union of their
 * examples.
 *
 * <p><b>Scores.</b> A score is the predicted probability of the positive class, in [0, 1].
 *
 * <p><b>Buckets.</b> The histogram has {@code bucketCount = 1 / resolution} buckets (the resolution
 * must be the reciprocal of an integer, such as 1e-4). Bucket {@code k} holds scores in {@code [k ·
 * resolution, (k + 1) · resolution)}; a score of exactly 1.0 goes into the last bucket. See {@link
 * #bucketOf(double, double)} for the exact index formula, which the Spark aggregation must use too.
 * Only non-empty buckets are stored.
 *
 * <p><b>Exactness.</b> All examples in one bucket are treated as one tie block (one threshold). The
 * threshold metrics ({@link ThresholdMetrics}) are therefore exact when no two distinct scores
 * share a bucket, which holds at resolution 1e-4 for scores with at most 4 decimals, with one
 * exception: a score of 1.0 shares the last bucket with [0.9999, 1.0) and ties with them. Otherwise
 * they are those of the scores rounded down to the bucket's lower edge. Log loss and Brier score
 * are always exact (they are kept as sums over the raw scores), and so are the per-bucket score
 * sums behind the calibration bins' mean predicted probability.
 */
public final class ScoreHistogram {

  /** The default resolution, 1e-4: 10 000 buckets. */
  public static final double DEFAULT_RESOLUTION = 1e-4;

  /**
   * Scores are clipped to [EPSILON, 1 − EPSILON] in the log loss, as scikit-learn's {@code
   * log_loss} does, so that a confident wrong prediction costs ln(1e15) ≈ 34.5 rather than ∞.
   */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  /** Largest supported number of buckets (resolution 1e-8). */
  public static final int MAX_BUCKETS = ScoreBuckets.MAX_BUCKETS;

  private final int bucketCount;
  private final int[] buckets;
  private final long[] positives;
  private final long[] negatives;
  private final double[] scoreSums;
  private final long positiveTotal;
  private final long negativeTotal;
  private final double logLossSum;
  private final double brierSum;

  private ScoreHistogram(
      int bucketCount,
      int[] buckets,
      long[] positives,
      long[] negatives,
      double[] scoreSums,
      double logLossSum,
      double brierSum) {
    this.bucketCount = bucketCount;
    this.buckets = buckets;
    this.positives = positives;
    this.negatives = negatives;
    this.scoreSums = scoreSums;
    long p = 0;
    long n = 0;
    for (int i = 0; i < buckets.length; i++) {
      p = Math.addExact(p, positives[i]);
      n = Math.addExact(n, negatives[i]);
    }
    this.positiveTotal = p;
    this.negativeTotal = n;
    this.logLossSum = logLossSum;
    this.brierSum = brierSum;
  }

  /**
   * Every group's histogram from the pass's score counts, in {@link GroupKey#ORDER}: a domain's
   * overall slice at {@code resolution}, slice values at {@code sliceResolution}.
   *
   * @param counts the bucket counts of every (model, domain, slice value); never the pooled domain
   */
  public static Map<GroupKey, ScoreHistogram> byGroup(
      List<ScoreCount> counts, double resolution, double sliceResolution) {
    // The collected rows come in an order that depends on the partitioning; adding their sums in
    // a fixed order keeps the last digits the same on any cluster layout.
    List<ScoreCount> ordered = new ArrayList<>(counts);
    ordered.sort(
        Comparator.comparing(ScoreCount::group, GroupKey.ORDER)
            .thenComparingInt(ScoreCount::bucket)
            .thenComparing(ScoreCount::positive));
    Map<GroupKey, Builder> builders = new TreeMap<>(GroupKey.ORDER);
    for (ScoreCount c : ordered) {
      builders
          .computeIfAbsent(
              c.group(), k -> builder(k.slice().isOverall() ? resolution : sliceResolution))
          .addBucket(
              c.bucket(), c.positive() ? c.count() : 0, c.positive() ? 0 : c.count(), c.scoreSum())
          .addLossSums(c.logLossSum(), c.brierSum());
    }
    Map<GroupKey, ScoreHistogram> out = new LinkedHashMap<>();
    builders.forEach((k, b) -> out.put(k, b.build()));
    return out;
  }

  /** A builder for histograms at the given resolution (see {@link #bucketCountOf(double)}). */
  public static Builder builder(double resolution) {
    return new Builder(bucketCountOf(resolution));
  }

  /** A builder for histograms at {@link #DEFAULT_RESOLUTION}. */
  public static Builder builder() {
    return builder(DEFAULT_RESOLUTION);
  }

  /**
   * The number of buckets at {@code resolution}, {@code round(1 / resolution)}.
   *
   * @throws IllegalArgumentException unless {@code resolution} is in (0, 1] and {@code 1 /
   *     resolution} is an integer (within 1e-9 relative) of at most {@link #MAX_BUCKETS}
   */
  public static int bucketCountOf(double resolution) {
    return ScoreBuckets.countOf(resolution);
  }

  /**
   * The bucket of {@code score} at {@code resolution}: {@code min(floor(score · n + 1e-7), n − 1)}
   * with {@code n = 1 / resolution} buckets. The 1e-7 bucket widths of tolerance put a decimal
   * score that binary floating point stores just below a bucket edge (0.1234 × 10 000 may come out
   * as 1233.9999999999998) into the bucket that starts at that edge; 1.0 goes into the last bucket.
   *
   * @throws IllegalArgumentException if the score is not a number in [0, 1]
   */
  public static int bucketOf(double score, double resolution) {
    return bucketOf(score, bucketCountOf(resolution), "bucketOf");
  }

  private static int bucketOf(double score, int bucketCount, String where) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid score %s in %s: expected a probability of the positive class in [0, 1];"
                  + " map invalid or missing scores to an invalid prediction before counting",
              score, where));
    }
    return ScoreBuckets.of(score, bucketCount);
  }

  /** Bucket width, {@code 1 / bucketCount()}. */
  public double resolution() {
    return 1.0 / bucketCount;
  }

  /** Number of buckets, {@code 1 / resolution()}, empty or not. */
  public int bucketCount() {
    return bucketCount;
  }

  /** Lower edge {@code bucket / bucketCount()} of a bucket: the threshold it stands for. */
  public double lowerEdge(int bucket) {
    return (double) bucket / bucketCount;
  }

  /** Number of non-empty buckets; they are indexed 0 .. size() − 1 in increasing score order. */
  public int size() {
    return buckets.length;
  }

  /** Bucket number (in [0, bucketCount())) of the i-th non-empty bucket. */
  public int bucket(int i) {
    return buckets[i];
  }

  /** Number of positive examples in the i-th non-empty bucket. */
  public long positives(int i) {
    return positives[i];
  }

  /** Number of negative examples in the i-th non-empty bucket. */
  public long negatives(int i) {
    return negatives[i];
  }

  /** Sum of the (unclipped) scores of all examples in the i-th non-empty bucket. */
  public double scoreSum(int i) {
    return scoreSums[i];
  }

  /** Number of positive examples (label 1). */
  public long positives() {
    return positiveTotal;
  }

  /** Number of negative examples (label 0). */
  public long negatives() {
    return negativeTotal;
  }

  /** Number of examples. */
  public long total() {
    return positiveTotal + negativeTotal;
  }

  /**
   * Σ −[y·ln(p) + (1 − y)·ln(1 − p)] over all examples, with p clipped to [{@link
   * #LOG_LOSS_EPSILON}, 1 − {@link #LOG_LOSS_EPSILON}] (natural log).
   */
  public double logLossSum() {
    return logLossSum;
  }

  /** Σ (p − y)² over all examples. */
  public double brierSum() {
    return brierSum;
  }

  /** The histogram of the union of both groups' examples; both must have the same resolution. */
  public ScoreHistogram plus(ScoreHistogram other) {
    if (other.bucketCount != bucketCount) {
      throw new IllegalArgumentException(
          String.format(
              "Cannot merge score histograms of different resolutions: %d vs %d buckets; count"
                  + " all groups at the same resolution",
              bucketCount, other.bucketCount));
    }
    Builder builder = new Builder(bucketCount);
    builder.addAll(this);
    builder.addAll(other);
    builder.addLossSums(logLossSum + other.logLossSum, brierSum + other.brierSum);
    return builder.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreHistogram h
        && bucketCount == h.bucketCount
        && Arrays.equals(buckets, h.buckets)
        && Arrays.equals(positives, h.positives)
        && Arrays.equals(negatives, h.negatives)
        && Arrays.equals(scoreSums, h.scoreSums)
        && Double.compare(logLossSum, h.logLossSum) == 0
        && Double.compare(brierSum, h.brierSum) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(buckets) * 31 + Long.hashCode(positiveTotal * 31 + negativeTotal);
  }

  @Override
  public String toString() {
    return String.format(
        "ScoreHistogram[buckets=%d, nonEmpty=%d, positives=%d, negatives=%d, logLossSum=%s,"
            + " brierSum=%s]",
        bucketCount, buckets.length, positiveTotal, negativeTotal, logLossSum, brierSum);
  }

  /**
   * Accumulates counts; a bucket added twice sums. Either add raw examples with {@link #add(double,
   * boolean)} (which also accumulates the loss sums), or add the Spark aggregation's per-bucket
   * counts with {@link #addBucket} and its loss sums with {@link #addLossSums}. Not thread-safe.
   */
  public static final class Builder {

    private final int bucketCount;
    private final TreeMap<Integer, Cell> cells = new TreeMap<>();
    private double logLossSum;
    private double brierSum;

    private Builder(int bucketCount) {
      this.bucketCount = bucketCount;
    }

    /**
     * Adds one example with the given score and label ({@code true} for the positive class),
     * including its log-loss, Brier and score-sum terms.
     */
    public Builder add(double score, boolean positive) {
      int bucket = bucketOf(score, bucketCount, "ScoreHistogram.Builder.add");
      double y = positive ? 1 : 0;
      double clipped = Math.min(Math.max(score, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
      logLossSum -= positive ? Math.log(clipped) : Math.log(1 - clipped);
      brierSum += (score - y) * (score - y);
      return addBucket(bucket, positive ? 1 : 0, positive ? 0 : 1, score);
    }

    /**
     * Adds counts to one bucket.
     *
     * @param bucket bucket number in [0, bucketCount)
     * @param positives number of positive examples, {@code >= 0}
     * @param negatives number of negative examples, {@code >= 0}
     * @param scoreSum sum of the scores of those examples, in [0, positives + negatives]
     * @throws IllegalArgumentException if a value is out of range
     */
    public Builder addBucket(int bucket, long positives, long negatives, double scoreSum) {
      if (bucket < 0 || bucket >= bucketCount) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid score bucket %d: expected 0 <= bucket < %d (the number of buckets at"
                    + " resolution %s)",
                bucket, bucketCount, 1.0 / bucketCount));
      }
      if (positives < 0 || negatives < 0) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid counts for score bucket %d: positives=%d, negatives=%d; counts are"
                    + " numbers of examples and must be >= 0",
                bucket, positives, negatives));
      }
      long count = Math.addExact(positives, negatives);
      if (!(scoreSum >= 0 && scoreSum <= count * (1 + 1e-9))) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid score sum %s for score bucket %d with %d examples: expected a sum of"
                    + " probabilities in [0, %d]",
                scoreSum, bucket, count, count));
      }
      if (count > 0) {
        cells.computeIfAbsent(bucket, b -> new Cell()).add(positives, negatives, scoreSum);
      }
      return this;
    }

    /**
     * Adds to the sums behind log loss and Brier score (see {@link ScoreHistogram#logLossSum()} and
     * {@link ScoreHistogram#brierSum()}).
     *
     * @throws IllegalArgumentException if a sum is negative or not finite
     */
    public Builder addLossSums(double logLossSum, double brierSum) {
      if (!(logLossSum >= 0 && Double.isFinite(logLossSum))
          || !(brierSum >= 0 && Double.isFinite(brierSum))) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid loss sums: logLossSum=%s, brierSum=%s; both are sums of non-negative"
                    + " per-example losses and must be finite and >= 0",
                logLossSum, brierSum));
      }
      this.logLossSum += logLossSum;
      this.brierSum += brierSum;
      return this;
    }

    private void addAll(ScoreHistogram h) {
      for (int i = 0; i < h.size(); i++) {
        addBucket(h.bucket(i), h.positives(i), h.negatives(i), h.scoreSum(i));
      }
    }

    /**
     * The histogram.
     *
     * @throws IllegalArgumentException if the Brier sum exceeds the number of examples (each term
     *     is at most 1), or loss sums were given without any example
     */
    public ScoreHistogram build() {
      int size = cells.size();
      int[] buckets = new int[size];
      long[] positives = new long[size];
      long[] negatives = new long[size];
      double[] scoreSums = new double[size];
      long total = 0;
      int i = 0;
      for (Map.Entry<Integer, Cell> entry : cells.entrySet()) {
        buckets[i] = entry.getKey();
        positives[i] = entry.getValue().positives;
        negatives[i] = entry.getValue().negatives;
        scoreSums[i] = entry.getValue().scoreSum;
        total = Math.addExact(total, positives[i] + negatives[i]);
        i++;
      }
      if (brierSum > total * (1 + 1e-9) || (total == 0 && logLossSum > 0)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid loss sums for %d examples: logLossSum=%s, brierSum=%s; the Brier sum is"
                    + " at most the number of examples and both are 0 without examples. Check"
                    + " that the sums and the bucket counts come from the same group.",
                total, logLossSum, brierSum));
      }
      return new ScoreHistogram(
          bucketCount, buckets, positives, negatives, scoreSums, logLossSum, brierSum);
    }
  }

  private static final class Cell {
    private long positives;
    private long negatives;
    private double scoreSum;

    void add(long p, long n, double s) {
      positives = Math.addExact(positives, p);
      negatives = Math.addExact(negatives, n);
      scoreSum += s;
    }
  }
}
