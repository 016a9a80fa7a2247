package dev.domaineval.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sums of a confusion matrix that every metric of the registry reads, per class over an indexed
 * class list: the diagonal (tp), the row sums (support), the column sums (predictions of the class)
 * and the row's {@code (invalid)} cell, plus the group's total, correct and invalid counts. A
 * metric of a whole matrix (an average, MCC, kappa, specificity) is a function of these alone, so
 * computing it costs array reads, not map lookups, and a matrix with one more example ({@link
 * #plusOne}) is four small arrays: the paired tests evaluate metrics on thousands of such
 * neighbours per group.
 *
 * <p>Classes are those of {@link ConfusionMatrix#classes()} (labels and valid predictions, sorted,
 * without the non-answers), at indices {@code 0..size()-1}; the indices from {@link
 * #invalidIndex()} ({@code size()}) stand for the non-answer columns, in the order of {@link
 * ConfusionMatrix#NON_ANSWERS}: {@code (invalid)}, {@code (refused)}, {@code (abstained)}. Every
 * metric reads a non-answer as wrong; only the rates of each kind tell them apart. Immutable.
 */
public final class ClassCounts {
  /** The non-answer columns: {@link ConfusionMatrix#NON_ANSWERS}. */
  public static final int NON_ANSWER_KINDS = 3;

  private final List<String> classes;
  private final long[] tp;
  private final long[] support;
  private final long[] predicted;
  private final long[] invalid;

  /** Per non-answer kind ({@link ConfusionMatrix#NON_ANSWERS}), its examples. */
  private final long[] kinds;

  private final long total;
  private final long correct;
  private final long invalidTotal;
  private final int actualClasses;

  /** The one-vs-rest counts of every class, built on first use (metrics read them many times). */
  private volatile BinaryCounts[] binary;

  /**
   * Per one-vs-rest metric (by ordinal), its value for every class, built on first use: the
   * averages and the per-class rows read the same values.
   */
  private final AtomicReferenceArray<double[]> perClassValues =
      new AtomicReferenceArray<>(MetricId.values().length);

  /** From the per-class arrays (owned from now on); the totals are their sums. */
  private ClassCounts(
      List<String> classes,
      long[] tp,
      long[] support,
      long[] predicted,
      long[] invalid,
      long[] kinds) {
    this.classes = classes;
    this.kinds = kinds;
    this.tp = tp;
    this.support = support;
    this.predicted = predicted;
    this.invalid = invalid;
    long n = 0;
    long right = 0;
    long wrongFormat = 0;
    int actual = 0;
    for (int k = 0; k < classes.size(); k++) {
      n = Math.addExact(n, support[k]);
      right = Math.addExact(right, tp[k]);
      wrongFormat = Math.addExact(wrongFormat, invalid[k]);
      actual += support[k] > 0 ? 1 : 0;
    }
    this.total = n;
    this.correct = right;
    this.invalidTotal = wrongFormat;
    this.actualClasses = actual;
  }

  /** The sums of a matrix (see {@link ConfusionMatrix#classCounts()}, which keeps them). */
  static ClassCounts of(ConfusionMatrix matrix) {
    List<String> classes = matrix.classes();
    Builder builder = builder(classes);
    for (ConfusionMatrix.Cell cell : matrix.cells()) {
      int kind = ConfusionMatrix.NON_ANSWERS.indexOf(cell.predicted());
      builder.add(
          indexIn(classes, cell.actual()),
          kind >= 0 ? classes.size() + kind : indexIn(classes, cell.predicted()),
          cell.count());
    }
    return builder.build();
  }

  /** The index of a class in a sorted class list, -1 when it is not there. */
  private static int indexIn(List<String> classes, String cls) {
    int k = Collections.binarySearch(classes, cls);
    return k < 0 ? -1 : k;
  }

  /**
   * Counts over a given class list, from cells by index: for code that already holds a matrix's
   * cells by class (the paired tests' joint tables) and need not build the matrix.
   *
   * @param classes the classes, sorted and distinct, without {@code (invalid)}
   */
  public static Builder builder(List<String> classes) {
    return new Builder(classes);
  }

  /** Accumulates cells by class index; see {@link #builder}. Not thread-safe. */
  public static final class Builder {
    private final List<String> classes;
    private final long[] tp;
    private final long[] support;
    private final long[] predicted;
    private final long[] invalid;
    private final long[] kinds = new long[NON_ANSWER_KINDS];

    private Builder(List<String> classes) {
      for (int k = 1; k < classes.size(); k++) {
        if (classes.get(k - 1).compareTo(classes.get(k)) >= 0) {
          throw new IllegalArgumentException("Classes " + classes + " are not sorted and distinct");
        }
      }
      for (String c : classes) {
        if (ConfusionMatrix.isNonAnswer(c)) {
          throw new IllegalArgumentException(
              "Classes " + classes + " hold " + c + ", which is no class");
        }
      }
      this.classes = List.copyOf(classes);
      int size = classes.size();
      tp = new long[size];
      support = new long[size];
      predicted = new long[size];
      invalid = new long[size];
    }

    /**
     * Adds {@code count} examples of class index {@code actual} predicted as class index {@code
     * predicted}, or a non-answer at index {@code classes.size()} plus its kind.
     */
    public Builder add(int actual, int predicted, long count) {
      checkCell(actual, predicted, classes.size());
      if (count < 0) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid count %d for cell (%d, %d): expected >= 0", count, actual, predicted));
      }
      addTo(tp, support, this.predicted, invalid, kinds, actual, predicted, count);
      return this;
    }

    /**
     * The counts.
     *
     * @throws IllegalArgumentException when a class has neither an example nor a prediction (a
     *     matrix's class list would not hold it)
     */
    public ClassCounts build() {
      for (int k = 0; k < classes.size(); k++) {
        if (support[k] == 0 && predicted[k] == 0) {
          throw new IllegalArgumentException(
              "Class '" + classes.get(k) + "' has neither an example nor a prediction");
        }
      }
      return new ClassCounts(
          classes, tp.clone(), support.clone(), predicted.clone(), invalid.clone(), kinds.clone());
    }
  }

  /** Adds {@code count} examples of cell (actual, predicted) to the per-class arrays. */
  private static void addTo(
      long[] tp,
      long[] support,
      long[] predicted,
      long[] invalid,
      long[] kinds,
      int actual,
      int predictedIndex,
      long count) {
    support[actual] = Math.addExact(support[actual], count);
    if (predictedIndex >= support.length) {
      invalid[actual] = Math.addExact(invalid[actual], count);
      int kind = predictedIndex - support.length;
      kinds[kind] = Math.addExact(kinds[kind], count);
    } else {
      predicted[predictedIndex] = Math.addExact(predicted[predictedIndex], count);
      if (predictedIndex == actual) {
        tp[actual] = Math.addExact(tp[actual], count);
      }
    }
  }

  /**
   * Rejects a cell outside {@code size} classes (the predicted indices from {@code size} are the
   * non-answers).
   */
  private static void checkCell(int actual, int predicted, int size) {
    if (actual < 0 || actual >= size || predicted < 0 || predicted >= size + NON_ANSWER_KINDS) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid cell (%d, %d) of counts with %d classes: expected an actual class index"
                  + " below %d and a predicted one below %d (from %d: the non-answers)",
              actual, predicted, size, size, size + NON_ANSWER_KINDS, size));
    }
  }

  /**
   * These counts with one more example of class {@code actual} predicted as {@code predicted}:
   * equal to the counts of the matrix built with that example, for a cell of a known actual class
   * and a known predicted class or {@code (invalid)} (a new class would change the class list).
   *
   * @param actual a class index
   * @param predicted a class index or {@link #invalidIndex()}
   * @throws IllegalArgumentException for an index out of range
   */
  public ClassCounts plusOne(int actual, int predicted) {
    checkCell(actual, predicted, classes.size());
    long[] newTp = tp.clone();
    long[] newSupport = support.clone();
    long[] newPredicted = this.predicted.clone();
    long[] newInvalid = invalid.clone();
    long[] newKinds = kinds.clone();
    addTo(newTp, newSupport, newPredicted, newInvalid, newKinds, actual, predicted, 1);
    return new ClassCounts(classes, newTp, newSupport, newPredicted, newInvalid, newKinds);
  }

  /** The classes, sorted: labels and valid predictions (see {@link ConfusionMatrix#classes()}). */
  public List<String> classes() {
    return classes;
  }

  /** Number of classes. */
  public int size() {
    return classes.size();
  }

  /** The index that stands for the {@code (invalid)} column: {@link #size()}. */
  public int invalidIndex() {
    return classes.size();
  }

  /** The index of a class, -1 when the group has no such class. */
  public int indexOf(String cls) {
    return indexIn(classes, cls);
  }

  /**
   * The index of a predicted value: a class's, {@link #invalidIndex()} plus its kind for a
   * non-answer, -1 for an unknown class.
   */
  public int predictedIndexOf(String value) {
    int kind = ConfusionMatrix.NON_ANSWERS.indexOf(value);
    return kind >= 0 ? invalidIndex() + kind : indexOf(value);
  }

  /** The predicted columns of the counts: the classes, then the non-answers. */
  public int width() {
    return classes.size() + NON_ANSWER_KINDS;
  }

  /** Number of examples in the group. */
  public long total() {
    return total;
  }

  /** Number of correctly predicted examples. */
  public long correct() {
    return correct;
  }

  /** Number of invalid or missing predictions (the {@code (invalid)} column only). */
  public long invalidCount() {
    return kinds[0];
  }

  /** Number of refusals. */
  public long refusedCount() {
    return kinds[1];
  }

  /** Number of abstentions. */
  public long abstainedCount() {
    return kinds[2];
  }

  /** Number of predictions that are no class: invalid, refused and abstained. */
  public long nonAnswerCount() {
    return invalidTotal;
  }

  /**
   * Number of predictions of a non-answer kind (an index of {@link ConfusionMatrix#NON_ANSWERS}).
   */
  public long nonAnswerCount(String nonAnswer) {
    return kinds[ConfusionMatrix.NON_ANSWERS.indexOf(nonAnswer)];
  }

  /** Number of classes with examples (the classes balanced accuracy averages over). */
  public int actualClassCount() {
    return actualClasses;
  }

  /** Number of examples of class {@code k} (its support). */
  public long support(int k) {
    return support[k];
  }

  /** Number of examples predicted as class {@code k}. */
  public long predictedCount(int k) {
    return predicted[k];
  }

  /** Number of examples of class {@code k} predicted as no class (invalid, refused, abstained). */
  public long nonAnswerCount(int k) {
    return invalid[k];
  }

  /** One-vs-rest counts of class {@code k}, as {@link ConfusionMatrix#binaryCounts(String)}. */
  public BinaryCounts binaryCounts(int k) {
    BinaryCounts[] all = binary;
    if (all == null) {
      all = new BinaryCounts[classes.size()];
      for (int i = 0; i < all.length; i++) {
        long fp = predicted[i] - tp[i];
        long fn = support[i] - tp[i];
        all[i] = new BinaryCounts(tp[i], fp, fn, total - tp[i] - fp - fn);
      }
      binary = all;
    }
    return all[k];
  }

  /**
   * The value of a one-vs-rest metric ({@link MetricId#isOneVsRest()}) for class {@code k}: equal
   * to {@code perClass.compute(binaryCounts(k))}, computed once per metric for every class.
   */
  public double value(int k, MetricId perClass) {
    double[] values = perClassValues.get(perClass.ordinal());
    if (values == null) {
      values = new double[classes.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = perClass.compute(binaryCounts(i));
      }
      perClassValues.set(perClass.ordinal(), values);
    }
    return values[k];
  }

  /**
   * One-vs-rest counts of a class by name: tp = fp = fn = 0 and tn = {@link #total()} for a class
   * the group does not have, as {@link ConfusionMatrix#binaryCounts(String)}.
   */
  public BinaryCounts binaryCounts(String cls) {
    int k = indexOf(cls);
    return k < 0 ? new BinaryCounts(0, 0, 0, total) : binaryCounts(k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassCounts c
        && classes.equals(c.classes)
        && Arrays.equals(tp, c.tp)
        && Arrays.equals(support, c.support)
        && Arrays.equals(predicted, c.predicted)
        && Arrays.equals(invalid, c.invalid)
        && Arrays.equals(kinds, c.kinds)
        && total == c.total
        && correct == c.correct
        && invalidTotal == c.invalidTotal;
  }

  @Override
  public int hashCode() {
    return classes.hashCode() * 31 + Arrays.hashCode(support) * 17 + Long.hashCode(total);
  }

  @Override
  public String toString() {
    return String.format(
        "ClassCounts[classes=%s, tp=%s, support=%s, predicted=%s, invalid=%s, total=%d]",
        classes,
        Arrays.toString(tp),
        Arrays.toString(support),
        Arrays.toString(predicted),
        Arrays.toString(invalid),
        total);
  }
}
