package dev.domaineval.cli;

import dev.domaineval.aggregate.CellCount;
import dev.domaineval.aggregate.CountAggregator;
import dev.domaineval.aggregate.InputAudit;
import dev.domaineval.aggregate.LabelSets;
import dev.domaineval.aggregate.MllibVerifier;
import dev.domaineval.aggregate.ReconciliationCount;
import dev.domaineval.aggregate.ScoreCount;
import dev.domaineval.compare.Bootstrap;
import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Comparisons;
import dev.domaineval.compare.PairedCounts;
import dev.domaineval.config.DomainSpec;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Policy;
import dev.domaineval.config.ScoresSpec;
import dev.domaineval.config.SliceSpec;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.Evidence;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.findings.ScoreRules;
import dev.domaineval.findings.Severity;
import dev.domaineval.findings.SliceRules;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.input.InvalidInputException;
import dev.domaineval.metrics.BinaryCounts;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.HistoryReader;
import dev.domaineval.report.OutputTables;
import dev.domaineval.report.ReportPage;
import dev.domaineval.report.RunSummary;
import dev.domaineval.report.TableWriter;
import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ScoreHistogram;
import dev.domaineval.scores.ScoreResults;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SlicePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of the job on a given session: join, count once, compute metrics, write, publish. */
final class Evaluation {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  private static final Comparator<GroupKey> GROUP_ORDER =
      Comparator.comparing(GroupKey::model)
          .thenComparing(GroupKey::domain)
          .thenComparing(k -> k.slice().slice())
          .thenComparing(k -> k.slice().value());

  private final SparkSession spark;
  private final JobConfig config;

  /** What a finished run wrote. */
  record Result(
      String runId,
      List<Path> tables,
      Path summary,
      Path report,
      Assessment.Result assessment,
      boolean gateFailed) {}

  Evaluation(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Checks the inputs' schemas and slices without reading data. */
  void dryRun() {
    SlicePlan plan = SlicePlan.of(config.slices());
    ExampleJoin.define(spark, config, plan);
    LOG.info(
        "Dry run: configuration and input schemas are valid ({} slices, models {})",
        config.slices().size(),
        config.models());
  }

  Result run() {
    SlicePlan plan = SlicePlan.of(config.slices());
    ExampleJoin join = ExampleJoin.define(spark, config, plan);
    RunHistory history =
        HistoryReader.read(
            spark, config.outputPath(), config.runId(), config.history(), config.models());
    try (CountAggregator counts = CountAggregator.define(spark, join, plan, config.models())) {
      CountAggregator.Summary summary = summarize(counts, join, plan);
      logReconciliation(summary.reconciliation());
      InputAudit.check(summary.reconciliation(), config, join);
      LabelSets labelSets =
          LabelSets.build(summary.labelsByDomain(), config.domains(), config.caseSensitive());
      List<Finding> sliceFindings = new ArrayList<>();
      for (CountAggregator.CappedDimension c : counts.capSliceValues(config.maxSliceValues())) {
        sliceFindings.add(
            SliceRules.tooManyValues(
                plan.dimensions().get(c.dimension()).name(),
                c.values(),
                c.keptValues(),
                c.otherRows()));
      }
      CountAggregator.RolledUp rolledUp = counts.rollUp(labelSets);
      Map<GroupKey, ConfusionMatrix> matrices = matrices(rolledUp.confusion());
      Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
      matrices.forEach((key, m) -> metrics.put(key, GroupMetrics.compute(m, positiveClass(key))));
      ScoreResults scores = scores(counts.rollUpScores(), matrices);
      scores
          .metrics()
          .forEach(
              (key, values) -> {
                List<MetricValue> all = new ArrayList<>(metrics.getOrDefault(key, List.of()));
                all.addAll(values);
                metrics.put(key, all);
              });
      LOG.info(
          "Computed metrics of {} groups ({} domains, {} slice groupings)",
          matrices.size(),
          labelSets.domains().size(),
          plan.groupings().size());

      List<ComparisonRow> comparison =
          Comparisons.compute(
              config.baseline(),
              config.candidates(),
              metrics,
              paired(rolledUp.paired()),
              positiveClasses(),
              bootstrap(rolledUp.confusion()),
              config.alpha());
      LOG.info(
          "Compared {} candidate(s) with {}: {} rows, {} with a p-value, {} significant",
          config.candidates().size(),
          config.baseline(),
          comparison.size(),
          comparison.stream().filter(ComparisonRow::hasPValue).count(),
          comparison.stream().filter(ComparisonRow::significant).count());

      RegressionVsReferenceRule.Result sinceReference =
          RegressionVsReferenceRule.evaluate(
              metrics,
              config.candidates(),
              history,
              config::policy,
              positiveClasses(),
              config.alpha());
      Assessment.Result assessment =
          Assessment.evaluate(
              new Evidence(
                  config.baseline(),
                  config.candidates(),
                  metrics,
                  matrices,
                  comparison,
                  config::policy,
                  positiveClasses(),
                  config.findings(),
                  summary.reconciliation().stream()
                      .map(c -> new Evidence.InputCount(c.table(), c.model(), c.reason(), c.rows()))
                      .toList(),
                  leakageSlices()));
      assessment = assessment.withFindings(sinceReference.findings());
      assessment =
          assessment
              .plus(
                  ScoreRules.evaluate(
                      summary.reconciliation().stream()
                          .map(
                              c ->
                                  new Evidence.InputCount(
                                      c.table(), c.model(), c.reason(), c.rows()))
                          .toList(),
                      scores.choices(),
                      config.findings().maxInvalidRate()))
              .plus(sliceFindings);
      LOG.info(
          "Findings: {} fail, {} warn, {} info; verdicts: {}",
          assessment.count(Severity.FAIL),
          assessment.count(Severity.WARN),
          assessment.count(Severity.INFO),
          assessment.verdicts().stream()
              .map(v -> v.candidate() + "/" + v.domain() + "=" + v.outcome())
              .toList());

      if (config.verifyWithMllib() > 0) {
        MllibVerifier.verify(
            spark, join, plan, labelSets, metrics, config.verifyWithMllib(), config.verifySeed());
      }

      TableWriter writer = new TableWriter(spark, config.outputPath(), config.runId());
      String run = config.runId();
      writer.stage(
          OutputTables.CONFUSION,
          OutputTables.CONFUSION_SCHEMA,
          OutputTables.confusionRows(run, matrices));
      writer.stage(
          OutputTables.METRICS, OutputTables.METRICS_SCHEMA, OutputTables.metricRows(run, metrics));
      writer.stage(
          OutputTables.RECONCILIATION,
          OutputTables.RECONCILIATION_SCHEMA,
          OutputTables.reconciliationRows(run, summary.reconciliation()));
      writer.stage(
          OutputTables.COMPARISON,
          OutputTables.COMPARISON_SCHEMA,
          OutputTables.comparisonRows(run, comparison));
      writer.stage(
          OutputTables.FINDINGS,
          OutputTables.FINDINGS_SCHEMA,
          OutputTables.findingRows(run, assessment.findings()));
      writer.stage(
          OutputTables.VERDICTS,
          OutputTables.VERDICTS_SCHEMA,
          OutputTables.verdictRows(run, assessment.verdicts()));
      if (join.hasScores()) {
        writer.stage(
            OutputTables.CURVES,
            OutputTables.CURVES_SCHEMA,
            OutputTables.curveRows(run, scores.curves()));
        writer.stage(
            OutputTables.OPERATING_POINTS,
            OutputTables.OPERATING_POINTS_SCHEMA,
            OutputTables.operatingPointRows(run, scores.choices()));
      }
      ReportPage.stage(
          writer,
          ReportPage.model(
              config,
              summary.reconciliation(),
              matrices,
              metrics,
              comparison,
              assessment,
              scores.curves(),
              scores.choices(),
              history,
              sinceReference,
              writer.plannedTables()));
      boolean gateFailed = assessment.hasFailedGate() && config.findings().failOnGate();
      String summaryJson =
          RunSummary.json(
              run, gateFailed, assessment, writer.plannedOutputs(), summary.reconciliation());
      List<Path> tables = writer.publish(summaryJson);
      return new Result(
          run,
          tables,
          writer.summaryPath(),
          writer.plannedFiles().get(ReportPage.DIR),
          assessment,
          gateFailed);
    }
  }

  /**
   * The score metrics, curves and operating points: histograms per group from the bucket counts
   * (domain-level resolution for a domain's overall slice, slice resolution for slice values), the
   * pooled domain as their sum, and each domain policy's target on its priority metric.
   */
  private ScoreResults scores(List<ScoreCount> counts, Map<GroupKey, ConfusionMatrix> matrices) {
    if (counts.isEmpty()) {
      return ScoreResults.empty();
    }
    ScoresSpec spec = config.scores();
    // The collected rows come in an order that depends on the partitioning; adding their sums in
    // a fixed order keeps the last digits the same on any cluster layout.
    List<ScoreCount> ordered = new ArrayList<>(counts);
    ordered.sort(
        Comparator.comparing(ScoreCount::group, GROUP_ORDER)
            .thenComparingInt(ScoreCount::bucket)
            .thenComparing(ScoreCount::positive));
    Map<GroupKey, ScoreHistogram.Builder> builders = new TreeMap<>(GROUP_ORDER);
    for (ScoreCount c : ordered) {
      builders
          .computeIfAbsent(
              c.group(),
              k ->
                  ScoreHistogram.builder(
                      k.slice().isOverall() ? spec.resolution() : spec.sliceResolution()))
          .addBucket(
              c.bucket(), c.positive() ? c.count() : 0, c.positive() ? 0 : c.count(), c.scoreSum())
          .addLossSums(c.logLossSum(), c.brierSum());
    }
    Map<GroupKey, ScoreHistogram> histograms = new LinkedHashMap<>();
    builders.forEach((k, b) -> histograms.put(k, b.build()));
    ScoreResults results =
        ScoreResults.compute(
            ScoreResults.withPooledDomain(histograms),
            this::target,
            key -> hardPoint(matrices.get(key), positiveClass(key)),
            spec.curvePoints(),
            spec.calibrationBins());
    LOG.info(
        "Computed score metrics of {} groups: {} curves, {} operating points ({} reach the target)",
        results.metrics().size(),
        results.curves().size(),
        results.choices().size(),
        results.choices().stream().filter(c -> c.chosen().isPresent()).count());
    return results;
  }

  /** The policy's target on its priority metric, for a binary domain's group. */
  private Optional<OperatingPoint.Target> target(GroupKey key) {
    if (key.isPooledDomain() || positiveClass(key) == null) {
      return Optional.empty();
    }
    Policy policy = config.policy(key.domain());
    Double goal = policy.targets().get(policy.priority());
    if (goal == null) {
      return Optional.empty();
    }
    return Optional.of(
        policy.priority().equals("precision")
            ? OperatingPoint.Target.precisionAtLeast(goal)
            : OperatingPoint.Target.recallAtLeast(goal));
  }

  /** The hard predictions' one-vs-rest counts for the positive class, as an operating point. */
  private static OperatingPoint hardPoint(ConfusionMatrix matrix, String positive) {
    if (matrix == null) {
      return new OperatingPoint(Double.NaN, 0, 0, 0, 0);
    }
    BinaryCounts c = matrix.binaryCounts(positive);
    return new OperatingPoint(Double.NaN, c.tp(), c.fp(), c.fn(), c.tn());
  }

  /**
   * Runs the pass. A data error in it (SQLSTATE class 22, e.g. a strict CAST of 'n/a' in a slice
   * expression) is bad input: the slice that causes it is found and named.
   */
  private static CountAggregator.Summary summarize(
      CountAggregator counts, ExampleJoin join, SlicePlan plan) {
    try {
      return counts.summarize();
    } catch (RuntimeException e) {
      if (!isDataError(e)) {
        throw e;
      }
      LOG.warn("The pass failed on a data error; looking for the slice that causes it", e);
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

  private String positiveClass(GroupKey key) {
    if (key.isPooledDomain()) {
      return null;
    }
    return config.domain(key.domain()).flatMap(DomainSpec::positiveClass).orElse(null);
  }

  /** Per candidate group, the paired counts of each actual class. */
  private static Map<GroupKey, Map<String, PairedCounts>> paired(List<CellCount> cells) {
    Map<GroupKey, Map<String, PairedCounts>> out = new LinkedHashMap<>();
    for (CellCount c : cells) {
      String outcome = c.predicted();
      PairedCounts counts =
          PairedCounts.of(
              outcome.equals(ExampleJoin.PAIRED_BOTH_RIGHT)
                  || outcome.equals(ExampleJoin.PAIRED_BROKEN),
              outcome.equals(ExampleJoin.PAIRED_BOTH_RIGHT)
                  || outcome.equals(ExampleJoin.PAIRED_FIXED),
              c.count());
      out.computeIfAbsent(c.group(), k -> new TreeMap<>())
          .merge(c.actual(), counts, PairedCounts::plus);
    }
    return out;
  }

  /** Per candidate group, the bootstrap estimates of its comparison with the baseline. */
  private Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap(List<CellCount> cells) {
    int replicates = config.bootstrapReplicates();
    if (replicates == 0) {
      return Map.of();
    }
    Map<GroupKey, List<Bootstrap.Cell>> byGroup = new LinkedHashMap<>();
    for (CellCount c : cells) {
      byGroup
          .computeIfAbsent(c.group(), k -> new ArrayList<>())
          .add(new Bootstrap.Cell(c.actual(), c.predicted(), c.replicates()));
    }
    Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> out = new LinkedHashMap<>();
    byGroup.forEach(
        (key, baselineCells) -> {
          if (!key.model().equals(config.baseline())) {
            return;
          }
          for (String candidate : config.candidates()) {
            GroupKey cand = new GroupKey(candidate, key.domain(), key.slice());
            List<Bootstrap.Cell> candidateCells = byGroup.get(cand);
            if (candidateCells != null) {
              out.put(
                  cand,
                  Bootstrap.estimate(
                      baselineCells, candidateCells, replicates, positiveClass(key)));
            }
          }
        });
    LOG.info("Bootstrapped {} comparisons with {} replicates", out.size(), replicates);
    return out;
  }

  /** Per candidate with fine-tuning data, the name of its leakage slice. */
  private Map<String, String> leakageSlices() {
    Map<String, String> out = new TreeMap<>();
    for (SliceSpec s : config.slices()) {
      if (s.kind() == SliceSpec.Kind.LEAKAGE) {
        out.put(s.sql(), s.name());
      }
    }
    return out;
  }

  private Map<String, String> positiveClasses() {
    Map<String, String> out = new TreeMap<>();
    config.domains().forEach((name, d) -> d.positiveClass().ifPresent(p -> out.put(name, p)));
    return out;
  }

  private static Map<GroupKey, ConfusionMatrix> matrices(List<CellCount> cells) {
    Map<GroupKey, ConfusionMatrix.Builder> builders = new TreeMap<>(GROUP_ORDER);
    for (CellCount c : cells) {
      builders
          .computeIfAbsent(c.group(), k -> ConfusionMatrix.builder())
          .add(c.actual(), c.predicted(), c.count());
    }
    Map<GroupKey, ConfusionMatrix> out = new LinkedHashMap<>();
    builders.forEach((k, b) -> out.put(k, b.build()));
    return out;
  }

  private static void logReconciliation(List<ReconciliationCount> counts) {
    for (ReconciliationCount c : counts) {
      if (c.rows() > 0) {
        LOG.info(
            "Input rows: {} {}{} = {}",
            c.table(),
            c.reason(),
            c.model() == null ? "" : " (model " + c.model() + ")",
            c.rows());
      }
    }
  }
}
