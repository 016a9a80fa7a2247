package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads and validates the job configuration: {@code --set} overrides, then the job file, then the
 * defaults of {@code reference.conf} (under its {@code domain-eval} block).
 *
 * <p>Each section of the job file is read by its own class; every problem of every section is
 * collected and reported at once, each with its key, its origin (file and line, or the {@code
 * --set} argument) and how to fix it. Nothing here touches Spark.
 */
public final class ConfigLoader {
  /** The block of reference.conf that holds our defaults. */
  public static final String ROOT = "domain-eval";

  /** The most column and expression slices a job may configure. */
  static final int MAX_DIMENSIONS = SlicesSection.MAX_DIMENSIONS;

  /** The name of the leakage slice when one candidate has training data. */
  public static final String LEAKAGE_SLICE = "leakage";

  /** The name of the slice of the labels' split column, added when not configured. */
  public static final String SPLIT_SLICE = "split";

  /** Output tokens that a domain, class or slice value must not collide with. */
  static final Set<String> RESERVED_VALUES =
      Set.of("*", "(invalid)", "(refused)", "(abstained)", "(null)");

  private final Clock clock;

  public ConfigLoader(Clock clock) {
    this.clock = clock;
  }

  public ConfigLoader() {
    this(Clock.systemUTC());
  }

  /**
   * Loads a job.
   *
   * @param jobFile the job file, if any (a job may be given entirely with {@code --set})
   * @param overrides {@code key=value} strings; a later one wins over an earlier one
   * @throws InvalidConfigException listing every problem
   */
  public JobConfig load(Optional<Path> jobFile, List<String> overrides) {
    Problems problems = new Problems();
    Optional<Config> user = ConfigLayers.user(jobFile, overrides, problems);
    problems.throwIfAny();
    return validate(user.orElseThrow(), problems);
  }

  /** Validates a user configuration (without the prefix) against the defaults. */
  public JobConfig validate(Config user) {
    return validate(user, new Problems());
  }

  private JobConfig validate(Config user, Problems problems) {
    Config defaults = ConfigFactory.defaultReference().getConfig(ROOT);
    Optional<Config> resolved = ConfigLayers.merge(user, defaults, problems);
    if (resolved.isEmpty()) {
      // The layers cannot be resolved at all; merge reported why.
      problems.throwIfAny();
    }
    Config merged = resolved.orElseThrow();
    ReferenceSchema.checkKeys(merged, defaults, problems);
    ReferenceSchema.checkTypes(merged, defaults, problems);
    JobConfig job;
    try {
      job = read(new Settings(merged, problems));
    } catch (ConfigException e) {
      // Every read is guarded; this is the last line for one that was missed.
      problems.unreadable("", e);
      job = null;
    }
    problems.throwIfAny();
    return job;
  }

  /** Asks every section, in the order their problems are listed; null when there is a problem. */
  private JobConfig read(Settings settings) {
    String runId = RunIdSection.read(settings, clock);
    InputSection input = InputSection.read(settings);
    ModelsSection models = ModelsSection.read(settings);
    Map<String, InputSpec> training =
        TrainingSection.read(settings, models.candidates(), input.labels());
    SlicesSection slices = SlicesSection.read(settings);
    Policy defaultPolicy = PolicySection.defaults(settings);
    Map<String, DomainSpec> domains = DomainsSection.read(settings, defaultPolicy);
    ComparisonSection comparison = ComparisonSection.read(settings);
    ScoresSpec scores = ScoresSection.read(settings);
    FindingsSpec findings = FindingsSection.read(settings);
    List<SliceSpec> allSlices =
        AutomaticSlices.add(
            settings, slices.slices(), input.labels(), models.candidates(), training);
    String output = OutputSection.read(settings);
    java.time.Duration leaseTimeout = OutputSection.leaseTimeout(settings);
    int maxClasses = DomainsSection.maxClasses(settings);
    int examplesPerOutcome = examplesPerOutcome(settings);
    DiscoverySpec discovery = DiscoverySection.read(settings);
    Normalization normalization = NormalizationSection.read(settings);
    VerificationSection verification = VerificationSection.read(settings);
    SparkSection spark = SparkSection.read(settings);
    HistorySpec history = HistorySection.read(settings);
    if (!settings.problems().isEmpty()) {
      return null;
    }
    return new JobConfig(
        runId,
        input.predictions(),
        input.labels(),
        training,
        input.caseSensitive(),
        input.duplicates(),
        models.baseline(),
        models.candidates(),
        allSlices,
        slices.maxSliceValues(),
        domains,
        defaultPolicy,
        comparison.alpha(),
        findings,
        comparison.replicates(),
        comparison.seed(),
        comparison.scope(),
        scores,
        output,
        verification.groups(),
        verification.seed(),
        spark.master(),
        spark.appName(),
        spark.conf(),
        history,
        leaseTimeout,
        maxClasses,
        examplesPerOutcome,
        discovery,
        normalization);
  }

  /** The largest {@code examples.per-outcome}. */
  static final int MAX_EXAMPLES_PER_OUTCOME = 1000;

  /** Key {@code examples.per-outcome}: example ids kept per group and outcome (0: off). */
  private static int examplesPerOutcome(Settings settings) {
    int n = settings.integer("examples.per-outcome");
    if (n < 0 || n > MAX_EXAMPLES_PER_OUTCOME) {
      settings.invalid(
          "examples.per-outcome",
          "expected 0 (no examples table) to " + MAX_EXAMPLES_PER_OUTCOME + ", got " + n);
    }
    return n;
  }
}
