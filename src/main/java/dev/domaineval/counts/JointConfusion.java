package dev.domaineval.counts;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The joint confusion of one group: examples counted by (actual class, baseline's prediction,
 * candidate's prediction). Each model's confusion matrix is a margin of it, and the paired outcomes
 * (both right, fixed, broken, both wrong) are sums of its cells, so every paired statistic of the
 * two models can be computed from it.
 */
public final class JointConfusion {
  /** One cell's key. */
  public record Cell(String actual, String baseline, String candidate) implements Comparable<Cell> {
    public Cell {
      Objects.requireNonNull(actual, "actual");
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(candidate, "candidate");
    }

    @Override
    public int compareTo(Cell o) {
      int c = actual.compareTo(o.actual);
      if (c == 0) {
        c = baseline.compareTo(o.baseline);
      }
      return c != 0 ? c : candidate.compareTo(o.candidate);
    }
  }

  private final Map<Cell, Long> counts;

  private JointConfusion(Map<Cell, Long> counts) {
    this.counts = counts;
  }

  /** From counts per cell; cells with 0 are dropped, negative counts are rejected. */
  public static JointConfusion of(Map<Cell, Long> counts) {
    Map<Cell, Long> out = new TreeMap<>();
    counts.forEach(
        (cell, n) -> {
          if (n < 0) {
            throw new IllegalArgumentException(
                "Invalid joint confusion count " + n + " for " + cell + ": expected >= 0");
          }
          if (n > 0) {
            out.merge(cell, n, Long::sum);
          }
        });
    return new JointConfusion(java.util.Collections.unmodifiableMap(out));
  }

  /** The non-zero cells, sorted. */
  public Map<Cell, Long> cells() {
    return counts;
  }

  /** Number of examples. */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Examples both models got right, only the candidate, only the baseline, neither. */
  public long[] pairedOutcomes() {
    long[] out = new long[4];
    counts.forEach(
        (c, n) -> {
          boolean base = c.baseline().equals(c.actual());
          boolean cand = c.candidate().equals(c.actual());
          out[base ? (cand ? 0 : 2) : (cand ? 1 : 3)] += n;
        });
    return out;
  }
}
