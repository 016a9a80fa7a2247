package dev.domaineval.metrics;

import dev.domaineval.counts.CellCount;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts of (actual class, predicted class) for one group: one model × domain × slice value.
 * Immutable; equal by content.
 *
 * <p>Counts are numbers of examples ({@code long}, {@code >= 0}). Actual classes are labels.
 * Predicted is a class label or a non-answer ({@link #NON_ANSWERS}): {@link #INVALID} for an
 * invalid or missing prediction, {@link #REFUSED} for a refusal, {@link #ABSTAINED} for an
 * abstention. A non-answer is a predicted column but never a true class, and it is wrong for every
 * metric. Cells with count 0 are not stored, so a matrix with an explicit zero cell equals one
 * without it.
 *
 * <p>Classes are ordered by natural {@link String} order everywhere.
 */
public final class ConfusionMatrix {

  /** The predicted label of an invalid or missing prediction; never an actual class. */
  public static final String INVALID = "(invalid)";

  /** The predicted label of a refusal ({@code normalization.refusal-patterns}). */
  public static final String REFUSED = "(refused)";

  /** The predicted label of an abstention ({@code normalization.abstain-values}). */
  public static final String ABSTAINED = "(abstained)";

  /** The predicted values that are no class, in the order of their kind index. */
  public static final List<String> NON_ANSWERS = List.of(INVALID, REFUSED, ABSTAINED);

  /** Whether a predicted value is a non-answer rather than a class. */
  public static boolean isNonAnswer(String predicted) {
    return predicted != null && NON_ANSWERS.contains(predicted);
  }

  private static final ConfusionMatrix EMPTY = new ConfusionMatrix(new TreeMap<>());

  /** actual → predicted → count, non-zero cells only. */
  private final SortedMap<String, SortedMap<String, Long>> rows;

  private final Map<String, Long> rowSums;
  private final Map<String, Long> columnSums;
  private final long total;
  private final long correct;
  private final List<String> classes;
  private final List<String> actualClasses;

  private final List<Cell> cells;

  /** The per-class sums every metric reads, built on first use. */
  private volatile ClassCounts classCounts;

  private ConfusionMatrix(SortedMap<String, SortedMap<String, Long>> source) {
    SortedMap<String, SortedMap<String, Long>> copy = new TreeMap<>();
    Map<String, Long> rowSum = new TreeMap<>();
    Map<String, Long> columnSum = new TreeMap<>();
    List<Cell> cellList = new ArrayList<>();
    long sum = 0;
    long diagonal = 0;
    for (Map.Entry<String, SortedMap<String, Long>> row : source.entrySet()) {
      String actual = row.getKey();
      if (row.getValue().isEmpty()) {
        continue;
      }
      copy.put(actual, Collections.unmodifiableSortedMap(new TreeMap<>(row.getValue())));
      for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
        String predicted = cell.getKey();
        long count = cell.getValue();
        cellList.add(new Cell(actual, predicted, count));
        rowSum.merge(actual, count, Math::addExact);
        columnSum.merge(predicted, count, Math::addExact);
        sum = Math.addExact(sum, count);
        if (actual.equals(predicted)) {
          diagonal = Math.addExact(diagonal, count);
        }
      }
    }
    TreeSet<String> union = new TreeSet<>(rowSum.keySet());
    union.addAll(columnSum.keySet());
    union.removeAll(NON_ANSWERS);

    this.rows = Collections.unmodifiableSortedMap(copy);
    this.rowSums = Collections.unmodifiableMap(rowSum);
    this.columnSums = Collections.unmodifiableMap(columnSum);
    this.total = sum;
    this.correct = diagonal;
    this.classes = List.copyOf(union);
    this.actualClasses = List.copyOf(rowSum.keySet());
    this.cells = List.copyOf(cellList);
  }

  /** The matrix of a group without examples. */
  public static ConfusionMatrix empty() {
    return EMPTY;
  }

  /**
   * Every group's matrix from the pass's confusion cells, in {@link GroupKey#ORDER}.
   *
   * @param cells (actual, predicted class or {@link #INVALID}) counts of every group
   */
  public static Map<GroupKey, ConfusionMatrix> byGroup(List<CellCount> cells) {
    Map<GroupKey, Builder> builders = new TreeMap<>(GroupKey.ORDER);
    for (CellCount c : cells) {
      builders.computeIfAbsent(c.group(), k -> builder()).add(c.actual(), c.predicted(), c.count());
    }
    Map<GroupKey, ConfusionMatrix> out = new LinkedHashMap<>();
    builders.forEach((k, b) -> out.put(k, b.build()));
    return out;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The matrix with the given counts, as {@code actual → predicted → count}; validated like {@link
   * Builder#add(String, String, long)}.
   */
  public static ConfusionMatrix of(Map<String, ? extends Map<String, Long>> counts) {
    Builder builder = builder();
    counts.forEach(
        (actual, row) ->
            row.forEach(
                (predicted, count) -> {
                  if (count == null) {
                    throw new IllegalArgumentException(
                        String.format(
                            "Invalid cell (actual '%s', predicted '%s'): count is null; use 0 or"
                                + " leave the cell out",
                            actual, predicted));
                  }
                  builder.add(actual, predicted, count);
                }));
    return builder.build();
  }

  /** Number of examples of class {@code actual} predicted as {@code predicted}; 0 if none. */
  public long count(String actual, String predicted) {
    SortedMap<String, Long> row = rows.get(actual);
    return row == null ? 0 : row.getOrDefault(predicted, 0L);
  }

  /** Number of examples in the group (N). */
  public long total() {
    return total;
  }

  /** Number of examples with an invalid or missing prediction (the {@code (invalid)} column). */
  public long invalidCount() {
    return predictedCount(INVALID);
  }

  /** Number of refusals (the {@code (refused)} column). */
  public long refusedCount() {
    return predictedCount(REFUSED);
  }

  /** Number of abstentions (the {@code (abstained)} column). */
  public long abstainedCount() {
    return predictedCount(ABSTAINED);
  }

  /** Number of correctly predicted examples (the diagonal). */
  public long correct() {
    return correct;
  }

  /** Number of examples whose actual class is {@code cls} (the row sum). */
  public long support(String cls) {
    return rowSums.getOrDefault(cls, 0L);
  }

  /** Number of examples predicted as {@code cls} (the column sum); accepts {@link #INVALID}. */
  public long predictedCount(String cls) {
    return columnSums.getOrDefault(cls, 0L);
  }

  /**
   * Sorted union of the classes occurring as an actual label or as a valid predicted label with a
   * count > 0: scikit-learn's {@code unique_labels(y_true, y_pred)} without the non-answers. These
   * are the classes that per-class rows and macro averages are computed over.
   */
  public List<String> classes() {
    return classes;
  }

  /** Sorted classes with support > 0, the classes balanced accuracy averages over. */
  public List<String> actualClasses() {
    return actualClasses;
  }

  /**
   * One-vs-rest counts of {@code cls} over all examples of the group. An invalid prediction on an
   * example of {@code cls} is a false negative; an invalid prediction on an example of another
   * class is a true negative of {@code cls}, since it did not predict {@code cls}. A class that
   * does not occur has tp = fp = fn = 0 and tn = {@link #total()}.
   *
   * @throws IllegalArgumentException if {@code cls} is null or a non-answer
   */
  public BinaryCounts binaryCounts(String cls) {
    if (cls == null || isNonAnswer(cls)) {
      throw new IllegalArgumentException(
          "Cannot compute one-vs-rest counts of class '"
              + cls
              + "': it is not a class label. Pass one of "
              + classes);
    }
    long tp = count(cls, cls);
    long fp = predictedCount(cls) - tp;
    long fn = support(cls) - tp;
    return new BinaryCounts(tp, fp, fn, total - tp - fp - fn);
  }

  /** The matrix of the union of both groups' examples (counts are additive). */
  public ConfusionMatrix plus(ConfusionMatrix other) {
    Builder builder = builder();
    for (Cell cell : cells) {
      builder.add(cell.actual(), cell.predicted(), cell.count());
    }
    for (Cell cell : other.cells) {
      builder.add(cell.actual(), cell.predicted(), cell.count());
    }
    return builder.build();
  }

  /** The non-zero cells, sorted by actual then predicted class. */
  public List<Cell> cells() {
    return cells;
  }

  /** The per-class sums that every metric of the matrix is computed from. */
  public ClassCounts classCounts() {
    ClassCounts counts = classCounts;
    if (counts == null) {
      counts = ClassCounts.of(this);
      classCounts = counts;
    }
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix other && rows.equals(other.rows);
  }

  @Override
  public int hashCode() {
    return rows.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ConfusionMatrix[");
    for (int i = 0; i < cells.size(); i++) {
      Cell cell = cells.get(i);
      text.append(i == 0 ? "" : ", ")
          .append(cell.actual())
          .append("->")
          .append(cell.predicted())
          .append('=')
          .append(cell.count());
    }
    return text.append(']').toString();
  }

  /**
   * One cell of the matrix: {@code count} examples of class {@code actual} predicted as {@code
   * predicted} (a class or {@link #INVALID}).
   */
  public record Cell(String actual, String predicted, long count) {

    public Cell {
      Objects.requireNonNull(actual, "actual");
      Objects.requireNonNull(predicted, "predicted");
      if (count < 0) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid count %d for cell (actual '%s', predicted '%s'): counts are numbers of"
                    + " examples and must be >= 0",
                count, actual, predicted));
      }
    }
  }

  /** Accumulates counts; a cell added twice sums. Not thread-safe. */
  public static final class Builder {

    private final SortedMap<String, SortedMap<String, Long>> rows = new TreeMap<>();

    private Builder() {}

    /**
     * Adds {@code count} examples of class {@code actual} predicted as {@code predicted}.
     *
     * @param predicted a class label, or {@link #INVALID} for an invalid or missing prediction
     * @param count number of examples, {@code >= 0}; 0 is accepted and stores nothing
     * @throws IllegalArgumentException if a label is null, {@code actual} is {@link #INVALID}, or
     *     the count is negative
     */
    public Builder add(String actual, String predicted, long count) {
      if (actual == null) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid cell (actual null, predicted '%s', count %d): the actual class is"
                    + " missing. Drop or relabel examples without a label before counting.",
                predicted, count));
      }
      if (predicted == null) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid cell (actual '%s', predicted null, count %d): use"
                    + " ConfusionMatrix.INVALID ('%s') for an invalid or missing prediction.",
                actual, count, INVALID));
      }
      if (isNonAnswer(actual)) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid cell (actual '%s', predicted '%s', count %d): '%s' is reserved for"
                    + " predictions that are no answer (%s) and is never a true class. Map such"
                    + " labels to a real class or drop those examples before counting.",
                actual, predicted, count, actual, NON_ANSWERS));
      }
      if (count < 0) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid count %d for cell (actual '%s', predicted '%s'): counts are numbers of"
                    + " examples and must be >= 0",
                count, actual, predicted));
      }
      if (count > 0) {
        rows.computeIfAbsent(actual, a -> new TreeMap<>()).merge(predicted, count, Math::addExact);
      }
      return this;
    }

    public ConfusionMatrix build() {
      return rows.isEmpty() ? EMPTY : new ConfusionMatrix(rows);
    }
  }
}
