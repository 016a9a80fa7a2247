package dev.domaineval.report;

import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.PairedCounts;
import dev.domaineval.counts.AnswerCount;
import dev.domaineval.counts.InvalidAnswer;
import dev.domaineval.counts.ListedExample;
import dev.domaineval.counts.ReconciliationCount;
import dev.domaineval.discovery.DiscoveredSlice;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.ReasonKind;
import dev.domaineval.findings.Verdict;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.scores.Curve;
import dev.domaineval.scores.CurvePoint;
import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ThresholdChoice;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The layouts of the output tables (a public interface: columns are never renamed) and the mapping
 * of result records onto their rows.
 */
public final class OutputTables {
  public static final String CONFUSION = "confusion";
  public static final String METRICS = "metrics";
  public static final String RECONCILIATION = "reconciliation";
  public static final String COMPARISON = "comparison";
  public static final String FINDINGS = "findings";
  public static final String VERDICTS = "verdicts";
  public static final String CURVES = "curves";
  public static final String OPERATING_POINTS = "operating_points";
  public static final String DISCOVERED_SLICES = "discovered_slices";
  public static final String EXAMPLES = "examples";
  public static final String NORMALIZATION = "normalization";
  public static final String INVALID_ANSWERS = "invalid_answers";

  /** run_id, model, domain, slice, slice_value, outcome, rank, example_id, id_hash. */
  public static final StructType EXAMPLES_SCHEMA =
      groupColumns()
          .add("outcome", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("example_id", DataTypes.StringType, false)
          .add("id_hash", DataTypes.LongType, false);

  /** run_id, model, domain, slice, slice_value, curve, point, x, y, threshold. */
  public static final StructType CURVES_SCHEMA =
      groupColumns()
          .add("curve", DataTypes.StringType, false)
          .add("point", DataTypes.IntegerType, false)
          .add("x", DataTypes.DoubleType, false)
          .add("y", DataTypes.DoubleType, false)
          .add("threshold", DataTypes.DoubleType, false)
          .add("examples", DataTypes.LongType, false);

  /**
   * run_id, model, domain, slice, slice_value, constraint, target, reached, threshold, precision,
   * recall, f1, tp, fp, fn, tn, hard_precision, hard_recall, hard_f1, hard_tp, hard_fp, hard_fn,
   * hard_tn.
   */
  public static final StructType OPERATING_POINTS_SCHEMA =
      groupColumns()
          .add("constraint", DataTypes.StringType, false)
          .add("target", DataTypes.DoubleType, false)
          .add("reached", DataTypes.BooleanType, false)
          .add("threshold", DataTypes.DoubleType, true)
          .add("precision", DataTypes.DoubleType, true)
          .add("recall", DataTypes.DoubleType, true)
          .add("f1", DataTypes.DoubleType, true)
          .add("tp", DataTypes.LongType, true)
          .add("fp", DataTypes.LongType, true)
          .add("fn", DataTypes.LongType, true)
          .add("tn", DataTypes.LongType, true)
          .add("hard_precision", DataTypes.DoubleType, false)
          .add("hard_recall", DataTypes.DoubleType, false)
          .add("hard_f1", DataTypes.DoubleType, false)
          .add("hard_tp", DataTypes.LongType, false)
          .add("hard_fp", DataTypes.LongType, false)
          .add("hard_fn", DataTypes.LongType, false)
          .add("hard_tn", DataTypes.LongType, false);

  /** run_id, severity, code, model, domain, slice, slice_value, message. */
  public static final StructType FINDINGS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("severity", DataTypes.StringType, false)
          .add("code", DataTypes.StringType, false)
          .add("model", DataTypes.StringType, true)
          .add("domain", DataTypes.StringType, false)
          .add("slice", DataTypes.StringType, false)
          .add("slice_value", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, false);

  /**
   * run_id, candidate, domain, verdict, reasons, kind (what the deciding reasons blame: {@code
   * model} or {@code evaluation}; null for PASS), reason_kinds (one per reason).
   */
  public static final StructType VERDICTS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("candidate", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("verdict", DataTypes.StringType, false)
          .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("kind", DataTypes.StringType, true)
          .add("reason_kinds", DataTypes.createArrayType(DataTypes.StringType, false), false);

  /** run_id, model, domain, slice, slice_value, actual, predicted, count. */
  public static final StructType CONFUSION_SCHEMA =
      groupColumns()
          .add("actual", DataTypes.StringType, false)
          .add("predicted", DataTypes.StringType, false)
          .add("count", DataTypes.LongType, false);

  /** run_id, model, domain, slice, slice_value, class, metric, value, ci_low, ci_high, support. */
  public static final StructType METRICS_SCHEMA =
      groupColumns()
          .add("class", DataTypes.StringType, true)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, false)
          .add("ci_low", DataTypes.DoubleType, true)
          .add("ci_high", DataTypes.DoubleType, true)
          .add("support", DataTypes.LongType, false);

  /** run_id, table, reason, rows. */
  public static final StructType RECONCILIATION_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("table", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, false)
          .add("rows", DataTypes.LongType, false);

  /**
   * run_id, baseline, candidate, domain, slice, slice_value, class, metric, baseline_value,
   * candidate_value, delta, p_value, significant, fixed, broken, flip_rate, delta_ci_low,
   * delta_ci_high, mde, support; added with the paired tests of every metric: test,
   * interval_method, test_note, margin, decision, examples_to_decide, bootstrap_p_value,
   * bootstrap_ci_low, bootstrap_ci_high; then p_value_adjusted.
   */
  public static final StructType COMPARISON_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("baseline", DataTypes.StringType, false)
          .add("candidate", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("slice", DataTypes.StringType, false)
          .add("slice_value", DataTypes.StringType, false)
          .add("class", DataTypes.StringType, true)
          .add("metric", DataTypes.StringType, false)
          .add("baseline_value", DataTypes.DoubleType, false)
          .add("candidate_value", DataTypes.DoubleType, false)
          .add("delta", DataTypes.DoubleType, false)
          .add("p_value", DataTypes.DoubleType, true)
          .add("significant", DataTypes.BooleanType, false)
          .add("fixed", DataTypes.LongType, true)
          .add("broken", DataTypes.LongType, true)
          .add("flip_rate", DataTypes.DoubleType, true)
          .add("delta_ci_low", DataTypes.DoubleType, true)
          .add("delta_ci_high", DataTypes.DoubleType, true)
          .add("mde", DataTypes.DoubleType, true)
          .add("support", DataTypes.LongType, false)
          .add("test", DataTypes.StringType, false)
          .add("interval_method", DataTypes.StringType, false)
          .add("test_note", DataTypes.StringType, true)
          .add("margin", DataTypes.DoubleType, false)
          .add("decision", DataTypes.StringType, true)
          .add("examples_to_decide", DataTypes.LongType, true)
          .add("bootstrap_p_value", DataTypes.DoubleType, true)
          .add("bootstrap_ci_low", DataTypes.DoubleType, true)
          .add("bootstrap_ci_high", DataTypes.DoubleType, true)
          .add("p_value_adjusted", DataTypes.DoubleType, true);

  /**
   * run_id, candidate, domain, error, rank, predicates, level, examples, errors, error_rate,
   * domain_error_rate, score, fixed, broken, p_value, significant, confirmation_examples,
   * confirmation_errors. Size, errors, rates and score are the discovery half's; fixed, broken, the
   * p-value and the confirmation counts the confirmation half's.
   */
  public static final StructType DISCOVERED_SLICES_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("candidate", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("error", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("predicates", DataTypes.StringType, false)
          .add("level", DataTypes.IntegerType, false)
          .add("examples", DataTypes.LongType, false)
          .add("errors", DataTypes.LongType, false)
          .add("error_rate", DataTypes.DoubleType, true)
          .add("domain_error_rate", DataTypes.DoubleType, true)
          .add("score", DataTypes.DoubleType, false)
          .add("fixed", DataTypes.LongType, false)
          .add("broken", DataTypes.LongType, false)
          .add("p_value", DataTypes.DoubleType, false)
          .add("significant", DataTypes.BooleanType, false)
          .add("confirmation_examples", DataTypes.LongType, false)
          .add("confirmation_errors", DataTypes.LongType, false);

  /**
   * run_id, model, domain, rule, predictions, share: per model and domain, how many of its matched
   * predictions each normalization rule decided ({@code exact}, {@code unicode}, {@code
   * white-space}, {@code case}, {@code punctuation}, {@code pattern}, {@code
   * alias:<alias>→<label>}, {@code invalid}) and their share of the model's matched predictions in
   * the domain. The rows of a model and domain add up to its matched predictions there.
   */
  public static final StructType NORMALIZATION_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("model", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("rule", DataTypes.StringType, false)
          .add("predictions", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false);

  /**
   * run_id, model, domain, rank, answer, truncated, normalized, predictions, max_predictions,
   * share: per model and domain, its {@link InvalidAnswer#TOP} most frequent answers that matched
   * no label, as written (their first 100 characters), what the normalization made of them, how
   * many predictions gave each (at least; at most) and its share of the model's invalid predictions
   * in the domain.
   */
  public static final StructType INVALID_ANSWERS_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("model", DataTypes.StringType, false)
          .add("domain", DataTypes.StringType, false)
          .add("rank", DataTypes.IntegerType, false)
          .add("answer", DataTypes.StringType, false)
          .add("truncated", DataTypes.BooleanType, false)
          .add("normalized", DataTypes.StringType, false)
          .add("predictions", DataTypes.LongType, false)
          .add("max_predictions", DataTypes.LongType, false)
          .add("share", DataTypes.DoubleType, false);

  private OutputTables() {}

  /** One row per model, domain and rank, in that order. */
  public static List<Row> invalidAnswerRows(String runId, List<InvalidAnswer> answers) {
    List<Row> rows = new ArrayList<>(answers.size());
    for (InvalidAnswer a : answers) {
      rows.add(
          RowFactory.create(
              runId,
              a.model(),
              a.domain(),
              a.rank(),
              a.answer(),
              a.truncated(),
              a.normalized(),
              a.predictions(),
              a.maxPredictions(),
              a.share()));
    }
    return rows;
  }

  /** One row per model, domain and rule, in that order. */
  public static List<Row> normalizationRows(String runId, List<AnswerCount> counts) {
    Map<List<String>, Long> totals = new java.util.HashMap<>();
    for (AnswerCount c : counts) {
      totals.merge(List.of(c.model(), c.domain()), c.predictions(), Long::sum);
    }
    List<Row> rows = new ArrayList<>(counts.size());
    for (AnswerCount c : counts) {
      long total = totals.get(List.of(c.model(), c.domain()));
      rows.add(
          RowFactory.create(
              runId,
              c.model(),
              c.domain(),
              c.rule(),
              c.predictions(),
              total == 0 ? 0.0 : (double) c.predictions() / total));
    }
    return rows;
  }

  /** One row per discovered slice, in the order given (candidate, domain, error, rank). */
  public static List<Row> discoveredSliceRows(String runId, List<DiscoveredSlice> found) {
    List<Row> rows = new ArrayList<>(found.size());
    for (DiscoveredSlice s : found) {
      rows.add(
          RowFactory.create(
              runId,
              s.candidate(),
              s.domain(),
              s.error().id(),
              s.rank(),
              s.text(),
              s.level(),
              s.examples(),
              s.errors(),
              Double.isNaN(s.errorRate()) ? null : s.errorRate(),
              Double.isNaN(s.domainErrorRate()) ? null : s.domainErrorRate(),
              s.score(),
              s.fixed(),
              s.broken(),
              s.pValue(),
              s.significant(),
              s.confirmationExamples(),
              s.confirmationErrors()));
    }
    return rows;
  }

  /** One row per finding. */
  public static List<Row> findingRows(String runId, List<Finding> findings) {
    List<Row> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      out.add(
          RowFactory.create(
              runId,
              f.severity().id(),
              f.code().name(),
              f.model(),
              f.domain(),
              f.slice().slice(),
              f.slice().value(),
              f.message()));
    }
    return out;
  }

  /** One row per candidate and domain. */
  public static List<Row> verdictRows(String runId, List<Verdict> verdicts) {
    List<Row> out = new ArrayList<>(verdicts.size());
    for (Verdict v : verdicts) {
      out.add(
          RowFactory.create(
              runId,
              v.candidate(),
              v.domain(),
              v.outcome().name(),
              scala.jdk.javaapi.CollectionConverters.asScala(v.reasons()).toSeq(),
              v.kindId(),
              scala.jdk.javaapi.CollectionConverters.asScala(
                      v.kinds().stream().map(ReasonKind::id).toList())
                  .toSeq()));
    }
    return out;
  }

  /** One row per comparison; paired counts where the row has a paired test. */
  public static List<Row> comparisonRows(String runId, List<ComparisonRow> rows) {
    List<Row> out = new ArrayList<>(rows.size());
    for (ComparisonRow c : rows) {
      PairedCounts p = c.paired();
      out.add(
          RowFactory.create(
              runId,
              c.baseline(),
              c.candidate(),
              c.domain(),
              c.slice().slice(),
              c.slice().value(),
              c.cls(),
              c.metric().id(),
              c.baselineValue(),
              c.candidateValue(),
              c.delta(),
              c.pValue(),
              c.significant(),
              p == null ? null : p.fixed(),
              p == null ? null : p.broken(),
              p == null ? null : p.flipRate(),
              c.deltaCiLow(),
              c.deltaCiHigh(),
              Double.isNaN(c.mde()) ? null : c.mde(),
              c.support(),
              c.test().method().id(),
              c.test().method().intervalId(),
              c.test().note(),
              c.margin(),
              c.decision() == null ? null : c.decision().id(),
              c.examplesToDecide(),
              c.bootstrap() == null ? null : c.bootstrap().pValue(),
              c.bootstrap() == null ? null : c.bootstrap().deltaLow(),
              c.bootstrap() == null ? null : c.bootstrap().deltaHigh(),
              c.pValueAdjusted()));
    }
    return out;
  }

  /**
   * A row of a group's table: run_id and the group's columns ({@link #groupColumns}), then rest.
   */
  private static Row groupRow(String runId, GroupKey key, Object... rest) {
    Object[] values = new Object[5 + rest.length];
    values[0] = runId;
    values[1] = key.model();
    values[2] = key.domain();
    values[3] = key.slice().slice();
    values[4] = key.slice().value();
    System.arraycopy(rest, 0, values, 5, rest.length);
    return RowFactory.create(values);
  }

  /** The columns that name a group: run_id, model, domain, slice, slice_value. */
  private static StructType groupColumns() {
    return new StructType()
        .add("run_id", DataTypes.StringType, false)
        .add("model", DataTypes.StringType, false)
        .add("domain", DataTypes.StringType, false)
        .add("slice", DataTypes.StringType, false)
        .add("slice_value", DataTypes.StringType, false);
  }

  /** One row per point of every curve, numbered from 0 in drawing order. */
  public static List<Row> curveRows(String runId, List<Curve> curves) {
    List<Row> rows = new ArrayList<>();
    for (Curve c : curves) {
      GroupKey key = c.group();
      for (int i = 0; i < c.points().size(); i++) {
        CurvePoint p = c.points().get(i);
        rows.add(groupRow(runId, key, c.kind().id(), i, p.x(), p.y(), p.threshold(), p.examples()));
      }
    }
    return rows;
  }

  /** One row per listed example, in group, outcome and rank order. */
  public static List<Row> exampleRows(String runId, List<ListedExample> examples) {
    List<Row> rows = new ArrayList<>(examples.size());
    for (ListedExample e : examples) {
      GroupKey key = e.group();
      rows.add(groupRow(runId, key, e.outcome().id(), e.rank(), e.exampleId(), e.hash()));
    }
    return rows;
  }

  /** One row per group with a target: the chosen threshold (null when none reaches it). */
  public static List<Row> operatingPointRows(String runId, List<ThresholdChoice> choices) {
    List<Row> rows = new ArrayList<>();
    for (ThresholdChoice c : choices) {
      GroupKey key = c.group();
      OperatingPoint p = c.chosen().orElse(null);
      OperatingPoint h = c.hard();
      rows.add(
          groupRow(
              runId,
              key,
              c.target().constraint() == OperatingPoint.Constraint.RECALL_AT_LEAST
                  ? "recall_at_least"
                  : "precision_at_least",
              c.target().minimum(),
              p != null,
              p == null ? null : p.threshold(),
              p == null ? null : p.precision(),
              p == null ? null : p.recall(),
              p == null ? null : p.f1(),
              p == null ? null : p.tp(),
              p == null ? null : p.fp(),
              p == null ? null : p.fn(),
              p == null ? null : p.tn(),
              h.precision(),
              h.recall(),
              h.f1(),
              h.tp(),
              h.fp(),
              h.fn(),
              h.tn()));
    }
    return rows;
  }

  /** One row per non-zero cell of every group's matrix. */
  public static List<Row> confusionRows(String runId, Map<GroupKey, ConfusionMatrix> matrices) {
    List<Row> rows = new ArrayList<>();
    matrices.forEach(
        (key, matrix) -> {
          for (ConfusionMatrix.Cell cell : matrix.cells()) {
            rows.add(groupRow(runId, key, cell.actual(), cell.predicted(), cell.count()));
          }
        });
    return rows;
  }

  /** One row per metric value of every group. */
  public static List<Row> metricRows(String runId, Map<GroupKey, List<MetricValue>> metrics) {
    List<Row> rows = new ArrayList<>();
    metrics.forEach(
        (key, values) -> {
          for (MetricValue v : values) {
            rows.add(
                groupRow(
                    runId,
                    key,
                    v.cls(),
                    v.metric().id(),
                    v.value(),
                    v.ciLow(),
                    v.ciHigh(),
                    v.support()));
          }
        });
    return rows;
  }

  /** Reconciliation counts summed by (table, reason): the models' rows share a reason. */
  public static List<Row> reconciliationRows(String runId, List<ReconciliationCount> counts) {
    Map<String, Map<String, Long>> byTable = ReconciliationCount.byTableAndReason(counts);
    List<Row> rows = new ArrayList<>();
    byTable.forEach(
        (table, reasons) ->
            reasons.forEach((reason, n) -> rows.add(RowFactory.create(runId, table, reason, n))));
    return rows;
  }
}
