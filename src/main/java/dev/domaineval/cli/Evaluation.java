package dev.domaineval.cli;

import dev.domaineval.aggregate.ExampleRows;
import dev.domaineval.aggregate.MllibVerifier;
import dev.domaineval.aggregate.Pass;
import dev.domaineval.compare.Bootstrap;
import dev.domaineval.compare.ComparisonRow;
import dev.domaineval.compare.Comparisons;
import dev.domaineval.config.DiscoverySpec;
import dev.domaineval.config.DomainSpec;
import dev.domaineval.config.InputSpec;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Policy;
import dev.domaineval.config.ScoresSpec;
import dev.domaineval.counts.CappedSlice;
import dev.domaineval.counts.DomainScores;
import dev.domaineval.counts.JointConfusion;
import dev.domaineval.counts.PassCounts;
import dev.domaineval.discovery.DiscoveredSlice;
import dev.domaineval.discovery.DiscoveryCube;
import dev.domaineval.discovery.DiscoverySettings;
import dev.domaineval.discovery.SliceDiscovery;
import dev.domaineval.findings.Assessment;
import dev.domaineval.findings.DiscoveryRules;
import dev.domaineval.findings.Evidence;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.InputRules;
import dev.domaineval.findings.RegressionVsReferenceRule;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.findings.ScoreRules;
import dev.domaineval.findings.Severity;
import dev.domaineval.findings.SliceRules;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.input.InputReader;
import dev.domaineval.metrics.BinaryCounts;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.HistoryReader;
import dev.domaineval.report.OutputTables;
import dev.domaineval.report.ReportPage;
import dev.domaineval.report.RunSummary;
import dev.domaineval.report.TableWriter;
import dev.domaineval.report.html.ReportModel;
import dev.domaineval.report.publish.OutputLocation;
import dev.domaineval.report.publish.Publication;
import dev.domaineval.scores.OperatingPoint;
import dev.domaineval.scores.ScoreHistogram;
import dev.domaineval.scores.ScoreResults;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SlicePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of the job on a given session: join, count once, compute metrics, write, publish. */
final class Evaluation {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

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
    checkOutputPath(false);
    LOG.info(
        "Dry run: configuration and input schemas are valid ({} slices, models {})",
        config.slices().size(),
        config.models());
  }

  /**
   * The pipeline, stage by stage: join the inputs, count them in one pass, turn the counts into
   * metrics, compare each candidate with the baseline, assess, write and publish.
   */
  Result run() {
    SlicePlan plan = SlicePlan.of(config.slices());
    ExampleJoin join = ExampleJoin.define(spark, config, plan);
    checkOutputPath(true);
    try (Publication publication = beginPublication()) {
      return run(plan, join, publication);
    }
  }

  /** Checks output.path against the input paths (and, for a run, that it is writable). */
  private void checkOutputPath(boolean probe) {
    Map<String, String> inputs = new LinkedHashMap<>();
    config.predictions().path().ifPresent(p -> inputs.put("input.predictions.path", p));
    config.labels().path().ifPresent(p -> inputs.put("input.labels.path", p));
    config
        .training()
        .forEach(
            (candidate, spec) ->
                spec.path().ifPresent(p -> inputs.put("input.training." + candidate + ".path", p)));
    OutputLocation.check(
        spark.sparkContext().hadoopConfiguration(), config.outputPath(), inputs, probe);
  }

  /** Takes the run id's lease and completes what an interrupted earlier attempt left. */
  private Publication beginPublication() {
    Path root = new Path(config.outputPath());
    try {
      return Publication.begin(
          root.getFileSystem(spark.sparkContext().hadoopConfiguration()),
          root,
          config.runId(),
          config.leaseTimeout(),
          Clock.systemUTC(),
          Publication.Steps.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the output path " + root, e);
    }
  }

  private Result run(SlicePlan plan, ExampleJoin join, Publication publication) {
    ExampleRows rows = ExampleRows.define(join, plan, config);
    RunHistory history =
        HistoryReader.read(
            spark, config.outputPath(), config.runId(), config.history(), config.models());
    Pass.Result pass = Pass.run(spark, rows, plan, config);
    Measured measured = measure(pass, plan);
    List<ComparisonRow> comparison = compare(pass.counts(), measured.metrics());
    List<DiscoveredSlice> discovered = discover(pass.counts(), plan);
    RegressionVsReferenceRule.Result sinceReference =
        RegressionVsReferenceRule.evaluate(
            measured.metrics(),
            config.candidates(),
            history,
            config::policy,
            config.positiveClasses(),
            config.alpha());
    Assessment.Result assessment =
        assess(
            pass.counts(),
            measured,
            comparison,
            sinceReference,
            inputFindings(join, pass.counts()),
            discovered);
    if (config.verifyWithMllib() > 0) {
      MllibVerifier.verify(
          spark,
          rows,
          plan,
          pass.labelSets(),
          measured.metrics(),
          config.verifyWithMllib(),
          config.verifySeed());
    }
    return publish(
        publication,
        pass.counts(),
        measured,
        comparison,
        assessment,
        history,
        sinceReference,
        join.hasScores(),
        discovered,
        plan);
  }

  /**
   * A run's measurements, per group.
   *
   * @param matrices the confusion matrix of every group
   * @param metrics every metric of every group: those of the matrices, then the score metrics
   * @param scores the score metrics, curves and operating points
   */
  private record Measured(
      Map<GroupKey, ConfusionMatrix> matrices,
      Map<GroupKey, List<MetricValue>> metrics,
      ScoreResults scores) {}

  private Measured measure(Pass.Result pass, SlicePlan plan) {
    PassCounts counts = pass.counts();
    Map<GroupKey, ConfusionMatrix> matrices = ConfusionMatrix.byGroup(counts.confusion());
    Map<GroupKey, List<MetricValue>> metrics = new LinkedHashMap<>();
    boolean answers = config.normalization().hasNonAnswers();
    matrices.forEach(
        (key, m) -> metrics.put(key, GroupMetrics.compute(m, positiveClass(key), answers)));
    ScoreResults scores = scores(counts.scores(), plan, matrices);
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
        pass.labelSets().domains().size(),
        plan.groupings().size());
    return new Measured(matrices, metrics, scores);
  }

  /** Every candidate against the baseline: paired tests, the bootstrap, significance. */
  private List<ComparisonRow> compare(PassCounts counts, Map<GroupKey, List<MetricValue>> metrics) {
    long start = System.nanoTime();
    Map<GroupKey, JointConfusion> joint = JointConfusion.byGroup(counts.paired());
    LOG.info(
        "Built the joint confusion of {} candidate groups in {} ms",
        joint.size(),
        (System.nanoTime() - start) / 1_000_000);
    Map<String, String> positiveClasses = config.positiveClasses();
    Map<GroupKey, Map<List<Object>, Bootstrap.Estimate>> bootstrap =
        Bootstrap.estimates(
            joint,
            config.candidates(),
            config.bootstrapReplicates(),
            config.bootstrapSeed(),
            config.bootstrapScope(),
            positiveClasses::get,
            config.normalization().hasNonAnswers());
    if (config.bootstrapReplicates() > 0) {
      LOG.info(
          "Bootstrapped {} candidate groups (bootstrap.scope = {}) with {} replicates each",
          bootstrap.size(),
          config.bootstrapScope().id(),
          config.bootstrapReplicates());
    }
    List<ComparisonRow> comparison =
        Comparisons.compute(
            config.baseline(),
            config.candidates(),
            metrics,
            joint,
            positiveClasses,
            bootstrap,
            (domain, metric) -> config.policy(domain).margin(metric.id()),
            config.alpha());
    LOG.info(
        "Compared {} candidate(s) with {}: {} rows, {} with a p-value, {} significant",
        config.candidates().size(),
        config.baseline(),
        comparison.size(),
        comparison.stream().filter(ComparisonRow::hasPValue).count(),
        comparison.stream().filter(ComparisonRow::significant).count());
    return comparison;
  }

  /**
   * Slice discovery: per candidate and domain, SliceLine on the discovery half of the finest-grain
   * counts for each error definition, each slice found tested on the confirmation half, then
   * Benjamini–Hochberg at {@code comparison.alpha} over every slice found in the run.
   */
  private List<DiscoveredSlice> discover(PassCounts counts, SlicePlan plan) {
    if (!config.discovery().enabled()) {
      return List.of();
    }
    List<String> searched = plan.discoverySliceNames();
    if (!plan.discoveryLeftOut().isEmpty()) {
      LOG.info(
          "Slice discovery searches {} and leaves out {} (high-cardinality, or beyond the first {}"
              + " of the finest grain)",
          searched,
          plan.discoveryLeftOut(),
          SlicePlan.MAX_CROSSED);
    }
    long start = System.nanoTime();
    DiscoverySpec spec = config.discovery();
    List<DiscoveredSlice> found = new ArrayList<>();
    for (DiscoveryCube cube : DiscoveryCube.of(counts.discovery(), searched)) {
      DiscoverySettings settings =
          new DiscoverySettings(
              spec.maxPredicates(),
              spec.minSupport(config.policy(cube.domain()).minSupport()),
              spec.topK(),
              spec.alpha());
      found.addAll(SliceDiscovery.discover(cube, settings));
    }
    List<DiscoveredSlice> adjusted = SliceDiscovery.adjust(found, config.alpha());
    LOG.info(
        "Slice discovery over {}: {} slices found, {} significant, in {} ms",
        searched,
        adjusted.size(),
        adjusted.stream().filter(DiscoveredSlice::significant).count(),
        (System.nanoTime() - start) / 1_000_000);
    return adjusted;
  }

  /** The findings of every rule and the verdicts they give. */
  private Assessment.Result assess(
      PassCounts counts,
      Measured measured,
      List<ComparisonRow> comparison,
      RegressionVsReferenceRule.Result sinceReference,
      List<Finding> inputFindings,
      List<DiscoveredSlice> discovered) {
    List<Evidence.InputCount> inputCounts =
        counts.reconciliation().stream()
            .map(c -> new Evidence.InputCount(c.table(), c.model(), c.reasonId(), c.rows()))
            .toList();
    List<Finding> sliceFindings = new ArrayList<>();
    for (CappedSlice c : counts.cappedSlices()) {
      sliceFindings.add(
          SliceRules.tooManyValues(c.slice(), c.values(), c.keptValues(), c.otherRows()));
    }
    Assessment.Result assessment =
        Assessment.evaluate(
                new Evidence(
                    config.baseline(),
                    config.candidates(),
                    measured.metrics(),
                    measured.matrices(),
                    comparison,
                    config::policy,
                    config.positiveClasses(),
                    config.findings(),
                    inputCounts,
                    config.leakageSlices(),
                    config.alpha(),
                    config.normalization()))
            .withFindings(sinceReference.findings())
            .plus(
                ScoreRules.evaluate(
                    inputCounts, measured.scores().choices(), config.findings().maxInvalidRate()))
            .plus(sliceFindings)
            .plus(inputFindings)
            .plus(DiscoveryRules.evaluate(discovered, config.discovery().gate()));
    LOG.info(
        "Findings: {} fail, {} warn, {} info; verdicts: {}",
        assessment.count(Severity.FAIL),
        assessment.count(Severity.WARN),
        assessment.count(Severity.INFO),
        assessment.verdicts().stream()
            .map(v -> v.candidate() + "/" + v.domain() + "=" + v.outcome())
            .toList());
    return assessment;
  }

  /**
   * The findings about how the inputs were read: text values with U+FFFD (logged too), files left
   * out of the input directories.
   */
  private List<Finding> inputFindings(ExampleJoin join, PassCounts counts) {
    List<Finding> out = new ArrayList<>();
    for (InputSpec spec : List.of(config.labels(), config.predictions())) {
      long values = counts.replacementCharacters().getOrDefault(spec.table(), 0L);
      if (values > 0) {
        boolean decodedHere =
            spec.path().isPresent() && List.of("csv", "json").contains(spec.format());
        Finding f =
            InputRules.replacementCharacters(
                spec.table(),
                spec.source(),
                decodedHere ? Optional.of(spec.encoding().orElse("UTF-8")) : Optional.empty(),
                values);
        LOG.warn("{}", f.message());
        out.add(f);
      }
    }
    for (InputReader.IgnoredFiles f : join.ignoredFiles()) {
      out.add(
          InputRules.ignoredFiles(
              f.table(),
              f.source(),
              f.dataFileNames(),
              f.files().stream().map(file -> new Path(file).getName()).toList()));
    }
    return out;
  }

  /** Stages every output table and the report, then publishes them with summary.json. */
  private Result publish(
      Publication publication,
      PassCounts counts,
      Measured measured,
      List<ComparisonRow> comparison,
      Assessment.Result assessment,
      RunHistory history,
      RegressionVsReferenceRule.Result sinceReference,
      boolean hasScores,
      List<DiscoveredSlice> discovered,
      SlicePlan plan) {
    TableWriter writer = new TableWriter(spark, config.outputPath(), config.runId(), publication);
    String run = config.runId();
    ScoreResults scores = measured.scores();
    writer.stage(
        OutputTables.CONFUSION,
        OutputTables.CONFUSION_SCHEMA,
        OutputTables.confusionRows(run, measured.matrices()));
    writer.stage(
        OutputTables.METRICS,
        OutputTables.METRICS_SCHEMA,
        OutputTables.metricRows(run, measured.metrics()));
    writer.stage(
        OutputTables.RECONCILIATION,
        OutputTables.RECONCILIATION_SCHEMA,
        OutputTables.reconciliationRows(run, counts.reconciliation()));
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
    if (hasScores) {
      writer.stage(
          OutputTables.CURVES,
          OutputTables.CURVES_SCHEMA,
          OutputTables.curveRows(run, scores.curves()));
      writer.stage(
          OutputTables.OPERATING_POINTS,
          OutputTables.OPERATING_POINTS_SCHEMA,
          OutputTables.operatingPointRows(run, scores.choices()));
    }
    if (config.examplesPerOutcome() > 0) {
      writer.stage(
          OutputTables.EXAMPLES,
          OutputTables.EXAMPLES_SCHEMA,
          OutputTables.exampleRows(run, counts.examples()));
    }
    if (config.discovery().enabled()) {
      writer.stage(
          OutputTables.DISCOVERED_SLICES,
          OutputTables.DISCOVERED_SLICES_SCHEMA,
          OutputTables.discoveredSliceRows(run, discovered));
    }
    writer.stage(
        OutputTables.NORMALIZATION,
        OutputTables.NORMALIZATION_SCHEMA,
        OutputTables.normalizationRows(run, counts.answers()));
    if (config.normalization().keepsRawAnswers()) {
      writer.stage(
          OutputTables.INVALID_ANSWERS,
          OutputTables.INVALID_ANSWERS_SCHEMA,
          OutputTables.invalidAnswerRows(run, counts.invalidAnswers()));
    }
    ReportPage.stage(
        writer,
        ReportPage.model(
            config,
            counts.reconciliation(),
            measured.matrices(),
            measured.metrics(),
            comparison,
            assessment,
            scores.curves(),
            scores.choices(),
            history,
            sinceReference,
            writer.plannedTables(),
            counts.examples(),
            new ReportModel.Discovery(
                config.discovery().enabled(),
                config.discovery().gate(),
                plan.discoverySliceNames(),
                plan.discoveryLeftOut(),
                discovered),
            counts.answers(),
            counts.invalidAnswers()));
    boolean gateFailed = assessment.hasFailedGate() && config.findings().failOnGate();
    String summaryJson =
        RunSummary.json(
            run, gateFailed, assessment, writer.plannedOutputs(), counts.reconciliation());
    List<Path> tables = writer.publish(summaryJson);
    return new Result(
        run,
        tables,
        writer.summaryPath(),
        writer.plannedFiles().get(ReportPage.DIR),
        assessment,
        gateFailed);
  }

  /**
   * The score metrics, curves and operating points: histograms per group from the bucket counts
   * (domain-level resolution for a domain's overall slice, slice resolution for slice values), the
   * pooled domain as their sum, and each domain policy's target on its priority metric.
   */
  private ScoreResults scores(
      List<DomainScores> counts, SlicePlan plan, Map<GroupKey, ConfusionMatrix> matrices) {
    if (counts.isEmpty()) {
      return ScoreResults.empty();
    }
    ScoresSpec spec = config.scores();
    Map<GroupKey, ScoreHistogram> histograms =
        ScoreHistogram.byGroup(
            counts,
            spec.resolution(),
            spec.sliceResolution(),
            (grouping, values) -> plan.groupings().get(grouping).key(values));
    ScoreResults results =
        ScoreResults.compute(
            ScoreResults.withPooledDomain(histograms),
            this::target,
            key -> hardPoint(matrices.get(key), positiveClass(key)),
            spec.curvePoints(),
            spec.sliceCurvePoints(),
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
        MetricId.perClassForPriority(policy.priority()) == MetricId.PRECISION
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

  private String positiveClass(GroupKey key) {
    if (key.isPooledDomain()) {
      return null;
    }
    return config.domain(key.domain()).flatMap(DomainSpec::positiveClass).orElse(null);
  }
}
