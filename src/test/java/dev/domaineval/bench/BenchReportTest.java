package dev.domaineval.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static Properties probe(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static Properties manifest() {
    return probe("label-rows", "1000000", "prediction-rows", "2000000");
  }

  @Test
  void measureReadsTheProbesPropertiesAndSortsTheScannedRows() {
    BenchReport.Measure m =
        BenchReport.Measure.of(
            12.5,
            probe(
                "jobs", "7",
                "shuffle-stages", "2",
                "shuffle-bytes", "1048576",
                "input-scan-rows", "2000000,1000000",
                "peak-heap-bytes", "536870912",
                "gc-millis", "1500",
                "spark-millis", "10000"));

    assertThat(m.jobs()).isEqualTo(7);
    assertThat(m.inputScanRows()).containsExactly(1_000_000L, 2_000_000L);
    assertThat(m.gcSeconds()).isCloseTo(1.5, within(1e-12));
    assertThat(m.sparkSeconds()).isCloseTo(10.0, within(1e-12));
    assertThat(m.seconds()).isCloseTo(12.5, within(1e-12));
  }

  @Test
  void naiveLoopStandsForItsEstimateNotItsOwnRunTime() {
    BenchReport.Measure m =
        BenchReport.Measure.of(30, probe())
            .withEstimate(probe("estimated-seconds", "3600.0", "groups", "1200"));

    assertThat(m.seconds()).isCloseTo(3600.0, within(1e-12));
    assertThat(m.wallSeconds()).isCloseTo(30.0, within(1e-12));
  }

  @Test
  void comparisonDividesEachPhaseByTheFloorAndByMillionsOfPredictionRows() {
    Map<String, BenchReport.Measure> measures = new LinkedHashMap<>();
    measures.put("floor", BenchReport.Measure.of(40, probe("input-scan-rows", "1000000,2000000")));
    measures.put("direct", BenchReport.Measure.of(52, probe()));
    measures.put("job", BenchReport.Measure.of(48, probe()));
    // Scans hidden from the plans (an RDD step): the tasks' input records stand in for them.
    measures.put("job-scores", BenchReport.Measure.of(60, probe("input-records", "3000004")));

    String report =
        BenchReport.comparison(
            new BenchShape(1_000_000, 2, 42), 4, manifest(), "local[2]", "2g", 100, measures);

    // job: 48 s = 1.20 x the floor's 40 s, 48 / 2 M prediction rows = 24.00 s per million.
    assertThat(report).containsPattern("job\\s+48\\.0\\s+1\\.20\\s+24\\.00");
    assertThat(report).containsPattern("floor\\s+40\\.0\\s+1\\.00\\s+20\\.00");
    assertThat(report).contains("2 (1,000,000, 2,000,000)");
    assertThat(report).contains("tasks read 3,000,004 rows");
    // 48 / 52 = 0.92
    assertThat(report).containsPattern("job / direct\\s+0\\.92");
    assertThat(report).containsPattern("direct / floor\\s+1\\.30");
    assertThat(report).doesNotContain("job-full / floor");
  }

  @Test
  void roundsReportEachPhasesMedianRoundAndEachRoundsRatio() {
    Map<String, List<BenchReport.Measure>> runs = new LinkedHashMap<>();
    runs.put(
        "job",
        List.of(
            BenchReport.Measure.of(110, probe("cpu-millis", "200000")),
            BenchReport.Measure.of(150, probe("cpu-millis", "260000")),
            BenchReport.Measure.of(100, probe("cpu-millis", "180000"))));
    runs.put(
        "job-no-examples",
        List.of(
            BenchReport.Measure.of(100, probe("cpu-millis", "190000")),
            BenchReport.Measure.of(120, probe("cpu-millis", "240000")),
            BenchReport.Measure.of(104, probe("cpu-millis", "200000"))));

    String report =
        BenchReport.rounds(
            new BenchShape(1_000_000, 2, 42), 4, manifest(), "local[2]", "2g", 100, runs);

    // Medians: job 110 (cpu 200), job-no-examples 104 (cpu 200); 110 / 104 = 1.06.
    assertThat(report).contains("3 rounds of every phase");
    assertThat(report).containsPattern("\\njob\\s+110\\.0\\s");
    assertThat(report).containsPattern("\\njob-no-examples\\s+104\\.0\\s");
    // Each round: 110/100, 150/120, 100/104.
    assertThat(report)
        .containsPattern(
            "job / job-no-examples\\s+1\\.06\\s+\\(examples table: target <= 1\\.05\\)"
                + " rounds 1\\.10 1\\.25 0\\.96; cpu 1\\.00");
    assertThat(report).containsPattern("job\\s+110\\.0\\s+150\\.0\\s+100\\.0");
  }

  @Test
  void medianOfAnEvenNumberOfRoundsIsTheLowerMiddleOne() {
    BenchReport.Measure m =
        BenchReport.median(
            List.of(
                BenchReport.Measure.of(30, probe()),
                BenchReport.Measure.of(10, probe()),
                BenchReport.Measure.of(20, probe()),
                BenchReport.Measure.of(40, probe())));

    assertThat(m.seconds()).isCloseTo(20.0, within(1e-12));
  }

  @Test
  void scalingGivesGrowthAgainstTheFirstStep() {
    List<BenchReport.Step> steps =
        List.of(
            new BenchReport.Step(
                "1M", BenchReport.Measure.of(10, probe()), BenchReport.Measure.of(12, probe())),
            new BenchReport.Step(
                "5M", BenchReport.Measure.of(40, probe()), BenchReport.Measure.of(54, probe())));

    String report = BenchReport.scaling("rows", steps, List.of(1_000_000L, 5_000_000L));

    // 5M: rows x5.0, floor 40 / 10 = 4.00, job 54 / 12 = 4.50, job/floor 54 / 40 = 1.35
    assertThat(report)
        .containsPattern("5M\\s+5\\.0\\s+40\\.0\\s+54\\.0\\s+1\\.35\\s+4\\.00\\s+4\\.50");
    assertThat(report)
        .containsPattern("1M\\s+1\\.0\\s+10\\.0\\s+12\\.0\\s+1\\.20\\s+1\\.00\\s+1\\.00");
  }

  @Test
  void shapeRejectsAnEmptyDataSetAndTooManySliceColumns() {
    assertThatThrownBy(() -> new BenchShape(0, 2, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("examples: 0");
    assertThatThrownBy(() -> BenchShape.sliceColumns(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Use 0 to 8");
  }

  @Test
  void domainSharesAndPriorsAddUpToOne() {
    assertThat(BenchShape.DOMAINS.stream().mapToDouble(BenchShape.Domain::share).sum())
        .isCloseTo(1.0, within(1e-9));
    for (BenchShape.Domain d : BenchShape.DOMAINS) {
      assertThat(d.priors().stream().mapToDouble(Double::doubleValue).sum())
          .as(d.name())
          .isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void slicesOfTheJobConfigMarkOnlyTheSiteColumnHighCardinality() {
    assertThat(BenchDataGenerator.slicesHocon(1))
        .isEqualTo("[{ name = language, column = language }]");
    assertThat(BenchDataGenerator.slicesHocon(4))
        .contains("{ name = site, column = site, high-cardinality = true }")
        .containsOnlyOnce("high-cardinality");
  }
}
