package dev.domaineval.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
   * @param taskSeconds the run time of every task, summed
   * @param cpuSeconds the CPU time of every task, summed: the measure least moved by other work on
   *     the machine
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
      double taskSeconds,
      double cpuSeconds,
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
          number(probe, "task-millis") / 1000.0,
          number(probe, "cpu-millis") / 1000.0,
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
          taskSeconds,
          cpuSeconds,
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

  /** The comparison table of the phases run once each on one data set. */
  static String comparison(
      BenchShape shape,
      int slices,
      Properties manifest,
      String master,
      String heap,
      int bootstrap,
      Map<String, Measure> measures) {
    Map<String, List<Measure>> runs = new LinkedHashMap<>();
    measures.forEach((phase, m) -> runs.put(phase, List.of(m)));
    return rounds(shape, slices, manifest, master, heap, bootstrap, runs);
  }

  /**
   * The comparison table of the phases run in rounds on one data set: each phase's row is its
   * median round, and each ratio is that of the medians, with the ratio of every round (the phases
   * of a round ran one after the other, so a slow spell of the machine touches both sides of a
   * round's ratio) and that of the median CPU times.
   *
   * @param runs per phase, its measures in round order (every phase ran in every round)
   */
  static String rounds(
      BenchShape shape,
      int slices,
      Properties manifest,
      String master,
      String heap,
      int bootstrap,
      Map<String, List<Measure>> runs) {
    long predictionRows = Long.parseLong(manifest.getProperty("prediction-rows"));
    long labelRows = Long.parseLong(manifest.getProperty("label-rows"));
    int rounds = runs.values().stream().mapToInt(List::size).max().orElse(1);
    Map<String, Measure> measures = new LinkedHashMap<>();
    runs.forEach((phase, list) -> measures.put(phase, median(list)));
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
    if (rounds > 1) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %d rounds of every phase, in turn (the order reversed every other round); each"
                  + " row is the phase's median round%n",
              rounds));
    }
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
            "%-22s %9s %8s %10s %8s %8s %8s %9s %6s %5s %8s %-26s%n",
            "phase",
            "seconds",
            "x floor",
            "s/M preds",
            "spark s",
            "task s",
            "cpu s",
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
              "%-22s %9.1f %8s %10.2f %8.1f %8.1f %8.1f %9.0f %6.1f %5d %8s %-26s%n",
              e.getKey(),
              seconds,
              floor == null ? "-" : String.format(Locale.ROOT, "%.2f", seconds / floor.seconds()),
              seconds / (predictionRows / 1e6),
              m.sparkSeconds(),
              m.taskSeconds(),
              m.cpuSeconds(),
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
    s.append("  shuffles: stages that wrote shuffle data / MiB written\n");
    if (rounds > 1) {
      s.append("  seconds of each round:\n");
      runs.forEach(
          (phase, list) -> {
            s.append(String.format(Locale.ROOT, "    %-24s", phase));
            list.forEach(m -> s.append(String.format(Locale.ROOT, " %7.1f", m.seconds())));
            s.append('\n');
          });
    }
    s.append('\n');
    ratio(s, runs, "job", "floor", "target <= 1.0");
    ratio(s, runs, "job-scores", "floor", "target <= 1.3");
    ratio(s, runs, "job-full", "floor", "");
    ratio(s, runs, "job", "job-no-examples", "examples table: target <= 1.05");
    ratio(s, runs, "job-scores", "job-scores-no-examples", "examples table: target <= 1.05");
    ratio(s, runs, "job", "job-no-discovery", "slice discovery: target <= 1.10");
    ratio(s, runs, "job", "job-no-normalization", "answer normalization: target <= 1.10");
    ratio(s, runs, "job", "job-no-sketches", "examples table and invalid answers together");
    ratio(s, runs, "job-no-examples", "job-no-sketches", "invalid answers alone");
    ratio(s, runs, "job", "direct", "target < 1");
    ratio(s, runs, "direct", "floor", "");
    ratio(s, runs, "naive", "job", "target >= 20");
    ratio(s, runs, "duckdb", "floor", "single node, same threads");
    ratio(s, runs, "job", "duckdb", "");
    return s.toString();
  }

  /** The measure of the median round (of an even number, the lower of the middle two). */
  static Measure median(List<Measure> runs) {
    List<Measure> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(Measure::seconds));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static double medianOf(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void ratio(
      StringBuilder s, Map<String, List<Measure>> runs, String a, String b, String target) {
    List<Measure> x = runs.get(a);
    List<Measure> y = runs.get(b);
    if (x == null || y == null) {
      return;
    }
    List<Double> xs = x.stream().map(Measure::seconds).toList();
    List<Double> ys = y.stream().map(Measure::seconds).toList();
    s.append(
        String.format(
            Locale.ROOT,
            "%-32s %8.2f   %s",
            a + " / " + b,
            medianOf(xs) / medianOf(ys),
            target.isEmpty() ? "" : "(" + target + ")"));
    if (x.size() > 1 && x.size() == y.size()) {
      s.append(" rounds");
      for (int i = 0; i < x.size(); i++) {
        s.append(String.format(Locale.ROOT, " %.2f", xs.get(i) / ys.get(i)));
      }
      double cpuX = medianOf(x.stream().map(Measure::cpuSeconds).toList());
      double cpuY = medianOf(y.stream().map(Measure::cpuSeconds).toList());
      if (cpuY > 0) {
        s.append(String.format(Locale.ROOT, "; cpu %.2f", cpuX / cpuY));
      }
    }
    s.append('\n');
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
