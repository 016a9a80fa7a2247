package dev.domaineval.scores;

import dev.domaineval.counts.DomainScores;
import dev.domaineval.counts.ScoreBuckets;
import dev.domaineval.counts.ScoreSketch;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

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
   * Every group's histogram from the pass's score sketches, in {@link GroupKey#ORDER}: a domain's
   * overall slice at {@code resolution}, slice values at {@code sliceResolution}.
   *
   * @param scores the sketch of every (model, domain); never the pooled domain
   * @param slice the slice key of a sketch's group: its grouping (position in the slice plan) and
   *     values
   */
  public static Map<GroupKey, ScoreHistogram> byGroup(
      List<DomainScores> scores,
      double resolution,
      double sliceResolution,
      BiFunction<Integer, List<String>, SliceKey> slice) {
    int buckets = bucketCountOf(resolution);
    int sliceBuckets = bucketCountOf(sliceResolution);
    Map<GroupKey, ScoreHistogram> sorted = new TreeMap<>(GroupKey.ORDER);
    for (DomainScores d : scores) {
      ScoreSketch.forEachGroup(
          d.parts(),
          (group, bucketList, positives, negatives, scoreSums, logLossSum, brierSum) -> {
            SliceKey key = slice.apply(group.grouping(), group.values());
            sorted.put(
                new GroupKey(d.model(), d.domain(), key),
                of(
                    key.isOverall() ? buckets : sliceBuckets,
                    bucketList,
                    positives,
                    negatives,
                    scoreSums,
                    logLossSum,
                    brierSum));
          });
    }
    return new LinkedHashMap<>(sorted);
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
    // A merge of the two sorted bucket lists: linear, where a builder would sort again.
    int n = buckets.length;
    int m = other.buckets.length;
    int[] b = new int[n + m];
    long[] p = new long[n + m];
    long[] q = new long[n + m];
    double[] s = new double[n + m];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < n || j < m) {
      int next =
          j >= m || (i < n && buckets[i] <= other.buckets[j]) ? buckets[i] : other.buckets[j];
      b[k] = next;
      if (i < n && buckets[i] == next) {
        p[k] += positives[i];
        q[k] += negatives[i];
        s[k] += scoreSums[i];
        i++;
      }
      if (j < m && other.buckets[j] == next) {
        p[k] = Math.addExact(p[k], other.positives[j]);
        q[k] = Math.addExact(q[k], other.negatives[j]);
        s[k] += other.scoreSums[j];
        j++;
      }
      k++;
    }
    return of(
        bucketCount,
        Arrays.copyOf(b, k),
        Arrays.copyOf(p, k),
        Arrays.copyOf(q, k),
        Arrays.copyOf(s, k),
        logLossSum + other.logLossSum,
        brierSum + other.brierSum);
  }

  /**
   * A histogram from its non-empty buckets, checked as {@link Builder} checks them.
   *
   * @param bucketCount number of buckets (see {@link #bucketCountOf})
   * @param buckets the non-empty buckets, strictly ascending, in [0, bucketCount)
   * @param positives per bucket, positive examples ({@code >= 0})
   * @param negatives per bucket, negative examples ({@code >= 0}; a bucket has at least one)
   * @param scoreSums per bucket, the sum of the scores, in [0, examples]
   * @param logLossSum see {@link #logLossSum()}
   * @param brierSum see {@link #brierSum()}
   * @throws IllegalArgumentException if a value is out of range
   */
  public static ScoreHistogram of(
      int bucketCount,
      int[] buckets,
      long[] positives,
      long[] negatives,
      double[] scoreSums,
      double logLossSum,
      double brierSum) {
    int n = buckets.length;
    if (positives.length != n || negatives.length != n || scoreSums.length != n) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid score histogram: %d buckets but %d, %d and %d positive, negative and score"
                  + " sum values; give one of each per bucket",
              n, positives.length, negatives.length, scoreSums.length));
    }
    Builder check = new Builder(bucketCount);
    check.addLossSums(logLossSum, brierSum);
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && buckets[i] <= buckets[i - 1]) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid score histogram: bucket %d after bucket %d; give the non-empty buckets in"
                    + " ascending order, each once",
                buckets[i], buckets[i - 1]));
      }
      check.checkBucket(buckets[i], positives[i], negatives[i], scoreSums[i]);
      if (positives[i] + negatives[i] == 0) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid score histogram: bucket %d has no example; give only non-empty buckets",
                buckets[i]));
      }
      total = Math.addExact(total, positives[i] + negatives[i]);
    }
    check.checkLossSums(total);
    return new ScoreHistogram(
        bucketCount,
        buckets.clone(),
        positives.clone(),
        negatives.clone(),
        scoreSums.clone(),
        logLossSum,
        brierSum);
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
      long count = checkBucket(bucket, positives, negatives, scoreSum);
      if (count > 0) {
        cells.computeIfAbsent(bucket, b -> new Cell()).add(positives, negatives, scoreSum);
      }
      return this;
    }

    /** Checks one bucket's counts and returns its number of examples. */
    private long checkBucket(int bucket, long positives, long negatives, double scoreSum) {
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
      return count;
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
      checkLossSums(total);
      return new ScoreHistogram(
          bucketCount, buckets, positives, negatives, scoreSums, logLossSum, brierSum);
    }

    /** Checks the loss sums against the number of examples of the histogram. */
    private void checkLossSums(long total) {
      if (brierSum > total * (1 + 1e-9) || (total == 0 && logLossSum > 0)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid loss sums for %d examples: logLossSum=%s, brierSum=%s; the Brier sum is"
                    + " at most the number of examples and both are 0 without examples. Check"
                    + " that the sums and the bucket counts come from the same group.",
                total, logLossSum, brierSum));
      }
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
