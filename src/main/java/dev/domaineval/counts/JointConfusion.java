package dev.domaineval.counts;

import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

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

  /** The non-zero cells, sorted, and their counts. */
  private final Cell[] cells;

  private final long[] counts;
  private final long total;

  /** The distinct values of each side of the cells, sorted. */
  private final List<String> actualValues;

  private final List<String> baselineValues;
  private final List<String> candidateValues;

  /** Per cell, the index of its actual class and of each model's prediction in those lists. */
  private final int[] actualIndex;

  private final int[] baselineIndex;
  private final int[] candidateIndex;

  /** The cells as a sorted map, built on first use. */
  private volatile Map<Cell, Long> cellMap;

  /** The pair key of two predictions (see the class comment). */
  public static String pairKey(String baseline, String candidate) {
    return baseline.length() + PAIR_KEY_SEPARATOR + baseline + candidate;
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

  /** From sorted, distinct cells with counts > 0. */
  private JointConfusion(Cell[] cells, long[] counts) {
    this.cells = cells;
    this.counts = counts;
    long sum = 0;
    for (long n : counts) {
      sum = Math.addExact(sum, n);
    }
    this.total = sum;
    Set<String> a = new HashSet<>();
    Set<String> b = new HashSet<>();
    Set<String> c = new HashSet<>();
    for (Cell cell : cells) {
      a.add(cell.actual());
      b.add(cell.baseline());
      c.add(cell.candidate());
    }
    this.actualValues = sorted(a);
    this.baselineValues = sorted(b);
    this.candidateValues = sorted(c);
    this.actualIndex = indices(cells, actualValues, Cell::actual);
    this.baselineIndex = indices(cells, baselineValues, Cell::baseline);
    this.candidateIndex = indices(cells, candidateValues, Cell::candidate);
  }

  private static List<String> sorted(Set<String> values) {
    String[] out = values.toArray(String[]::new);
    Arrays.sort(out);
    return List.of(out);
  }

  private static int[] indices(Cell[] cells, List<String> values, Function<Cell, String> side) {
    int[] out = new int[cells.length];
    for (int i = 0; i < cells.length; i++) {
      out[i] = Collections.binarySearch(values, side.apply(cells[i]));
    }
    return out;
  }

  /** From counts per cell; cells with 0 are dropped, negative counts are rejected. */
  public static JointConfusion of(Map<Cell, Long> counts) {
    List<Map.Entry<Cell, Long>> entries = new ArrayList<>(counts.size());
    for (Map.Entry<Cell, Long> e : counts.entrySet()) {
      long n = e.getValue();
      if (n < 0) {
        throw new IllegalArgumentException(
            "Invalid joint confusion count " + n + " for " + e.getKey() + ": expected >= 0");
      }
      if (n > 0) {
        entries.add(e);
      }
    }
    entries.sort(Map.Entry.comparingByKey());
    Cell[] cells = new Cell[entries.size()];
    long[] n = new long[entries.size()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = entries.get(i).getKey();
      n[i] = entries.get(i).getValue();
    }
    return new JointConfusion(cells, n);
  }

  /** The non-zero cells, sorted. */
  public Map<Cell, Long> cells() {
    Map<Cell, Long> map = cellMap;
    if (map == null) {
      Map<Cell, Long> built = new LinkedHashMap<>();
      for (int i = 0; i < cells.length; i++) {
        built.put(cells[i], counts[i]);
      }
      map = Collections.unmodifiableMap(built);
      cellMap = map;
    }
    return map;
  }

  /** Number of non-zero cells. */
  public int size() {
    return cells.length;
  }

  /** The distinct actual classes of the cells, sorted. */
  public List<String> actualValues() {
    return actualValues;
  }

  /** The distinct predictions of the baseline in the cells, sorted. */
  public List<String> baselineValues() {
    return baselineValues;
  }

  /** The distinct predictions of the candidate in the cells, sorted. */
  public List<String> candidateValues() {
    return candidateValues;
  }

  /** The index in {@link #actualValues()} of cell {@code i}'s actual class (cells sorted). */
  public int actualIndex(int i) {
    return actualIndex[i];
  }

  /** The index in {@link #baselineValues()} of cell {@code i}'s baseline prediction. */
  public int baselineIndex(int i) {
    return baselineIndex[i];
  }

  /** The index in {@link #candidateValues()} of cell {@code i}'s candidate prediction. */
  public int candidateIndex(int i) {
    return candidateIndex[i];
  }

  /** The count of cell {@code i} (cells sorted), > 0. */
  public long count(int i) {
    return counts[i];
  }

  /** Number of examples. */
  public long total() {
    return total;
  }

  /** The joint confusion of the examples of one actual class. */
  public JointConfusion ofActual(String actual) {
    int from = 0;
    while (from < cells.length && !cells[from].actual().equals(actual)) {
      from++;
    }
    int to = from;
    while (to < cells.length && cells[to].actual().equals(actual)) {
      to++;
    }
    return new JointConfusion(
        Arrays.copyOfRange(cells, from, to), Arrays.copyOfRange(counts, from, to));
  }

  /** Number of examples on which the two models predicted differently. */
  public long discordantPredictions() {
    long n = 0;
    for (int i = 0; i < cells.length; i++) {
      if (!cells[i].baseline().equals(cells[i].candidate())) {
        n += counts[i];
      }
    }
    return n;
  }

  /** Examples both models got right, only the candidate, only the baseline, neither. */
  public long[] pairedOutcomes() {
    long[] out = new long[4];
    for (int i = 0; i < cells.length; i++) {
      Cell c = cells[i];
      boolean base = c.baseline().equals(c.actual());
      boolean cand = c.candidate().equals(c.actual());
      out[base ? (cand ? 0 : 2) : (cand ? 1 : 3)] += counts[i];
    }
    return out;
  }
}
