package dev.domaineval.scores;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reference implementations over raw examples, written from the definitions rather than from the
 * histogram, to check {@link ThresholdMetrics} against.
 */
final class BruteForce {

  /** A score with at most 4 decimals, {@code tenThousandths / 10 000}, and its label. */
  record Example(int tenThousandths, boolean positive) {
    double score() {
      return tenThousandths / 10_000.0;
    }
  }

  private BruteForce() {}

  static Example pos(double score) {
    return new Example((int) Math.round(score * 10_000), true);
  }

  static Example neg(double score) {
    return new Example((int) Math.round(score * 10_000), false);
  }

  static ScoreHistogram histogram(List<Example> examples) {
    ScoreHistogram.Builder builder = ScoreHistogram.builder();
    for (Example e : examples) {
      builder.add(e.score(), e.positive());
    }
    return builder.build();
  }

  /**
   * Mann–Whitney U / (P · N): each (positive, negative) pair scores 1 if ranked right, 0.5 if tied.
   */
  static double rocAuc(List<Example> examples) {
    List<Integer> pos = new ArrayList<>();
    List<Integer> neg = new ArrayList<>();
    for (Example e : examples) {
      (e.positive() ? pos : neg).add(e.tenThousandths());
    }
    double u = 0;
    for (int p : pos) {
      for (int n : neg) {
        u += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    return u / ((double) pos.size() * neg.size());
  }

  /** (tp, predicted) at each distinct threshold, highest first. */
  private static List<long[]> cumulative(List<Example> examples) {
    TreeMap<Integer, long[]> byScore = new TreeMap<>();
    for (Example e : examples) {
      long[] c = byScore.computeIfAbsent(e.tenThousandths(), k -> new long[2]);
      c[0] += e.positive() ? 1 : 0;
      c[1] += 1;
    }
    List<long[]> result = new ArrayList<>();
    long tp = 0;
    long predicted = 0;
    for (long[] c : byScore.descendingMap().values()) {
      tp += c[0];
      predicted += c[1];
      result.add(new long[] {tp, predicted});
    }
    return result;
  }

  private static long positives(List<Example> examples) {
    return examples.stream().filter(Example::positive).count();
  }

  /** scikit-learn's average_precision_score: Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds. */
  static double averagePrecision(List<Example> examples) {
    double p = positives(examples);
    double ap = 0;
    double recallBefore = 0;
    for (long[] c : cumulative(examples)) {
      double recall = c[0] / p;
      ap += (recall - recallBefore) * ((double) c[0] / c[1]);
      recallBefore = recall;
    }
    return ap;
  }

  /** MLlib: points (0, p₁), (R₁, P₁), (R₂, P₂), …; trapezoids between consecutive points. */
  static double prAuc(List<Example> examples) {
    double p = positives(examples);
    List<double[]> points = new ArrayList<>();
    for (long[] c : cumulative(examples)) {
      points.add(new double[] {c[0] / p, (double) c[0] / c[1]});
    }
    points.add(0, new double[] {0.0, points.get(0)[1]});
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      area +=
          (points.get(i)[0] - points.get(i - 1)[0]) * (points.get(i)[1] + points.get(i - 1)[1]) / 2;
    }
    return area;
  }

  static double logLoss(List<Example> examples) {
    double sum = 0;
    for (Example e : examples) {
      double p = Math.min(Math.max(e.score(), 1e-15), 1 - 1e-15);
      sum += e.positive() ? -Math.log(p) : -Math.log(1 - p);
    }
    return sum / examples.size();
  }

  static double brier(List<Example> examples) {
    double sum = 0;
    for (Example e : examples) {
      double d = e.score() - (e.positive() ? 1 : 0);
      sum += d * d;
    }
    return sum / examples.size();
  }

  /** Σ_b (n_b / n) |mean(y in b) − mean(p in b)|, bin b = [b/bins, (b+1)/bins), 1.0 in the last. */
  static double ece(List<Example> examples, int bins) {
    long[] n = new long[bins];
    long[] pos = new long[bins];
    double[] sumP = new double[bins];
    for (Example e : examples) {
      // Integer arithmetic on the decimal score, so that a score on a bin edge is not misplaced.
      int b = Math.min(e.tenThousandths() * bins / 10_000, bins - 1);
      n[b]++;
      pos[b] += e.positive() ? 1 : 0;
      sumP[b] += e.score();
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (n[b] > 0) {
        ece += (double) n[b] / examples.size() * Math.abs((double) pos[b] / n[b] - sumP[b] / n[b]);
      }
    }
    return ece;
  }
}
