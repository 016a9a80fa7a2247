package dev.domaineval.metrics;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The registry of metrics: each constant is one metric's whole description — its stable id in the
 * output tables, its {@link Direction}, the rows it appears on ({@link Scope}), how it is computed
 * from the counts, its 95 % interval, and whether and how a candidate's value is compared with the
 * baseline's ({@link PairedTest}). Every consumer (the group metrics, the comparison, the
 * bootstrap, the findings, the report) iterates this registry; none keeps a list of its own. Ids
 * are never renamed once released.
 *
 * <p>Ratios are fractions in [0, 1] (MCC and Cohen's kappa in [-1, 1]); counts are numbers of
 * examples. {@link #PRECISION}, {@link #RECALL} and {@link #F1} appear both on per-class rows
 * (class column set) and, for binary domains, on aggregate rows for the positive class (class
 * column null). Within a scope, rows come in the order of the constants.
 *
 * <p>Adding a metric: one constant here (its function of the counts, or a new function in {@link
 * Averages}), its test, and a row in docs/metrics.md.
 */
public enum MetricId {
  PRECISION(
      "precision",
      Direction.HIGHER_IS_BETTER,
      oneVsRest(
          c -> Ratio.of(c.tp(), c.tp() + c.fp()), c -> WilsonInterval.of(c.tp(), c.tp() + c.fp())),
      PairedTest.DELTA_METHOD,
      Population.POSITIVES),
  RECALL(
      "recall",
      Direction.HIGHER_IS_BETTER,
      oneVsRest(
          c -> Ratio.of(c.tp(), c.tp() + c.fn()), c -> WilsonInterval.of(c.tp(), c.tp() + c.fn())),
      PairedTest.MCNEMAR_CLASS_EXAMPLES,
      Population.POSITIVES),
  // 2tp / (2tp + fp + fn) rather than 2PR / (P + R): equal where both are defined, and 0 (not
  // undefined) when P + R = 0, as scikit-learn computes it. 2.0 keeps huge counts in double.
  F1(
      "f1",
      Direction.HIGHER_IS_BETTER,
      oneVsRest(c -> Ratio.of(2.0 * c.tp(), 2.0 * c.tp() + c.fp() + c.fn()), c -> Optional.empty()),
      PairedTest.DELTA_METHOD,
      Population.POSITIVES),
  TP("tp", Direction.NONE, count(c -> c.tp()), PairedTest.NONE, Population.GROUP),
  FP("fp", Direction.NONE, count(c -> c.fp()), PairedTest.NONE, Population.GROUP),
  FN("fn", Direction.NONE, count(c -> c.fn()), PairedTest.NONE, Population.GROUP),
  TN("tn", Direction.NONE, count(c -> c.tn()), PairedTest.NONE, Population.GROUP),
  SUPPORT(
      "support",
      Direction.NONE,
      count(c -> (double) c.tp() + c.fn()),
      PairedTest.NONE,
      Population.GROUP),

  ACCURACY(
      "accuracy",
      Direction.HIGHER_IS_BETTER,
      aggregate(
          (m, cls) -> Ratio.of(m.correct(), m.total()),
          (m, cls) -> WilsonInterval.of(m.correct(), m.total())),
      PairedTest.MCNEMAR_ALL_EXAMPLES,
      Population.GROUP),
  MACRO_PRECISION(
      "macro_precision",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.macro(m, MetricId.PRECISION)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  MACRO_RECALL(
      "macro_recall",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.macro(m, MetricId.RECALL)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  // Mean of the per-class F1, not the F1 of macro precision and recall: scikit-learn's macro F1.
  MACRO_F1(
      "macro_f1",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.macro(m, MetricId.F1)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  WEIGHTED_PRECISION(
      "weighted_precision",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.weighted(m, MetricId.PRECISION)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  WEIGHTED_RECALL(
      "weighted_recall",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.weighted(m, MetricId.RECALL)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  WEIGHTED_F1(
      "weighted_f1",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.weighted(m, MetricId.F1)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  BALANCED_ACCURACY(
      "balanced_accuracy",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> Averages.balancedAccuracy(m)),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  MCC(
      "mcc",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> GroupMetrics.mcc(m)),
      PairedTest.DELTA_METHOD,
      Population.NOT_A_PROPORTION),
  COHEN_KAPPA(
      "cohen_kappa",
      Direction.HIGHER_IS_BETTER,
      aggregate((m, cls) -> GroupMetrics.cohenKappa(m)),
      PairedTest.DELTA_METHOD,
      Population.NOT_A_PROPORTION),
  COUNT(
      "count", Direction.NONE, aggregate((m, cls) -> m.total()), PairedTest.NONE, Population.GROUP),
  INVALID_RATE(
      "invalid_rate",
      Direction.LOWER_IS_BETTER,
      aggregate((m, cls) -> Ratio.of(m.invalidCount(), m.total())),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  // The coverage of LLM answers, in runs that read refusals or abstentions: a refusal or an
  // abstention is no answer; an invalid answer is an answer, a wrong one.
  REFUSAL_RATE(
      "refusal_rate",
      Direction.LOWER_IS_BETTER,
      answers(
          (m, cls) -> Ratio.of(m.refusedCount(), m.total()),
          (m, cls) -> WilsonInterval.of(m.refusedCount(), m.total())),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  ABSTAIN_RATE(
      "abstain_rate",
      Direction.LOWER_IS_BETTER,
      answers(
          (m, cls) -> Ratio.of(m.abstainedCount(), m.total()),
          (m, cls) -> WilsonInterval.of(m.abstainedCount(), m.total())),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  COVERAGE(
      "coverage",
      Direction.HIGHER_IS_BETTER,
      answers(
          (m, cls) -> Ratio.of(answered(m), m.total()),
          (m, cls) -> WilsonInterval.of(answered(m), m.total())),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  SELECTIVE_ACCURACY(
      "selective_accuracy",
      Direction.HIGHER_IS_BETTER,
      answers(
          (m, cls) -> Ratio.of(m.correct(), answered(m)),
          (m, cls) -> WilsonInterval.of(m.correct(), answered(m))),
      PairedTest.DELTA_METHOD,
      Population.GROUP),
  SPECIFICITY(
      "specificity",
      Direction.HIGHER_IS_BETTER,
      positiveClass(Averages::specificity, Averages::specificityInterval),
      PairedTest.MCNEMAR_NEGATIVE_EXAMPLES,
      Population.NEGATIVES),
  PREVALENCE(
      "prevalence",
      Direction.NONE,
      positiveClass(
          (m, positive) -> {
            int k = m.indexOf(positive);
            return Ratio.of(k < 0 ? 0 : m.support(k), m.total());
          },
          (m, p) -> Optional.empty()),
      PairedTest.NONE,
      Population.GROUP),

  // Threshold metrics of a binary domain's scores (the examples with a valid score).
  ROC_AUC("roc_auc", Direction.HIGHER_IS_BETTER),
  PR_AUC("pr_auc", Direction.HIGHER_IS_BETTER),
  AVERAGE_PRECISION("average_precision", Direction.HIGHER_IS_BETTER),
  LOG_LOSS("log_loss", Direction.LOWER_IS_BETTER),
  BRIER("brier", Direction.LOWER_IS_BETTER),
  ECE("ece", Direction.LOWER_IS_BETTER),
  // The operating point the domain's policy chooses on the scores (see the operating_points table).
  OP_THRESHOLD("op_threshold", Direction.NONE),
  OP_PRECISION("op_precision", Direction.HIGHER_IS_BETTER),
  OP_RECALL("op_recall", Direction.HIGHER_IS_BETTER),
  OP_F1("op_f1", Direction.HIGHER_IS_BETTER);

  /**
   * A function of a confusion matrix, read from its {@link ClassCounts}, and a class (the positive
   * class, or null).
   */
  @FunctionalInterface
  interface MatrixFunction {
    double apply(ClassCounts counts, String cls);
  }

  /** The 95 % interval of a {@link MatrixFunction}'s value, if it has one. */
  @FunctionalInterface
  interface MatrixInterval {
    Optional<WilsonInterval.Interval> apply(ClassCounts counts, String cls);
  }

  /**
   * The examples a compared rate is measured on, for its minimum detectable effect: the group's
   * (or, on a per-class row, the class's), the positive class's or the negative examples on a
   * positive-class row; none for a metric that is not a proportion.
   */
  public enum Population {
    GROUP,
    POSITIVES,
    NEGATIVES,
    NOT_A_PROPORTION
  }

  /** How a metric is computed: the scopes it appears in and its functions. */
  private record Computation(
      Set<Scope> scopes,
      ToDoubleFunction<BinaryCounts> oneVsRest,
      java.util.function.Function<BinaryCounts, Optional<WilsonInterval.Interval>>
          oneVsRestInterval,
      MatrixFunction matrix,
      MatrixInterval matrixInterval) {}

  private final String id;
  private final Direction direction;
  private final Computation computation;
  private final PairedTest pairedTest;
  private final Population population;

  MetricId(String id, Direction direction) {
    this(
        id,
        direction,
        new Computation(EnumSet.of(Scope.SCORE), null, null, null, null),
        PairedTest.NONE,
        Population.NOT_A_PROPORTION);
  }

  MetricId(
      String id,
      Direction direction,
      Computation computation,
      PairedTest pairedTest,
      Population population) {
    this.id = id;
    this.direction = direction;
    this.computation = computation;
    this.pairedTest = pairedTest;
    this.population = population;
  }

  /** A per-class rate with an interval, also reported for the positive class of a binary domain. */
  private static Computation oneVsRest(
      ToDoubleFunction<BinaryCounts> value,
      java.util.function.Function<BinaryCounts, Optional<WilsonInterval.Interval>> interval) {
    return new Computation(
        EnumSet.of(Scope.PER_CLASS, Scope.POSITIVE_CLASS), value, interval, null, null);
  }

  /** A per-class count. */
  private static Computation count(ToDoubleFunction<BinaryCounts> value) {
    return new Computation(EnumSet.of(Scope.PER_CLASS), value, c -> Optional.empty(), null, null);
  }

  private static Computation aggregate(MatrixFunction value) {
    return aggregate(value, (m, cls) -> Optional.empty());
  }

  private static Computation aggregate(MatrixFunction value, MatrixInterval interval) {
    return new Computation(EnumSet.of(Scope.AGGREGATE), null, null, value, interval);
  }

  private static Computation answers(MatrixFunction value, MatrixInterval interval) {
    return new Computation(EnumSet.of(Scope.ANSWERS), null, null, value, interval);
  }

  /** The examples a model answered: neither refused nor abstained (an invalid answer counts). */
  static long answered(ClassCounts m) {
    return m.total() - m.refusedCount() - m.abstainedCount();
  }

  private static Computation positiveClass(MatrixFunction value, MatrixInterval interval) {
    return new Computation(EnumSet.of(Scope.POSITIVE_CLASS), null, null, value, interval);
  }

  /** The stable id written to output tables, e.g. {@code macro_f1}. */
  public String id() {
    return id;
  }

  public Direction direction() {
    return direction;
  }

  public boolean isHigherBetter() {
    return direction == Direction.HIGHER_IS_BETTER;
  }

  public boolean isLowerBetter() {
    return direction == Direction.LOWER_IS_BETTER;
  }

  /** Whether the metric appears on the rows of {@code scope}. */
  public boolean hasScope(Scope scope) {
    return computation.scopes().contains(scope);
  }

  /**
   * Whether this metric comes from a binary domain's scores (computed by the score histograms, not
   * from the confusion matrix).
   */
  public boolean isScoreMetric() {
    return hasScope(Scope.SCORE);
  }

  /** Whether this metric is a function of one class's one-vs-rest counts (a per-class metric). */
  public boolean isOneVsRest() {
    return computation.oneVsRest() != null;
  }

  /** How a candidate's value is compared with the baseline's. */
  public PairedTest pairedTest() {
    return pairedTest;
  }

  /** Whether a candidate's value is compared with the baseline's. */
  public boolean isCompared() {
    return pairedTest.isCompared();
  }

  /** The examples a compared rate is measured on (see {@link Population}). */
  public Population population() {
    return population;
  }

  /** The metrics of a scope, in registry order. */
  public static List<MetricId> ofScope(Scope scope) {
    return Arrays.stream(values()).filter(m -> m.hasScope(scope)).toList();
  }

  /**
   * The value of this one-vs-rest metric for the given counts (a ratio in [0, 1] or a count).
   *
   * @throws IllegalStateException if this metric needs the whole confusion matrix
   */
  public double compute(BinaryCounts counts) {
    if (computation.oneVsRest() == null) {
      throw new IllegalStateException(
          "Metric '"
              + id
              + "' is not a function of one-vs-rest counts; compute it from the whole confusion"
              + " matrix with GroupMetrics.compute");
    }
    return computation.oneVsRest().applyAsDouble(counts);
  }

  /** The 95 % interval of this one-vs-rest metric for the given counts, if it has one. */
  Optional<WilsonInterval.Interval> interval(BinaryCounts counts) {
    return computation.oneVsRestInterval().apply(counts);
  }

  /**
   * The value of an aggregate or positive-class metric of a matrix.
   *
   * @param cls the positive class for a positive-class metric, null for an aggregate one
   */
  double compute(ClassCounts counts, String cls) {
    return computation.matrix().apply(counts, cls);
  }

  /** The 95 % interval of {@link #compute(ClassCounts, String)}, if it has one. */
  Optional<WilsonInterval.Interval> interval(ClassCounts counts, String cls) {
    return computation.matrixInterval().apply(counts, cls);
  }

  /**
   * The aggregate metric that a policy's metric name ({@code policy.priority}, the keys of {@code
   * policy.targets}) stands for: the positive class's in a binary domain, the macro average in a
   * multiclass one. The one place where that mapping is written.
   *
   * @return empty for a name without a metric on this kind of domain (specificity is binary only)
   */
  public static Optional<MetricId> forPolicy(String name, boolean binary) {
    MetricId metric =
        switch (name) {
          case "precision" -> binary ? PRECISION : MACRO_PRECISION;
          case "recall" -> binary ? RECALL : MACRO_RECALL;
          case "f1" -> binary ? F1 : MACRO_F1;
          case "accuracy" -> ACCURACY;
          case "specificity" -> binary ? SPECIFICITY : null;
          default -> null;
        };
    return Optional.ofNullable(metric);
  }

  /**
   * The per-class metric behind a policy's priority ({@code precision} or {@code recall}): the rows
   * whose values a multiclass domain's macro average is the mean of.
   */
  public static MetricId perClassForPriority(String priority) {
    return priority.equals("precision") ? PRECISION : RECALL;
  }

  /**
   * The metric with the given stable id.
   *
   * @throws IllegalArgumentException if no metric has this id; the message lists the known ids
   */
  public static MetricId fromId(String id) {
    for (MetricId metric : values()) {
      if (metric.id.equals(id)) {
        return metric;
      }
    }
    throw new IllegalArgumentException(
        "Unknown metric id '"
            + id
            + "': expected one of "
            + Arrays.stream(values()).map(MetricId::id).collect(Collectors.joining(", "))
            + ".");
  }
}
