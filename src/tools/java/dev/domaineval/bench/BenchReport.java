package dev.domaineval.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The benchmark's printed tables: one phase per line with its ratio to the floor, and the growth
 * factors of the scaling runs. Plain text, no Spark.
 */
final class BenchReport {
  private static final double MIB = 1024.0 * 1024.0;

  private BenchReport() {}

  /**
   * What one phase measured.
   *
   * @param wallSeconds wall-clock time of its JVM, start-up included
   * @param sparkSeconds from the start of its SparkContext to its end
   * @param jobs Spark jobs
   * @param shuffleStages stages that wrote shuffle data
   * @param shuffleBytes shuffle bytes written
   * @param inputScanRows rows read by each file scan of the input tables (one entry per scan)
   * @param inputRecords records read from files by all tasks (every file, the inputs included)
   * @param peakHeapBytes highest heap use sampled in the driver (every 20 ms, garbage included)
   * @param maxHeapBytes the driver's maximum heap
   * @param gcSeconds time spent in garbage collection
   * @param estimate for the naive loop: its extrapolation (see {@link NaiveLoop}); else empty
   */
  record Measure(
      double wallSeconds,
      double sparkSeconds,
      long jobs,
      long shuffleStages,
      long shuffleBytes,
      List<Long> inputScanRows,
      long inputRecords,
      long peakHeapBytes,
      long maxHeapBytes,
      double gcSeconds,
      Map<String, String> estimate) {
    Measure {
      inputScanRows = List.copyOf(inputScanRows);
      estimate = Map.copyOf(estimate);
    }

    /** From the probe's properties (missing values are 0). */
    static Measure of(double wallSeconds, Properties probe) {
      List<Long> rows = new ArrayList<>();
      for (String r : probe.getProperty("input-scan-rows", "").split(",")) {
        if (!r.isBlank()) {
          rows.add(Long.parseLong(r.trim()));
        }
      }
      rows.sort(null);
      return new Measure(
          wallSeconds,
          number(probe, "spark-millis") / 1000.0,
          number(probe, "jobs"),
          number(probe, "shuffle-stages"),
          number(probe, "shuffle-bytes"),
          rows,
          number(probe, "input-records"),
          number(probe, "peak-heap-bytes"),
          number(probe, "max-heap-bytes"),
          number(probe, "gc-millis") / 1000.0,
          Map.of());
    }

    Measure withEstimate(Properties naive) {
      Map<String, String> m = new TreeMap<>();
      naive.stringPropertyNames().forEach(k -> m.put(k, naive.getProperty(k)));
      return new Measure(
          wallSeconds,
          sparkSeconds,
          jobs,
          shuffleStages,
          shuffleBytes,
          inputScanRows,
          inputRecords,
          peakHeapBytes,
          maxHeapBytes,
          gcSeconds,
          m);
    }

    /** The time the phase stands for: the naive loop's estimate, else the wall-clock time. */
    double seconds() {
      String e = estimate.get("estimated-seconds");
      return e == null ? wallSeconds : Double.parseDouble(e);
    }

    private static long number(Properties p, String key) {
      String v = p.getProperty(key);
      return v == null || v.isBlank() ? 0 : Long.parseLong(v.trim());
    }
  }

  /** One step of a scaling run: the floor and the job on one data set. */
  record Step(String name, Measure floor, Measure job) {}

  /** The comparison table of the phases run on one data set. */
  static String comparison(
      BenchShape shape,
      int slices,
      Properties manifest,
      String master,
      String heap,
      int bootstrap,
      Map<String, Measure> measures) {
    long predictionRows = Long.parseLong(manifest.getProperty("prediction-rows"));
    long labelRows = Long.parseLong(manifest.getProperty("label-rows"));
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%nBenchmark: %,d examples x %d models, %d slice columns %s%n",
            shape.examples(),
            shape.models(),
            slices,
            BenchShape.sliceColumns(slices).stream().map(BenchShape.SliceColumn::name).toList()));
    s.append(
        String.format(
            Locale.ROOT,
            "  %,d label rows, %,d prediction rows; each phase in a fresh JVM, master %s, heap %s;"
                + " wall-clock times, JVM and Spark start-up included%n",
            labelRows,
            predictionRows,
            master,
            heap));
    s.append(
        String.format(
            Locale.ROOT,
            "  job: a baseline and %d candidate(s), comparison and findings on; job-scores: also"
                + " the score metrics; job-full: also bootstrap.replicates = %d%n%n",
            shape.models() - 1,
            bootstrap));
    s.append(
        String.format(
            Locale.ROOT,
            "%-9s %9s %8s %10s %8s %9s %6s %5s %8s %-26s%n",
            "phase",
            "seconds",
            "x floor",
            "s/M preds",
            "spark s",
            "peak MiB",
            "gc s",
            "jobs",
            "shuffles",
            "input scans (rows read)"));
    Measure floor = measures.get("floor");
    for (Map.Entry<String, Measure> e : measures.entrySet()) {
      Measure m = e.getValue();
      double seconds = m.seconds();
      s.append(
          String.format(
              Locale.ROOT,
              "%-9s %9.1f %8s %10.2f %8.1f %9.0f %6.1f %5d %8s %-26s%n",
              e.getKey(),
              seconds,
              floor == null ? "-" : String.format(Locale.ROOT, "%.2f", seconds / floor.seconds()),
              seconds / (predictionRows / 1e6),
              m.sparkSeconds(),
              m.peakHeapBytes() / MIB,
              m.gcSeconds(),
              m.jobs(),
              String.format(Locale.ROOT, "%d/%.0fM", m.shuffleStages(), m.shuffleBytes() / MIB),
              m.inputScanRows().isEmpty() && m.inputRecords() > 0
                  // The plans do not show the scans (e.g. behind an RDD step): what the tasks read.
                  ? String.format(Locale.ROOT, "tasks read %,d rows", m.inputRecords())
                  : scans(m.inputScanRows())));
    }
    Measure naive = measures.get("naive");
    if (naive != null) {
      Map<String, String> n = naive.estimate();
      s.append(
          String.format(
              Locale.ROOT,
              "  naive: estimated from %s timed groups: %s groups x %s s + %s s to find the slice"
                  + " values (its own run took %.1f s)%n",
              n.get("timed-groups"),
              n.get("groups"),
              n.get("seconds-per-group"),
              n.get("discovery-seconds"),
              naive.wallSeconds()));
    }
    s.append("  shuffles: stages that wrote shuffle data / MiB written\n\n");
    ratio(s, measures, "job", "floor", "target <= 1.0");
    ratio(s, measures, "job-scores", "floor", "target <= 1.3");
    ratio(s, measures, "job-full", "floor", "");
    ratio(s, measures, "job", "job-no-examples", "examples table: target <= 1.05");
    ratio(s, measures, "job-scores", "job-scores-no-examples", "examples table: target <= 1.05");
    ratio(s, measures, "job", "job-no-discovery", "slice discovery: target <= 1.10");
    ratio(s, measures, "job", "direct", "target < 1");
    ratio(s, measures, "direct", "floor", "");
    ratio(s, measures, "naive", "job", "target >= 20");
    ratio(s, measures, "duckdb", "floor", "single node, same threads");
    ratio(s, measures, "job", "duckdb", "");
    return s.toString();
  }

  private static void ratio(
      StringBuilder s, Map<String, Measure> measures, String a, String b, String target) {
    Measure x = measures.get(a);
    Measure y = measures.get(b);
    if (x != null && y != null) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-18s %8.2f   %s%n",
              a + " / " + b,
              x.seconds() / y.seconds(),
              target.isEmpty() ? "" : "(" + target + ")"));
    }
  }

  /**
   * Growth factors of a scaling run against its first step; {@code sizes} (or null) are the numbers
   * of examples of the steps, for the rows factor.
   */
  static String scaling(String title, List<Step> steps, List<Long> sizes) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%nScaling: %s%n", title));
    s.append(
        String.format(
            Locale.ROOT,
            "%-22s %8s %8s %9s %8s %12s %10s%n",
            "step",
            sizes == null ? "" : "rows x",
            "floor s",
            "job s",
            "job/fl",
            "floor growth",
            "job growth"));
    Step first = steps.get(0);
    for (int i = 0; i < steps.size(); i++) {
      Step st = steps.get(i);
      s.append(
          String.format(
              Locale.ROOT,
              "%-22s %8s %8.1f %9.1f %8.2f %12.2f %10.2f%n",
              st.name(),
              sizes == null
                  ? ""
                  : String.format(Locale.ROOT, "%.1f", (double) sizes.get(i) / sizes.get(0)),
              st.floor().seconds(),
              st.job().seconds(),
              st.job().seconds() / st.floor().seconds(),
              st.floor().seconds() / first.floor().seconds(),
              st.job().seconds() / first.job().seconds()));
    }
    return s.toString();
  }

  private static String scans(List<Long> rows) {
    StringBuilder s = new StringBuilder().append(rows.size());
    if (!rows.isEmpty()) {
      s.append(" (");
      for (int i = 0; i < rows.size(); i++) {
        s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d", rows.get(i)));
      }
      s.append(')');
    }
    return s.toString();
  }
}
