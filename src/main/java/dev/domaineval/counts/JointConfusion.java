package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The joint confusion of one group: examples counted by (actual class, baseline's prediction,
 * candidate's prediction). Each model's confusion matrix is a margin of it, and the paired outcomes
 * (both right, fixed, broken, both wrong) are sums of its cells, so every paired statistic of the
 * two models can be computed from it.
 *
 * <p>The pass writes a paired cell's two predictions into one text column as a <em>pair key</em>:
 * the length of the baseline's value in decimal digits, a colon, the baseline's value, the
 * candidate's value ({@code "4:spamham"} is baseline {@code spam}, candidate {@code ham}). The
 * length prefix makes the split unambiguous whatever characters the values hold.
 */
public final class JointConfusion {
  /** Separates the length prefix of a pair key from the values. */
  public static final String PAIR_KEY_SEPARATOR = ":";

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
  private final long total;

  /** The pair key of two predictions (see the class comment). */
  public static String pairKey(String baseline, String candidate) {
    return baseline.length() + PAIR_KEY_SEPARATOR + baseline + candidate;
  }

  /**
   * The cell of an actual class and a pair key.
   *
   * @throws IllegalArgumentException when {@code pairKey} is not one
   */
  public static Cell cell(String actual, String pairKey) {
    String[] predictions = split(pairKey);
    return new Cell(actual, predictions[0], predictions[1]);
  }

  /**
   * The baseline's and the candidate's predictions of a pair key.
   *
   * @throws IllegalArgumentException when {@code pairKey} is not one
   */
  private static String[] split(String pairKey) {
    int colon = pairKey.indexOf(PAIR_KEY_SEPARATOR);
    int length;
    try {
      length = colon < 1 ? -1 : Integer.parseInt(pairKey.substring(0, colon));
    } catch (NumberFormatException e) {
      length = -1;
    }
    int start = colon + 1;
    if (length < 0 || start + length > pairKey.length()) {
      throw new IllegalArgumentException(
          "Invalid pair key '" + pairKey + "': expected <length>:<baseline><candidate>");
    }
    return new String[] {
      pairKey.substring(start, start + length), pairKey.substring(start + length)
    };
  }

  /**
   * Per group, the joint confusion of the pass's paired cells (the group's model is the candidate,
   * {@code predicted} a pair key), in the order the groups first appear.
   */
  public static Map<GroupKey, JointConfusion> byGroup(List<CellCount> paired) {
    // A run has few distinct pair keys: each is split once. Hash maps while collecting; each
    // group's cells are sorted once, by of(), the groups in parallel.
    Map<String, String[]> predictions = new HashMap<>();
    Map<GroupKey, Map<Cell, Long>> cells = new LinkedHashMap<>();
    for (CellCount c : paired) {
      String[] bc = predictions.computeIfAbsent(c.predicted(), JointConfusion::split);
      cells
          .computeIfAbsent(c.group(), k -> new HashMap<>())
          .merge(new Cell(c.actual(), bc[0], bc[1]), c.count(), Long::sum);
    }
    List<GroupKey> groups = new ArrayList<>(cells.keySet());
    List<JointConfusion> tables = groups.parallelStream().map(g -> of(cells.get(g))).toList();
    Map<GroupKey, JointConfusion> out = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      out.put(groups.get(i), tables.get(i));
    }
    return out;
  }

  private JointConfusion(Map<Cell, Long> counts) {
    this.counts = counts;
    long sum = 0;
    for (long n : counts.values()) {
      sum = Math.addExact(sum, n);
    }
    this.total = sum;
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
    return new JointConfusion(Collections.unmodifiableMap(out));
  }

  /** The non-zero cells, sorted. */
  public Map<Cell, Long> cells() {
    return counts;
  }

  /** Number of examples. */
  public long total() {
    return total;
  }

  /** The joint confusion of the examples of one actual class. */
  public JointConfusion ofActual(String actual) {
    Map<Cell, Long> out = new TreeMap<>();
    counts.forEach(
        (c, n) -> {
          if (c.actual().equals(actual)) {
            out.put(c, n);
          }
        });
    return new JointConfusion(Collections.unmodifiableMap(out));
  }

  /** The actual classes that have examples, sorted. */
  public SortedSet<String> actualClasses() {
    SortedSet<String> out = new TreeSet<>();
    counts.keySet().forEach(c -> out.add(c.actual()));
    return out;
  }

  /** Number of examples on which the two models predicted differently. */
  public long discordantPredictions() {
    long n = 0;
    for (Map.Entry<Cell, Long> e : counts.entrySet()) {
      if (!e.getKey().baseline().equals(e.getKey().candidate())) {
        n += e.getValue();
      }
    }
    return n;
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
