package dev.domaineval.cli;

import dev.domaineval.aggregate.MllibVerifier;
import dev.domaineval.config.ConfigDump;
import dev.domaineval.config.ConfigLoader;
import dev.domaineval.config.InvalidConfigException;
import dev.domaineval.config.JobConfig;
import dev.domaineval.config.Secrets;
import dev.domaineval.findings.ShipDecision;
import dev.domaineval.input.InvalidInputException;
import dev.domaineval.input.UnreadableFile;
import dev.domaineval.report.publish.RunLease;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * The entry point of {@code spark-submit}: parses arguments, loads and validates the config,
 * creates and stops the {@link SparkSession}, and maps outcomes to exit codes.
 *
 * <p>Exit codes: 0 the run finished and its gates passed; 3 the run finished but a quality gate
 * failed; 2 bad configuration or input (the message says what, where and how to fix it); 1 anything
 * else (a bug or an infrastructure failure, with its stack trace).
 */
@Command(
    name = "domain-eval",
    mixinStandardHelpOptions = true,
    versionProvider = EvaluationJob.Version.class,
    description =
        "Per-domain and per-slice confusion matrices and metrics of fine-tuned candidates and"
            + " their baseline, in one pass over the prediction and label tables.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the run finished, its outputs are published and every gate passed",
      "1:an unexpected error (see the stack trace)",
      "2:invalid configuration or input (see the message)",
      "3:a quality gate failed (findings.fail-on-gate = true); every output is written",
      "4:another attempt of this run id is running (it holds the run's lease); nothing was"
          + " done: retry later"
    })
public final class EvaluationJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int INVALID = 2;
  public static final int GATE_FAILED = 3;
  public static final int BUSY = 4;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The job file (HOCON), e.g. conf/sample.conf.")
  Path configFile;

  @Option(
      names = {"--set"},
      paramLabel = "KEY=VALUE",
      description =
          "Overrides one config key; repeatable; wins over the job file, e.g. --set"
              + " run-id=2026-11-27.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = {"--dry-run"},
      description = "Validate the configuration and the input schemas, then exit.")
  boolean dryRun;

  private final Function<JobConfig, SparkSession> sessions;
  private final boolean stopSession;

  /** For spark-submit: creates its own session and stops it at the end. */
  public EvaluationJob() {
    this(EvaluationJob::createSession, true);
  }

  /**
   * For tests and embedding: the given factory provides the session; it is not stopped.
   *
   * @param sessions makes (or returns) the session once the config is valid
   */
  public EvaluationJob(Function<JobConfig, SparkSession> sessions, boolean stopSession) {
    this.sessions = sessions;
    this.stopSession = stopSession;
  }

  public static void main(String[] args) {
    ExitGuard guard = ExitGuard.start();
    int code = run(new EvaluationJob(), args);
    guard.finish();
    System.exit(code);
  }

  /** Parses the arguments and runs the job; returns the exit code. */
  public static int run(EvaluationJob job, String... args) {
    CommandLine cli = new CommandLine(job);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("domain-eval: " + Secrets.maskText(ex.getMessage()));
          err.println("Run with --help for the options.");
          return INVALID;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    JobConfig config;
    try {
      config = new ConfigLoader().load(Optional.ofNullable(configFile), overrides);
    } catch (InvalidConfigException e) {
      System.err.println("domain-eval: " + Secrets.maskText(e.getMessage()));
      return INVALID;
    }
    SparkSession spark = null;
    try {
      spark = sessions.apply(config);
      // Also on a session the job was given: set at run time, nothing turns them back on.
      PinnedSettings.apply(spark);
      logSettings(spark, config);
      Evaluation evaluation = new Evaluation(spark, config);
      if (dryRun) {
        evaluation.dryRun();
        System.out.println(
            "domain-eval: dry run passed: configuration and input schemas are valid.");
        return OK;
      }
      Evaluation.Result result = evaluation.run();
      System.out.println(
          "domain-eval: run "
              + result.runId()
              + " published "
              + result.tables().size()
              + " tables under "
              + Secrets.maskText(config.outputPath())
              + ":");
      result.tables().forEach(t -> System.out.println("  " + Secrets.maskText(t.toString())));
      System.out.println("  summary: " + Secrets.maskText(result.summary().toString()));
      System.out.println("  report: " + Secrets.maskText(result.report().toString()));
      System.out.println("Verdicts:");
      result
          .assessment()
          .verdicts()
          .forEach(
              v ->
                  System.out.printf(
                      "  %-13s %s on %s%s%n",
                      v.outcome(),
                      v.candidate(),
                      v.domain(),
                      v.kind() == null ? "" : " (" + v.kind().id() + ")"));
      System.out.println("Decisions:");
      for (ShipDecision d : result.assessment().decisions()) {
        List<String> domains = new ArrayList<>();
        d.facts().stream()
            .map(ShipDecision.Fact::domain)
            .filter(x -> x != null)
            .forEach(domains::add);
        System.out.printf(
            "  %-13s %s%s%n",
            d.call().words(),
            d.candidate(),
            domains.isEmpty() ? "" : " (" + String.join(", ", domains) + ")");
      }
      if (result.gateFailed()) {
        System.err.println(
            "domain-eval: a gate failed (see the verdicts and the findings table); exit code "
                + GATE_FAILED
                + ". Set findings.fail-on-gate = false to exit 0 on failed gates.");
        return GATE_FAILED;
      }
      return OK;
    } catch (InvalidInputException e) {
      LOG.error("Invalid input: {}", Secrets.maskText(e.getMessage()));
      System.err.println("domain-eval: " + Secrets.maskText(e.getMessage()));
      return INVALID;
    } catch (RunLease.HeldException e) {
      LOG.error("Not run: {}", Secrets.maskText(e.getMessage()));
      System.err.println(
          "domain-eval: " + Secrets.maskText(e.getMessage()) + " Exit code " + BUSY + ".");
      return BUSY;
    } catch (MllibVerifier.MismatchException e) {
      LOG.error("Verification failed: {}", Secrets.maskText(e.getMessage()));
      System.err.println("domain-eval: " + Secrets.maskText(e.getMessage()));
      return FAILED;
    } catch (Exception e) {
      Optional<InvalidInputException> unreadable = UnreadableFile.explain(e, config);
      if (unreadable.isPresent()) {
        LOG.error("Invalid input: {}", Secrets.maskText(unreadable.get().getMessage()));
        LOG.debug("The read failure: {}", Secrets.maskStackTrace(e));
        System.err.println("domain-eval: " + Secrets.maskText(unreadable.get().getMessage()));
        return INVALID;
      }
      // Also Spark's AnalysisException, which Scala code throws undeclared.
      // The stack trace as text, masked: its messages and those of its causes may hold a path with
      // a password (Hadoop's "Wrong FS: <path>") or a setting.
      LOG.error("The run failed: {}", Secrets.maskStackTrace(e));
      System.err.println("domain-eval: the run failed: " + Secrets.maskText(e.toString()));
      return FAILED;
    } catch (Error e) {
      // OutOfMemoryError, StackOverflowError, a missing class: still one last line, exit 1.
      LOG.error("The run failed: {}", Secrets.maskStackTrace(e));
      System.err.println(
          "domain-eval: the run failed: "
              + Secrets.maskText(e.toString())
              + (e instanceof OutOfMemoryError
                  ? ". The driver ran out of memory: give it more (spark.driver.memory, or"
                      + " DOMAIN_EVAL_JAVA_OPTS for run-local.sh), and check that the label and"
                      + " slice columns are the intended ones (max-classes, max-slice-values)"
                  : ""));
      return FAILED;
    } finally {
      if (spark != null && stopSession) {
        spark.stop();
      }
    }
  }

  /** Logs the run's settings, secrets masked, and warns about credentials in the job config. */
  private static void logSettings(SparkSession spark, JobConfig config) {
    Map<String, String> sparkSettings = new TreeMap<>();
    for (Tuple2<String, String> e : spark.sparkContext().getConf().getAll()) {
      sparkSettings.put(e._1(), e._2());
    }
    LOG.info(
        "Settings of run {} (secrets masked):\n  {}",
        config.runId(),
        String.join("\n  ", ConfigDump.lines(config, sparkSettings)));
    for (String key : ConfigDump.secretKeys(config)) {
      LOG.warn(
          "The job config sets '{}', which looks like a credential. Credentials belong to the"
              + " environment or the cluster (e.g. S3A's credential providers or instance roles),"
              + " not to a job file that is logged and copied around; remove it.",
          key);
    }
  }

  /** The session of a spark-submit run, or a local one when no master was given. */
  static SparkSession createSession(JobConfig config) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder();
    // spark-submit --name (scripts/submit.sh names the application after the run) wins.
    if (!conf.contains("spark.app.name")) {
      builder = builder.appName(config.appName());
    }
    if (!conf.contains("spark.master")) {
      builder = builder.master(config.sparkMaster());
    }
    // Adaptive execution sizes the shuffles of the one pass; it is on by default in Spark 4 and
    // set here so that a cluster default cannot turn it off unnoticed.
    builder = builder.config("spark.sql.adaptive.enabled", "true");
    // The one pass keeps its small result in memory for the roll-up. Without this, adaptive
    // execution may not coalesce the partitions of a cached plan, and every later query on the
    // few thousand cached rows runs spark.sql.shuffle.partitions (200) tasks.
    builder = builder.config("spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");
    for (var e : config.sparkConf().entrySet()) {
      builder = builder.config(e.getKey(), e.getValue());
    }
    builder = builder.config(Secrets.SPARK_REDACTION_KEY, redactionRegex(config, conf));
    builder = PinnedSettings.apply(builder);
    return builder.getOrCreate();
  }

  /**
   * Spark's redaction of its logs, UI and event log for a session of the job: what the job masks,
   * and the regex the job file or spark-submit set, if any.
   */
  static String redactionRegex(JobConfig config, SparkConf submitted) {
    String key = Secrets.SPARK_REDACTION_KEY;
    return Secrets.sparkRedactionRegex(
        Optional.ofNullable(config.sparkConf().get(key))
            .or(() -> Optional.ofNullable(submitted.get(key, null))));
  }

  /** Reads the version from the jar's manifest (absent when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EvaluationJob.class.getPackage().getImplementationVersion();
      return new String[] {"domain-eval " + (v == null ? "(development build)" : v)};
    }
  }
}
