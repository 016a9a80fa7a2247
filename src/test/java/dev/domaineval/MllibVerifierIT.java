package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.aggregate.CountAggregator;
import dev.domaineval.aggregate.ExampleRows;
import dev.domaineval.aggregate.LabelSets;
import dev.domaineval.aggregate.MllibVerifier;
import dev.domaineval.config.ConfigLoader;
import dev.domaineval.config.JobConfig;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.GroupMetrics;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import dev.domaineval.slice.SlicePlan;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The run-time check against MLlib passes on correct metrics and names the group it fails on. */
@ExtendWith(SharedSpark.class)
class MllibVerifierIT {
  private static JobConfig config;
  private static SlicePlan plan;
  private static ExampleRows rows;
  private static LabelSets labelSets;
  private static final Map<GroupKey, List<MetricValue>> metrics = new HashMap<>();

  @BeforeAll
  static void countTheSample(SparkSession spark) {
    config =
        new ConfigLoader()
            .load(
                Optional.of(Path.of(System.getProperty("user.dir"), "conf/sample.conf")),
                List.of("output.path=unused"));
    plan = SlicePlan.of(config.slices());
    rows = ExampleRows.define(ExampleJoin.define(spark, config, plan), plan, config);
    try (CountAggregator counts = CountAggregator.define(spark, rows, plan)) {
      CountAggregator.Summary summary = counts.summarize();
      labelSets =
          LabelSets.build(summary.labelsByDomain(), config.domains(), false, config.maxClasses());
      Map<GroupKey, ConfusionMatrix.Builder> builders = new HashMap<>();
      counts
          .rollUp(labelSets)
          .confusion()
          .forEach(
              c ->
                  builders
                      .computeIfAbsent(c.group(), k -> ConfusionMatrix.builder())
                      .add(c.actual(), c.predicted(), c.count()));
      builders.forEach(
          (k, b) ->
              metrics.put(
                  k,
                  GroupMetrics.compute(b.build(), k.domain().equals("medical") ? "urgent" : null)));
    }
  }

  @Test
  void randomlyChosenGroupsAgreeWithMllib(SparkSession spark) {
    assertThat(MllibVerifier.verify(spark, rows, plan, labelSets, metrics, 4, 11L)).isEqualTo(4);
  }

  @Test
  void aWrongValueFailsNamingTheGroupAndTheMetric(SparkSession spark) {
    GroupKey key = new GroupKey("ft-v1", "spam", new SliceKey("language", "de"));
    List<MetricValue> tampered = new ArrayList<>();
    for (MetricValue v : metrics.get(key)) {
      tampered.add(
          v.metric() == MetricId.ACCURACY && v.cls() == null
              ? new MetricValue(null, v.metric(), v.value() + 1e-6, v.ciLow(), v.ciHigh(), 1)
              : v);
    }
    assertThatThrownBy(
            () -> MllibVerifier.verify(spark, rows, plan, labelSets, Map.of(key, tampered), 1, 1L))
        .isInstanceOf(MllibVerifier.MismatchException.class)
        .hasMessageContaining("model 'ft-v1', domain 'spam', slice 'language' = 'de'")
        .hasMessageContaining("accuracy");
  }
}
