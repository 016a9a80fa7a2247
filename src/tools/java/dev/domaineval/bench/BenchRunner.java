package dev.domaineval.bench;

import dev.domaineval.cli.EvaluationJob;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the benchmark: generates the data set if it is absent, then runs each phase in a fresh JVM
 * on the same data (so that one phase's warm caches and JIT cannot help another), measures it with
 * {@link BenchProbe} and prints the table of {@link BenchReport}.
 *
 * <p>Phases: {@code floor} ({@link FloorPlan}), {@code direct} ({@link DirectPlan}), {@code job}
 * (the job with its default options: a baseline and its candidates, the comparison and findings
 * included), {@code job-scores} (the same with the score column mapped: score metrics, curves and
 * operating points), {@code job-full} (also {@code bootstrap.replicates} on), {@code naive} ({@link
 * NaiveLoop}). With {@code --scaling} it instead times the floor and the job over rows, slice
 * columns and models, and prints growth factors.
 *
 * <p>The child JVMs get this JVM's options (the module options Spark needs, the log configuration),
 * its class path, {@code --heap} and the master of {@code --master}.
 */
public final class BenchRunner {
  static final List<String> ARGS =
      List.of(
          "examples",
          "models",
          "slice-columns",
          "seed",
          "data",
          "work",
          "bootstrap",
          "heap",
          "master",
          "phases",
          "scaling",
          "scale-examples",
          "naive-groups",
          "job-set",
          "rounds");

  private final Path dataRoot;
  private final Path work;
  private final String heap;
  private final String master;
  private final long seed;
  private final int bootstrap;
  private final int naiveGroups;

  /** One more {@code --set} override for the job phases (empty: none). */
  private String jobSet = "";

  /**
   * How many times each phase runs, in rounds of every phase (see {@link BenchReport#rounds}): a
   * ratio of a few per cent needs more than one sitting's noise allows.
   */
  private int rounds = 1;

  BenchRunner(
      Path dataRoot,
      Path work,
      String heap,
      String master,
      long seed,
      int bootstrap,
      int naiveGroups) {
    this.dataRoot = dataRoot;
    this.work = work;
    this.heap = heap;
    this.master = master;
    this.seed = seed;
    this.bootstrap = bootstrap;
    this.naiveGroups = naiveGroups;
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, ARGS);
    if (a == null) {
      System.exit(2);
      return;
    }
    try {
      BenchRunner runner =
          new BenchRunner(
              a.path("data", "target/bench-data"),
              a.path("work", "target/bench-work"),
              a.string("heap", "2g"),
              a.string("master", "local[2]"),
              a.seed(),
              a.intValue("bootstrap", 100),
              a.intValue("naive-groups", 4));
      runner.jobSet = a.string("job-set", "");
      runner.rounds = a.intValue("rounds", 1);
      if (runner.rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, not " + runner.rounds);
      }
      long examples = a.longValue("examples", 1_000_000);
      int models = a.intValue("models", 2);
      int slices = a.intValue("slice-columns", 4);
      BenchShape.sliceColumns(slices);
      String scaling = a.string("scaling", "none");
      if (scaling.equals("none")) {
        List<String> phases =
            Arrays.asList(
                a.string("phases", "floor,direct,job,job-scores,naive,duckdb").split(","));
        for (String p : phases) {
          if (!List.of(
                  "floor",
                  "direct",
                  "job",
                  "job-scores",
                  "job-full",
                  "job-no-examples",
                  "job-scores-no-examples",
                  "job-no-discovery",
                  "job-no-normalization",
                  "job-no-sketches",
                  "naive",
                  "duckdb")
              .contains(p)) {
            throw new IllegalArgumentException(
                "Unknown phase '"
                    + p
                    + "' in --phases. Use a comma-separated list of floor, direct, job, job-scores,"
                    + " job-full, job-no-examples, job-scores-no-examples, job-no-discovery,"
                    + " job-no-normalization, job-no-sketches, naive,"
                    + " duckdb.");
          }
        }
        System.out.print(runner.compare(new BenchShape(examples, models, seed(a)), slices, phases));
      } else {
        List<Long> sizes = new ArrayList<>();
        for (String s : a.string("scale-examples", "1000000,5000000,20000000").split(",")) {
          sizes.add(Long.parseLong(s.trim().replace("_", "")));
        }
        System.out.print(runner.scale(scaling, examples, sizes));
      }
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
    } catch (PhaseFailedException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(1);
    }
  }

  private static long seed(BenchArgs a) {
    return a.seed();
  }

  /**
   * Runs the given phases on one data set, {@link #rounds} times in turn (every other round in
   * reverse order, so that no phase always runs first or last), and returns the report.
   */
  String compare(BenchShape shape, int slices, List<String> phases)
      throws IOException, InterruptedException {
    Path data = ensureData(shape);
    Map<String, List<BenchReport.Measure>> runs = new LinkedHashMap<>();
    phases.forEach(p -> runs.put(p, new ArrayList<>()));
    List<String> failed = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<String> order = new ArrayList<>(phases);
      if (round % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (String phase : order) {
        if (failed.contains(phase)) {
          continue;
        }
        try {
          runs.get(phase).add(run(phase, shape, data, slices, round));
        } catch (PhaseFailedException e) {
          // The other phases' numbers still count; the failure is reported with them.
          System.err.println("bench: " + e.getMessage());
          failed.add(phase);
        }
      }
    }
    failed.forEach(runs::remove);
    String report =
        BenchReport.rounds(shape, slices, manifest(data), master, heap, bootstrap, runs);
    if (!failed.isEmpty()) {
      throw new PhaseFailedException(
          report + "\nphases that failed (see their logs under " + work + "/logs): " + failed);
    }
    return report;
  }

  /** Times the floor and the job over rows, slice columns or models ({@code all}: each). */
  String scale(String what, long examples, List<Long> sizes)
      throws IOException, InterruptedException {
    if (!List.of("rows", "slices", "models", "all").contains(what)) {
      throw new IllegalArgumentException(
          "Unknown --scaling '" + what + "'. Use rows, slices, models, all or none.");
    }
    StringBuilder out = new StringBuilder();
    if (what.equals("rows") || what.equals("all")) {
      List<BenchReport.Step> steps = new ArrayList<>();
      for (long n : sizes) {
        steps.add(
            step(String.format(Locale.ROOT, "%,d examples", n), new BenchShape(n, 2, seed), 4));
      }
      out.append(BenchReport.scaling("rows (2 models, 4 slice columns)", steps, sizes));
    }
    if (what.equals("slices") || what.equals("all")) {
      List<BenchReport.Step> steps = new ArrayList<>();
      for (int k : List.of(1, 4, 8)) {
        steps.add(step(k + " slice columns", new BenchShape(examples, 2, seed), k));
      }
      out.append(
          BenchReport.scaling(
              String.format(Locale.ROOT, "slice columns (%,d examples, 2 models)", examples),
              steps,
              null));
    }
    if (what.equals("models") || what.equals("all")) {
      List<BenchReport.Step> steps = new ArrayList<>();
      for (int m : List.of(2, 4)) {
        steps.add(step(m + " models", new BenchShape(examples, m, seed), 4));
      }
      out.append(
          BenchReport.scaling(
              String.format(Locale.ROOT, "models (%,d examples, 4 slice columns)", examples),
              steps,
              null));
    }
    return out.toString();
  }

  private BenchReport.Step step(String name, BenchShape shape, int slices)
      throws IOException, InterruptedException {
    Path data = ensureData(shape);
    BenchReport.Measure floor = run("floor", shape, data, slices);
    BenchReport.Measure job = run("job", shape, data, slices);
    System.err.printf(
        Locale.ROOT,
        "bench: %s: floor %.1f s, job %.1f s%n",
        name,
        floor.wallSeconds(),
        job.wallSeconds());
    return new BenchReport.Step(name, floor, job);
  }

  /** The data set of this shape, generated first when it is absent or incomplete. */
  Path ensureData(BenchShape shape) throws IOException, InterruptedException {
    Path data = dataRoot.resolve(shape.folderName()).toAbsolutePath();
    if (Files.exists(data.resolve(BenchDataGenerator.MANIFEST))) {
      return data;
    }
    System.err.printf(Locale.ROOT, "bench: generating %s ...%n", data);
    Files.createDirectories(data);
    BenchReport.Measure m =
        child(
            "generate-" + shape.folderName(),
            data,
            BenchDataGenerator.class,
            "--out",
            data.toString(),
            "--examples",
            Long.toString(shape.examples()),
            "--models",
            Integer.toString(shape.models()),
            "--seed",
            Long.toString(shape.seed()));
    System.err.printf(Locale.ROOT, "bench: generated in %.1f s%n", m.wallSeconds());
    return data;
  }

  private BenchReport.Measure run(String phase, BenchShape shape, Path data, int slices)
      throws IOException, InterruptedException {
    return run(phase, shape, data, slices, 0);
  }

  /** Runs one phase; a round after the first has its own logs ({@code -r<round>}). */
  private BenchReport.Measure run(String phase, BenchShape shape, Path data, int slices, int round)
      throws IOException, InterruptedException {
    String tag =
        phase + "-" + shape.folderName() + "-k" + slices + (round == 0 ? "" : "-r" + round);
    Path out = work.resolve(tag).toAbsolutePath();
    String k = Integer.toString(slices);
    System.err.printf(Locale.ROOT, "bench: running %s ...%n", tag);
    return switch (phase) {
      case "floor" ->
          child(
              tag,
              data,
              FloorPlan.class,
              "--data",
              data.toString(),
              "--slice-columns",
              k,
              "--out",
              out.toString());
      case "direct" ->
          child(
              tag,
              data,
              DirectPlan.class,
              "--data",
              data.toString(),
              "--slice-columns",
              k,
              "--out",
              out.toString());
      case "duckdb" ->
          child(
              tag,
              data,
              DuckDbPlan.class,
              "--data",
              data.toString(),
              "--slice-columns",
              k,
              "--out",
              out.toString(),
              "--threads",
              Integer.toString(duckDbThreads()));
      case "naive" -> {
        BenchReport.Measure m =
            child(
                tag,
                data,
                NaiveLoop.class,
                "--data",
                data.toString(),
                "--slice-columns",
                k,
                "--groups",
                Integer.toString(naiveGroups),
                "--out",
                out.resolve("naive.properties").toString());
        Properties estimate = new Properties();
        try (Reader r =
            Files.newBufferedReader(out.resolve("naive.properties"), StandardCharsets.UTF_8)) {
          estimate.load(r);
        }
        yield m.withEstimate(estimate);
      }
      case "job",
          "job-scores",
          "job-full",
          "job-no-examples",
          "job-scores-no-examples",
          "job-no-discovery",
          "job-no-normalization",
          "job-no-sketches" -> {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--config",
                    data.resolve(BenchDataGenerator.JOB_CONF).toString(),
                    "--set",
                    "slices=" + BenchDataGenerator.slicesHocon(slices),
                    "--set",
                    "output.path=\"" + out + "\"",
                    "--set",
                    "run-id=" + phase));
        if (phase.startsWith("job-scores") || phase.equals("job-full")) {
          args.addAll(List.of("--set", "input.predictions.columns.score=score"));
        }
        if (phase.endsWith("-no-examples") || phase.equals("job-no-sketches")) {
          // The same job without the examples table: what the table costs.
          args.addAll(List.of("--set", "examples.per-outcome=0"));
        }
        if (phase.equals("job-no-discovery")) {
          // The same job without slice discovery: what the search and its counts cost.
          args.addAll(List.of("--set", "discovery.enabled=false"));
        }
        if (phase.equals("job-no-normalization")) {
          // The same job with the matching of before the normalization section (trim and
          // case-fold only, no invalid answers kept): what the default steps cost.
          args.addAll(
              List.of(
                  "--set",
                  "normalization { unicode = false, white-space = false, strip-quotes = false,"
                      + " strip-punctuation = false, keep-raw-answers = false }"));
        }
        if (phase.equals("job-no-sketches")) {
          // Neither the examples table nor the invalid answers: no sketch step in the pass.
          args.addAll(List.of("--set", "normalization.keep-raw-answers = false"));
        }
        if (phase.equals("job-full")) {
          args.addAll(List.of("--set", "bootstrap.replicates=" + bootstrap));
        }
        if (!jobSet.isEmpty()) {
          args.addAll(List.of("--set", jobSet));
        }
        yield child(tag, data, EvaluationJob.class, args.toArray(String[]::new));
      }
      default -> throw new IllegalArgumentException("Unknown phase " + phase);
    };
  }

  /** Runs a main class in a fresh JVM with the probe on; fails when it exits non-zero. */
  private BenchReport.Measure child(String tag, Path data, Class<?> main, String... args)
      throws IOException, InterruptedException {
    Path logs = work.resolve("logs").toAbsolutePath();
    Files.createDirectories(logs);
    Path probe = logs.resolve(tag + ".probe.properties");
    Path log = logs.resolve(tag + ".log");
    Files.deleteIfExists(probe);
    Files.deleteIfExists(Path.of(probe + ".plans.txt"));
    Files.deleteIfExists(Path.of(probe + ".stages.txt"));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!o.startsWith("-Xmx") && !o.startsWith("-Dspark.") && !o.startsWith("-Ddomain-eval.")) {
        cmd.add(o);
      }
    }
    cmd.add("-Xmx" + heap);
    cmd.add("-Dspark.master=" + master);
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.extraListeners=" + BenchProbe.class.getName());
    cmd.add("-Dspark.sql.queryExecutionListeners=" + BenchProbe.Queries.class.getName());
    cmd.add("-D" + BenchProbe.PROBE_FILE + "=" + probe);
    cmd.add("-D" + BenchProbe.DATA_DIR + "=" + data);
    cmd.add("-cp");
    cmd.add(
        main == DuckDbPlan.class
            ? System.getProperty("java.class.path") + java.io.File.pathSeparator + duckDbJar()
            : System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int code = p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new PhaseFailedException(
          String.format(
              Locale.ROOT,
              "phase %s failed with exit code %d after %.1f s; see its log %s",
              tag,
              code,
              seconds,
              log));
    }
    System.err.printf(Locale.ROOT, "bench: %s took %.1f s%n", tag, seconds);
    Properties measures = new Properties();
    if (Files.exists(probe)) {
      try (Reader r = Files.newBufferedReader(probe, StandardCharsets.UTF_8)) {
        measures.load(r);
      }
    }
    return BenchReport.Measure.of(seconds, measures);
  }

  /** The threads of the DuckDB phase: as many as the Spark master's cores ({@code local[N]}). */
  private int duckDbThreads() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("local\\[(\\d+)\\]").matcher(master);
    return m.matches() ? Integer.parseInt(m.group(1)) : Runtime.getRuntime().availableProcessors();
  }

  /** The DuckDB JDBC driver from the test class path that the Maven build writes. */
  private static String duckDbJar() throws IOException {
    Path file = Path.of("target", "test-classpath.txt");
    if (Files.exists(file)) {
      for (String entry : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
        if (entry.contains("duckdb_jdbc")) {
          return entry;
        }
      }
    }
    throw new PhaseFailedException(
        "The DuckDB driver is not in target/test-classpath.txt: build with scripts/bench.sh"
            + " (without --no-build) or mvn package, which resolves it.");
  }

  private static Properties manifest(Path data) throws IOException {
    Properties p = new Properties();
    try (Reader r =
        Files.newBufferedReader(
            data.resolve(BenchDataGenerator.MANIFEST), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  /** A phase exited non-zero. */
  static final class PhaseFailedException extends RuntimeException {
    PhaseFailedException(String message) {
      super(message);
    }
  }
}
