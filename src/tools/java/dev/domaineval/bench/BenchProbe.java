package dev.domaineval.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Measures one benchmark phase from inside its JVM, whatever main class runs it: Spark jobs, stages
 * that wrote shuffle data, file scans of the input tables (from the executed plans), the tasks' run
 * time and CPU time and the driver's peak heap. Enabled by system properties, so the job itself
 * needs no change:
 *
 * <pre>
 *   -Dspark.extraListeners=dev.domaineval.bench.BenchProbe
 *   -Dspark.sql.queryExecutionListeners=dev.domaineval.bench.BenchProbe$Queries
 *   -Ddomain-eval.bench.probe=FILE      where to write the measures (a properties file, at exit);
 *                                       each query's executed plan goes to FILE.plans.txt, each
 *                                       stage's times to FILE.stages.txt
 *   -Ddomain-eval.bench.data=DIR        scans of files under DIR count as input scans
 * </pre>
 */
public final class BenchProbe extends SparkListener {
  public static final String PROBE_FILE = "domain-eval.bench.probe";
  public static final String DATA_DIR = "domain-eval.bench.data";

  private static final AtomicLong JOBS = new AtomicLong();
  private static final AtomicLong STAGES = new AtomicLong();
  private static final AtomicLong SHUFFLE_STAGES = new AtomicLong();
  private static final AtomicLong SHUFFLE_BYTES = new AtomicLong();
  private static final AtomicLong INPUT_RECORDS = new AtomicLong();

  /** The tasks' run time and CPU time, summed over every completed stage. */
  private static final AtomicLong TASK_MILLIS = new AtomicLong();

  private static final AtomicLong CPU_NANOS = new AtomicLong();
  private static final AtomicLong PEAK_HEAP = new AtomicLong();
  private static final AtomicLong SPARK_START = new AtomicLong();
  private static final AtomicLong SPARK_END = new AtomicLong();
  private static final Map<FileSourceScanExec, Boolean> SCANS =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private static boolean started;

  public BenchProbe() {
    start();
  }

  private static synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    SPARK_START.set(System.nanoTime());
    Thread sampler =
        new Thread(
            () -> {
              var memory = ManagementFactory.getMemoryMXBean();
              while (true) {
                PEAK_HEAP.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    String file = System.getProperty(PROBE_FILE);
    if (file != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(file))));
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    JOBS.incrementAndGet();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    STAGES.incrementAndGet();
    TaskMetrics m = completed.stageInfo().taskMetrics();
    if (m != null) {
      INPUT_RECORDS.addAndGet(m.inputMetrics().recordsRead());
      TASK_MILLIS.addAndGet(m.executorRunTime());
      CPU_NANOS.addAndGet(m.executorCpuTime());
    }
    if (m != null && m.shuffleWriteMetrics().bytesWritten() > 0) {
      SHUFFLE_STAGES.incrementAndGet();
      SHUFFLE_BYTES.addAndGet(m.shuffleWriteMetrics().bytesWritten());
    }
    String file = System.getProperty(PROBE_FILE);
    if (file != null && m != null) {
      var info = completed.stageInfo();
      long wall =
          info.completionTime().isDefined() && info.submissionTime().isDefined()
              ? (Long) info.completionTime().get() - (Long) info.submissionTime().get()
              : -1;
      append(
          Path.of(file + ".stages.txt"),
          String.format(
              java.util.Locale.ROOT,
              "stage %d: %d tasks, %.1f s wall, %.1f s task time, %.1f s GC, %d rows in, %d shuffle"
                  + " bytes read, %d written, %d spilled to disk, peak execution memory %d (%s)%n",
              info.stageId(),
              info.numTasks(),
              wall / 1e3,
              m.executorRunTime() / 1e3,
              m.jvmGCTime() / 1e3,
              m.inputMetrics().recordsRead(),
              m.shuffleReadMetrics().totalBytesRead(),
              m.shuffleWriteMetrics().bytesWritten(),
              m.diskBytesSpilled(),
              m.peakExecutionMemory(),
              info.name()));
    }
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    SPARK_END.set(System.nanoTime());
  }

  /** Collects the file scans of every executed query. */
  public static final class Queries implements QueryExecutionListener {
    public Queries() {
      start();
    }

    @Override
    public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
      collectScans(qe.executedPlan());
      String file = System.getProperty(PROBE_FILE);
      if (file != null) {
        appendPlan(Path.of(file + ".plans.txt"), funcName, qe, durationNs);
      }
    }

    @Override
    public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
  }

  /** Appends a query's final executed plan (with its run time) to the plans file of the phase. */
  private static synchronized void appendPlan(
      Path file, String funcName, QueryExecution qe, long durationNs) {
    String text =
        String.format(
            java.util.Locale.ROOT,
            "== %s, %.1f s ==%n%s%n",
            funcName,
            durationNs / 1e9,
            qe.executedPlan().treeString());
    append(file, text);
  }

  private static synchronized void append(Path file, String text) {
    try {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Collects the file scans of an executed plan, looking into adaptive plans, query stages and
   * cached relations; a scan node is one object however many queries reuse its result.
   */
  private static void collectScans(SparkPlan plan) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collectScans(adaptive.executedPlan());
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      collectScans(stage.plan());
      return;
    }
    if (plan instanceof InMemoryTableScanExec cached) {
      collectScans(cached.relation().cachedPlan());
      return;
    }
    if (plan instanceof FileSourceScanExec scan) {
      SCANS.put(scan, true);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collectScans(child);
    }
  }

  private static void write(Path file) {
    String data = System.getProperty(DATA_DIR, "");
    String dataUri =
        data.isEmpty() ? "" : Path.of(data).toAbsolutePath().normalize().toUri().toString();
    List<String> inputRows = new ArrayList<>();
    long otherScans = 0;
    synchronized (SCANS) {
      for (FileSourceScanExec scan : SCANS.keySet()) {
        boolean input =
            !dataUri.isEmpty()
                && CollectionConverters.asJava(scan.relation().location().rootPaths()).stream()
                    .allMatch(p -> p.toUri().toString().startsWith(dataUri.replaceAll("/$", "")));
        if (input) {
          inputRows.add(Long.toString(scan.metrics().apply("numOutputRows").value()));
        } else {
          otherScans++;
        }
      }
    }
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long end = SPARK_END.get() == 0 ? System.nanoTime() : SPARK_END.get();
    Properties p = new Properties();
    p.setProperty("jobs", Long.toString(JOBS.get()));
    p.setProperty("stages", Long.toString(STAGES.get()));
    p.setProperty("shuffle-stages", Long.toString(SHUFFLE_STAGES.get()));
    p.setProperty("shuffle-bytes", Long.toString(SHUFFLE_BYTES.get()));
    p.setProperty("input-scans", Integer.toString(inputRows.size()));
    p.setProperty("input-scan-rows", String.join(",", inputRows));
    p.setProperty("input-records", Long.toString(INPUT_RECORDS.get()));
    p.setProperty("other-scans", Long.toString(otherScans));
    p.setProperty("peak-heap-bytes", Long.toString(PEAK_HEAP.get()));
    p.setProperty("max-heap-bytes", Long.toString(Runtime.getRuntime().maxMemory()));
    p.setProperty("gc-millis", Long.toString(gcMillis));
    p.setProperty("task-millis", Long.toString(TASK_MILLIS.get()));
    p.setProperty("cpu-millis", Long.toString(CPU_NANOS.get() / 1_000_000));
    p.setProperty("spark-millis", Long.toString((end - SPARK_START.get()) / 1_000_000));
    try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "domain-eval benchmark probe");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
