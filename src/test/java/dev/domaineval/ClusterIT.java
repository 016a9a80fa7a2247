package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.domaineval.report.TableWriter;
import dev.domaineval.sample.SampleGenerator;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.LocalCluster;
import dev.domaineval.testing.RunOutputs;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar as users run it: {@code scripts/submit.sh} (SparkSubmit, client deploy mode) to a
 * Spark standalone cluster of two workers, reading its inputs from and writing every output to a
 * real HDFS, all on this machine (started by the scripts the README documents). Each cluster run is
 * compared, table by table and row by row, with a local-mode run of the same job in this JVM.
 *
 * <p>{@code -DskipClusterTests=true} skips them (they start five JVMs and take a few minutes).
 *
 * <p>Also the faults a night's run meets: an executor JVM killed with {@code kill -9} in the middle
 * of the pass, and a run that fails after staging its tables, before publishing them.
 */
@ExtendWith(SharedSpark.class)
@DisabledIfSystemProperty(named = "skipClusterTests", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  /** Examples of the generated data set of the executor-kill test. */
  private static final int KILL_EXAMPLES = Integer.getInteger("cluster.kill.examples", 200_000);

  private static final String DRIVER_OPTS = "-Xmx1g";
  private static final List<String> CLUSTER_CONF =
      List.of(
          "--conf", "spark.sql.shuffle.partitions=8",
          "--conf", "spark.executor.memory=1g",
          "--conf", "spark.driver.host=127.0.0.1");

  private static LocalCluster cluster;
  private static Path project;

  @TempDir Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    long start = System.nanoTime();
    cluster = LocalCluster.start();
    project = cluster.project();
    try (FileSystem fs = cluster.fileSystem()) {
      for (String f : List.of("labels.csv", "predictions.csv", "training-ft-v1.csv")) {
        fs.copyFromLocalFile(
            new org.apache.hadoop.fs.Path(project.resolve("data-samples/" + f).toString()),
            new org.apache.hadoop.fs.Path("/in/sample/" + f));
      }
    }
    seconds("cluster and HDFS start", start);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void sampleSubmittedToTheClusterFromHdfsToHdfsEqualsTheLocalModeRun(SparkSession spark)
      throws Exception {
    long start = System.nanoTime();
    LocalCluster.Submission run =
        submit("sample", "cluster", "/in/sample", "/out", DRIVER_OPTS, List.of());
    int exit = run.waitFor(10);
    seconds("sample on the cluster", start);
    assertThat(exit).as(run.output()).isZero();

    Path local = tmp.resolve("local");
    JobRun reference = localRun(project.resolve("data-samples"), local, "cluster");
    assertThat(reference.exitCode()).as(reference.err()).isZero();

    RunOutputs onCluster = RunOutputs.read(spark, cluster.hdfs("/out"), "cluster");
    RunOutputs inLocalMode = RunOutputs.read(spark, local.toString(), "cluster");
    assertThat(onCluster.tables().keySet())
        .contains("confusion", "metrics", "reconciliation", "comparison", "findings", "verdicts");
    assertThat(onCluster.rowCount()).isGreaterThan(10_000);
    assertThat(onCluster.tables()).isEqualTo(inLocalMode.tables());
    // summary.json, and every other file of the run (the HTML report, where the job writes one).
    assertThat(onCluster.runFiles()).containsKeys(TableWriter.SUMMARY, "_SUCCESS");
    assertThat(onCluster.runFiles()).isEqualTo(inLocalMode.runFiles());
    assertThat(onCluster.runFiles().get(TableWriter.SUMMARY))
        .contains("<root>/metrics/run_id=cluster");
  }

  @Test
  @Order(2)
  void runFailingBeforePublishLeavesThePublishedRunIntactAndHiddenAndItsRerunSucceeds(
      SparkSession spark) throws Exception {
    String out = "/out";
    try (FileSystem fs = cluster.fileSystem()) {
      if (!fs.exists(new org.apache.hadoop.fs.Path(out + "/_runs/run_id=cluster/_SUCCESS"))) {
        assertThat(
                submit("sample", "cluster", "/in/sample", out, DRIVER_OPTS, List.of()).waitFor(10))
            .isZero();
      }
      RunOutputs before = RunOutputs.read(spark, cluster.hdfs(out), "cluster");
      Map<String, String> published = snapshot(fs, out);

      long start = System.nanoTime();
      LocalCluster.Submission failed =
          submit(
              "inject",
              "night-2",
              "/in/sample",
              out,
              DRIVER_OPTS + " -D" + TableWriter.FAIL_BEFORE_PUBLISH + "=true",
              List.of());
      int exit = failed.waitFor(10);
      seconds("run with an injected failure before publish", start);
      assertThat(exit).as(failed.output()).isEqualTo(1);
      assertThat(failed.output()).contains("Injected failure before publishing run night-2");

      // The failed attempt removed its staged tables and released its lease (on HDFS), and
      // nothing of it is visible.
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out + "/_staging"))).isFalse();
      assertThat(fs.globStatus(new org.apache.hadoop.fs.Path(out + "/*/run_id=night-2"))).isEmpty();
      assertThat(snapshot(fs, out)).isEqualTo(published);
      assertThat(RunOutputs.read(spark, cluster.hdfs(out), "cluster")).isEqualTo(before);
      assertThat(runIds(spark, cluster.hdfs(out + "/metrics"))).containsExactly("cluster");

      start = System.nanoTime();
      LocalCluster.Submission rerun =
          submit("rerun", "night-2", "/in/sample", out, DRIVER_OPTS, List.of());
      exit = rerun.waitFor(10);
      seconds("rerun of the failed run id", start);
      assertThat(exit).as(rerun.output()).isZero();

      // The rerun published the same outputs as the other run of the same data, once; the other
      // run's files are untouched, and the failed attempt's staging area is gone.
      // Its report differs from the first run's in one way: it has that run as history.
      RunOutputs night2 = RunOutputs.read(spark, cluster.hdfs(out), "night-2");
      RunOutputs renamed = renameRun(night2, "night-2", "cluster");
      assertThat(renamed.tables()).isEqualTo(before.tables());
      Map<String, String> files = new java.util.TreeMap<>(renamed.runFiles());
      Map<String, String> beforeFiles = new java.util.TreeMap<>(before.runFiles());
      String report = "report/report.html";
      assertThat(files.remove(report)).isNotNull();
      assertThat(beforeFiles.remove(report)).contains("No earlier published run");
      assertThat(files).isEqualTo(beforeFiles);
      assertThat(night2.runFiles().get(report))
          .contains("Compared with the last published run <strong>cluster</strong>");
      assertThat(spark.read().parquet(cluster.hdfs(out + "/metrics")).count())
          .isEqualTo(2L * before.tables().get("metrics").size());
      assertThat(runIds(spark, cluster.hdfs(out + "/metrics")))
          .containsExactly("cluster", "night-2");
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out + "/_staging"))).isFalse();
      Map<String, String> after = snapshot(fs, out);
      after.keySet().removeIf(p -> p.contains("run_id=night-2"));
      assertThat(after).isEqualTo(published);
    }
  }

  @Test
  @Order(3)
  void executorKilledMidRunDoesNotChangeTheOutputs(SparkSession spark) throws Exception {
    Path data = tmp.resolve("data");
    SampleGenerator.generate(data, KILL_EXAMPLES, 20261127L);
    try (FileSystem fs = cluster.fileSystem()) {
      for (String f : List.of("labels.csv", "predictions.csv", "training-ft-v1.csv")) {
        fs.copyFromLocalFile(
            new org.apache.hadoop.fs.Path(data.resolve(f).toString()),
            new org.apache.hadoop.fs.Path("/in/generated/" + f));
      }
    }
    int uiPort = LocalCluster.freePort();
    long start = System.nanoTime();
    LocalCluster.Submission run =
        submit(
            "kill",
            "kill",
            "/in/generated",
            "/out-kill",
            DRIVER_OPTS,
            List.of(
                "--conf", "spark.ui.enabled=true",
                "--conf", "spark.ui.port=" + uiPort,
                // Several input splits, so that the pass has many tasks to interrupt.
                "--conf", "spark.sql.files.maxPartitionBytes=4m"));
    String killed = killAnExecutorMidTask(run, uiPort);
    int exit = run.waitFor(10);
    seconds(
        "generated data (" + KILL_EXAMPLES + " examples) with executor " + killed + " killed",
        start);
    assertThat(exit).as(run.output()).isZero();
    // The executor was lost during the run. Whether a task was still running on it when it died is
    // a race (the UI's count of active tasks lags its listener events): when one was, Spark logs
    // its ExecutorLostFailure and reruns it; either way its shuffle output is gone and must be
    // recomputed, and the outputs below must not change.
    assertThat(run.output()).contains("Lost executor " + killed);
    if (!run.output().contains("ExecutorLostFailure (executor " + killed + " exited")) {
      System.out.printf(
          "ClusterIT: executor %s had finished its running task before it died%n", killed);
    }

    start = System.nanoTime();
    Path local = tmp.resolve("local");
    JobRun reference = localRun(data, local, "kill");
    seconds("the same data undisturbed in local mode", start);
    assertThat(reference.exitCode()).as(reference.err()).isZero();
    RunOutputs onCluster = RunOutputs.read(spark, cluster.hdfs("/out-kill"), "kill");
    RunOutputs undisturbed = RunOutputs.read(spark, local.toString(), "kill");
    assertThat(onCluster.tables()).isEqualTo(undisturbed.tables());
    assertThat(onCluster.runFiles()).isEqualTo(undisturbed.runFiles());
  }

  /**
   * Waits, through the driver's REST API, until an executor is running a task of the pass after
   * finishing others (so it also holds shuffle output the run still needs), then kills its JVM with
   * {@code kill -9}. Returns the executor id.
   */
  private static String killAnExecutorMidTask(LocalCluster.Submission run, int uiPort)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ObjectMapper json = new ObjectMapper();
    String api = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
    String appId = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(run.process().isAlive())
          .as(
              "The run ended before an executor could be killed mid-task; raise"
                  + " -Dcluster.kill.examples. Its output:%n%s",
              run.output())
          .isTrue();
      Optional<JsonNode> body =
          get(http, json, appId == null ? api : api + "/" + appId + "/executors");
      if (body.isPresent() && appId == null && body.get().size() > 0) {
        appId = body.get().get(0).get("id").asText();
      } else if (body.isPresent() && appId != null) {
        for (JsonNode e : body.get()) {
          String id = e.get("id").asText();
          // More tasks done than the single-task jobs before the pass (reading csv headers):
          // the pass has started.
          if (!id.equals("driver")
              && e.get("activeTasks").asInt() > 0
              && e.get("completedTasks").asInt() >= 4) {
            long pid = executorPid(appId, id);
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
            assertThat(kill.waitFor()).isZero();
            System.out.printf(
                "ClusterIT: killed executor %s (pid %d) with %d tasks done and %d running%n",
                id, pid, e.get("completedTasks").asInt(), e.get("activeTasks").asInt());
            return id;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("No executor was running a task within 5 minutes");
  }

  private static Optional<JsonNode> get(HttpClient http, ObjectMapper json, String url) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the driver's UI is not up yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The pid of the executor JVM of this application and executor id, from /proc. */
  private static long executorPid(String appId, String executorId) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String cmd;
        try {
          cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
          continue;
        }
        if (cmd.contains("CoarseGrainedExecutorBackend")
            && cmd.contains("\0--app-id\0" + appId + "\0")
            && cmd.contains("\0--executor-id\0" + executorId + "\0")) {
          return Long.parseLong(p.getFileName().toString());
        }
      }
    }
    throw new AssertionError("No JVM of executor " + executorId + " of " + appId + " found");
  }

  private static LocalCluster.Submission submit(
      String name,
      String runId,
      String input,
      String output,
      String driverOpts,
      List<String> sparkConf)
      throws IOException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--config", "conf/sample.conf", "--run-id", runId));
    args.addAll(CLUSTER_CONF);
    args.addAll(sparkConf);
    args.add("--");
    args.addAll(inputs(cluster.hdfs(input)));
    args.addAll(List.of("--set", "output.path=\"" + cluster.hdfs(output) + "\""));
    return cluster.submit(name, driverOpts, args);
  }

  private static JobRun localRun(Path data, Path output, String runId) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--config", project.resolve("conf/sample.conf").toString()));
    args.addAll(inputs(data.toString()));
    args.addAll(List.of("--set", "output.path=\"" + output + "\"", "--set", "run-id=" + runId));
    return JobRun.of(args.toArray(String[]::new));
  }

  /** The --set arguments that read the sample's three files from a folder. */
  private static List<String> inputs(String folder) {
    return List.of(
        "--set", "input.labels.path=\"" + folder + "/labels.csv\"",
        "--set", "input.predictions.path=\"" + folder + "/predictions.csv\"",
        "--set", "input.training.ft-v1.path=\"" + folder + "/training-ft-v1.csv\"");
  }

  /** Every file under the root except the staging area: path to length and modification time. */
  private static Map<String, String> snapshot(FileSystem fs, String root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
    while (it.hasNext()) {
      FileStatus f = it.next();
      String path = f.getPath().toUri().getPath();
      if (!path.contains("/_staging/")) {
        files.put(path, f.getLen() + "@" + f.getModificationTime());
      }
    }
    return files;
  }

  private static List<String> runIds(SparkSession spark, String table) {
    return spark
        .read()
        .parquet(table)
        .select("run_id")
        .distinct()
        .orderBy("run_id")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private static RunOutputs renameRun(RunOutputs run, String from, String to) {
    Map<String, List<String>> tables = new TreeMap<>();
    run.tables()
        .forEach(
            (t, rows) ->
                tables.put(t, rows.stream().map(r -> r.replace(from, to)).sorted().toList()));
    Map<String, String> files = new TreeMap<>();
    run.runFiles().forEach((f, text) -> files.put(f, text.replace(from, to)));
    return new RunOutputs(tables, files);
  }

  private static void seconds(String what, long startNanos) {
    System.out.printf("ClusterIT: %s took %.1f s%n", what, (System.nanoTime() - startNanos) / 1e9);
  }
}
