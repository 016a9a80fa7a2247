package dev.domaineval.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole, validated configuration of one run. Built only by {@link ConfigLoader}.
 *
 * @param runId the run id, safe to use in a path
 * @param predictions the predictions input
 * @param labels the labels input
 * @param training per candidate, its fine-tuning data (columns example_id and/or text)
 * @param caseSensitive whether predictions match labels case-sensitively (after trimming)
 * @param duplicates what to do with duplicate keys
 * @param baseline the baseline model
 * @param candidates the candidate models, in configured order
 * @param slices the slices, in configured order
 * @param maxSliceValues the most values reported per slice dimension; the rest are (other)
 * @param domains per-domain settings by domain name
 * @param defaultPolicy the gate policy of a domain that is not configured
 * @param alpha the false discovery rate of the comparison's significance decision
 * @param findings thresholds of the pitfall rules, and whether a failed gate fails the run
 * @param bootstrapReplicates the number of Poisson bootstrap replicates (0: off)
 * @param bootstrapSeed the seed of the replicates' draws
 * @param bootstrapScope which candidate groups the bootstrap estimates
 * @param scores how score metrics are bucketed and drawn
 * @param outputPath root of the output tables
 * @param verifyWithMllib number of groups recomputed with MLlib at run time (0: off)
 * @param verifySeed seed of the choice of those groups
 * @param sparkMaster the master used when spark-submit gave none
 * @param appName the Spark application name
 * @param sparkConf extra Spark settings
 * @param history which earlier runs the report and the history rule look at
 * @param leaseTimeout when the lease of a crashed attempt of a run id may be taken over
 * @param maxClasses the most classes a domain may have
 * @param examplesPerOutcome example ids kept per group and outcome in the examples table (0: off)
 * @param discovery how slices nobody configured are searched
 * @param normalization how each domain's answers are normalised before they are matched to labels
 */
public record JobConfig(
    String runId,
    InputSpec predictions,
    InputSpec labels,
    Map<String, InputSpec> training,
    boolean caseSensitive,
    DuplicatePolicy duplicates,
    String baseline,
    List<String> candidates,
    List<SliceSpec> slices,
    int maxSliceValues,
    Map<String, DomainSpec> domains,
    Policy defaultPolicy,
    double alpha,
    FindingsSpec findings,
    int bootstrapReplicates,
    long bootstrapSeed,
    BootstrapScope bootstrapScope,
    ScoresSpec scores,
    String outputPath,
    int verifyWithMllib,
    long verifySeed,
    String sparkMaster,
    String appName,
    Map<String, String> sparkConf,
    HistorySpec history,
    java.time.Duration leaseTimeout,
    int maxClasses,
    int examplesPerOutcome,
    DiscoverySpec discovery,
    Normalization normalization) {

  public JobConfig {
    training = Map.copyOf(training);
    candidates = List.copyOf(candidates);
    slices = List.copyOf(slices);
    domains = Map.copyOf(domains);
    sparkConf = Map.copyOf(sparkConf);
  }

  /** The selected models: the baseline first, then the candidates. */
  public List<String> models() {
    List<String> models = new ArrayList<>();
    models.add(baseline);
    models.addAll(candidates);
    return List.copyOf(models);
  }

  public Optional<DomainSpec> domain(String name) {
    return Optional.ofNullable(domains.get(name));
  }

  /** The positive class of each binary domain, by domain name, sorted. */
  public java.util.SortedMap<String, String> positiveClasses() {
    java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
    domains.forEach((name, d) -> d.positiveClass().ifPresent(p -> out.put(name, p)));
    return out;
  }

  /**
   * Per candidate with fine-tuning data, the name of its leakage slice (values {@code leaked} and
   * {@code clean}), sorted by candidate.
   */
  public java.util.SortedMap<String, String> leakageSlices() {
    java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
    for (SliceSpec s : slices) {
      if (s.kind() == SliceSpec.Kind.LEAKAGE) {
        out.put(s.sql(), s.name());
      }
    }
    return out;
  }

  /** The gate policy of a domain: its own, or the default one. */
  public Policy policy(String domain) {
    return domain(domain).map(DomainSpec::policy).orElse(defaultPolicy);
  }
}
