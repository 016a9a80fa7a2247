package dev.domaineval.aggregate;

import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Secrets;
import dev.domaineval.counts.AnswerCount;
import dev.domaineval.counts.CappedSlice;
import dev.domaineval.counts.PassCounts;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.input.InvalidInputException;
import dev.domaineval.slice.SlicePlan;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pass over the joined inputs, from the rows of the joined examples to the {@link
 * PassCounts} that every later stage reads: count once, check the inputs on the reconciliation
 * counts, map prediction keys to classes, cap slices with too many values, roll the counts up into
 * every reported group.
 */
public final class Pass {
  private static final Logger LOG = LoggerFactory.getLogger(Pass.class);

  /**
   * What the pass returns.
   *
   * @param counts the counts of every group
   * @param labelSets the classes of every domain and how prediction keys map to them
   */
  public record Result(PassCounts counts, LabelSets labelSets) {}

  private Pass() {}

  /**
   * Runs the pass.
   *
   * @throws InvalidInputException when the inputs cannot be evaluated (unjoinable keys, duplicates
   *     under {@code fail}, a slice expression that fails on the data, ...)
   */
  public static Result run(SparkSession spark, ExampleRows rows, SlicePlan plan, JobConfig config) {
    ExampleJoin join = rows.join();
    // Defining the aggregation may already run the pass's first shuffle (with sketches, see
    // SketchPartitions), so a data error is explained there too.
    CountAggregator defined =
        explained(join, plan, () -> CountAggregator.define(spark, rows, plan));
    try (CountAggregator aggregator = defined) {
      CountAggregator.Summary summary = explained(join, plan, aggregator::summarize);
      logReconciliation(summary.reconciliation());
      InputAudit.check(summary.reconciliation(), config, join);
      LabelSets labelSets =
          LabelSets.build(
              summary.labelsByDomain(),
              config.domains(),
              config.caseSensitive(),
              config.maxClasses(),
              config.normalization());
      List<CappedSlice> capped =
          aggregator.capSliceValues(config.maxSliceValues()).stream()
              .map(
                  c ->
                      new CappedSlice(
                          plan.dimensions().get(c.dimension()).name(),
                          c.values(),
                          c.keptValues(),
                          c.otherRows()))
              .toList();
      CountAggregator.RolledUp rolledUp = aggregator.rollUp(labelSets);
      List<AnswerCount> answers = aggregator.rollUpAnswers(labelSets);
      PassCounts counts =
          new PassCounts(
              summary.reconciliation(),
              summary.labelsByDomain(),
              rolledUp.confusion(),
              rolledUp.paired(),
              aggregator.rollUpScores(),
              capped,
              summary.replacementCharacters(),
              rows.hasExamples()
                  ? aggregator.rollUpExamples(
                      labelSets, config.examplesPerOutcome(), config.maxClasses())
                  : List.of(),
              aggregator.rollUpDiscovery(labelSets, plan.discoveryDimensions()),
              answers,
              config.normalization().keepsRawAnswers()
                  ? aggregator.rollUpInvalidAnswers(labelSets, answers)
                  : List.of());
      return new Result(counts, labelSets);
    }
  }

  /**
   * Runs a step of the pass. A data error in it (SQLSTATE class 22, e.g. a strict CAST of 'n/a' in
   * a slice expression) is bad input: the slice that causes it is found and named.
   */
  private static <T> T explained(ExampleJoin join, SlicePlan plan, Supplier<T> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      if (!isDataError(e)) {
        throw e;
      }
      LOG.warn(
          "The pass failed on a data error; looking for the slice that causes it: {}",
          Secrets.maskStackTrace(e));
      throw join.explainSliceFailure(plan)
          .map(message -> new InvalidInputException(message, e))
          .orElseThrow(() -> e);
    }
  }

  private static boolean isDataError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable st
          && st.getSqlState() != null
          && st.getSqlState().startsWith("22")) {
        return true;
      }
    }
    return false;
  }

  private static void logReconciliation(List<ReconciliationCount> counts) {
    for (ReconciliationCount c : counts) {
      if (c.rows() > 0) {
        LOG.info(
            "Input rows: {} {}{} = {}",
            c.table(),
            c.reasonId(),
            c.model() == null ? "" : " (model " + c.model() + ")",
            c.rows());
      }
    }
  }
}
