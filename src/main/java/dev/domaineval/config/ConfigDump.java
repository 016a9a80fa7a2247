package dev.domaineval.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective settings of a run as log lines ({@code key = value}, sorted), with every value that
 * could be a secret masked: the first thing to read when a run on a cluster behaves unexpectedly,
 * and safe to paste into a ticket.
 *
 * <p>What is masked is decided by {@link Secrets}: the value of every key that looks like a secret
 * ({@code spark.hadoop.fs.s3a.secret.key}, {@code fs.s3a.encryption.key}, {@code
 * fs.azure.account.key.<account>...}, {@code options.password}, ...), and in any other value user
 * information in a URI ({@code s3a://key:secret@bucket/x}) and query-string credentials.
 * Credentials belong to the environment or the cluster (S3A's credential providers, Hadoop
 * credential files, instance roles, Azure managed identities), never to the job config: {@link
 * #secretKeys} names the ones a job config sets so the run can warn about them.
 */
public final class ConfigDump {
  /** What a masked value reads as. */
  public static final String MASK = Secrets.MASK;

  private ConfigDump() {}

  /** Whether a setting with this key could hold a secret ({@link Secrets#isSecretKey}). */
  public static boolean isSecret(String key) {
    return Secrets.isSecretKey(key);
  }

  /** The value as it may be logged ({@link Secrets#maskValue}). */
  public static String mask(String key, String value) {
    return Secrets.maskValue(key, value);
  }

  /**
   * The job's settings and the session's Spark settings, one {@code key = value} line each, sorted
   * by key, secrets masked.
   *
   * @param sparkSettings the session's Spark configuration ({@code spark.*} keys)
   */
  public static List<String> lines(JobConfig config, Map<String, String> sparkSettings) {
    Map<String, String> all = new TreeMap<>();
    all.put("run-id", config.runId());
    input(all, "input.predictions", config.predictions());
    input(all, "input.labels", config.labels());
    config.training().forEach((candidate, spec) -> input(all, "input.training." + candidate, spec));
    all.put("models.baseline", config.baseline());
    all.put("models.candidates", String.join(", ", config.candidates()));
    all.put("output.path", config.outputPath());
    all.put("bootstrap.replicates", Integer.toString(config.bootstrapReplicates()));
    all.put("bootstrap.scope", config.bootstrapScope().id());
    all.put("verify-with-mllib", Integer.toString(config.verifyWithMllib()));
    all.put("findings.fail-on-gate", Boolean.toString(config.findings().failOnGate()));
    config.sparkConf().forEach((k, v) -> all.put("spark.conf." + k, v));
    sparkSettings.forEach((k, v) -> all.put("(session) " + k, v));
    List<String> out = new ArrayList<>();
    all.forEach((k, v) -> out.add(k + " = " + mask(k, v)));
    return List.copyOf(out);
  }

  /** The keys of the job config (not of the cluster) whose values look like secrets. */
  public static List<String> secretKeys(JobConfig config) {
    List<String> keys = new ArrayList<>();
    config.sparkConf().keySet().stream()
        .filter(ConfigDump::isSecret)
        .sorted()
        .forEach(k -> keys.add("spark.conf." + k));
    secretOptions(keys, "input.predictions", config.predictions());
    secretOptions(keys, "input.labels", config.labels());
    new TreeMap<>(config.training())
        .forEach((c, spec) -> secretOptions(keys, "input.training." + c, spec));
    return List.copyOf(keys);
  }

  private static void input(Map<String, String> all, String prefix, InputSpec spec) {
    spec.path().ifPresent(p -> all.put(prefix + ".path", p));
    spec.catalogTable().ifPresent(t -> all.put(prefix + ".table", t));
    all.put(prefix + ".format", spec.format());
    spec.options().forEach((k, v) -> all.put(prefix + ".options." + k, v));
  }

  private static void secretOptions(List<String> keys, String prefix, InputSpec spec) {
    spec.options().keySet().stream()
        .filter(ConfigDump::isSecret)
        .sorted()
        .forEach(k -> keys.add(prefix + ".options." + k));
  }
}
