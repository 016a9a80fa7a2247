package dev.domaineval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MetricIdTest {

  @ParameterizedTest
  @EnumSource(MetricId.class)
  void fromIdReturnsTheMetricWithThatId(MetricId metric) {
    assertThat(MetricId.fromId(metric.id())).isSameAs(metric);
  }

  @Test
  void idsAreUniqueSnakeCase() {
    assertThat(Arrays.stream(MetricId.values()).map(MetricId::id))
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*"));
  }

  @Test
  void idsAreTheStableOutputNames() {
    assertThat(MetricId.MACRO_F1.id()).isEqualTo("macro_f1");
    assertThat(MetricId.BALANCED_ACCURACY.id()).isEqualTo("balanced_accuracy");
    assertThat(MetricId.INVALID_RATE.id()).isEqualTo("invalid_rate");
    assertThat(MetricId.TN.id()).isEqualTo("tn");
  }

  @Test
  void unknownIdIsRejectedWithTheListOfKnownIds() {
    assertThatThrownBy(() -> MetricId.fromId("auc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown metric id 'auc'")
        .hasMessageContaining("precision, recall, f1, tp, fp, fn, tn, support, accuracy")
        .hasMessageContaining("prevalence");
  }

  @Test
  void countsHaveNoDirectionAndInvalidRateIsLowerBetter() {
    for (MetricId count :
        new MetricId[] {
          MetricId.TP,
          MetricId.FP,
          MetricId.FN,
          MetricId.TN,
          MetricId.SUPPORT,
          MetricId.COUNT,
          MetricId.PREVALENCE
        }) {
      assertThat(count.direction()).as(count.id()).isEqualTo(Direction.NONE);
    }
    assertThat(MetricId.INVALID_RATE.isLowerBetter()).isTrue();
    assertThat(MetricId.MCC.isHigherBetter()).isTrue();
    assertThat(MetricId.SPECIFICITY.isHigherBetter()).isTrue();
  }

  @Test
  void oneVsRestMetricsAreFunctionsOfBinaryCounts() {
    // tp=2 fp=1 fn=3 tn=4
    BinaryCounts counts = new BinaryCounts(2, 1, 3, 4);

    assertThat(MetricId.PRECISION.compute(counts)).isEqualTo(2.0 / (2 + 1));
    assertThat(MetricId.RECALL.compute(counts)).isEqualTo(2.0 / (2 + 3));
    assertThat(MetricId.F1.compute(counts)).isEqualTo(2.0 * 2 / (2 * 2 + 1 + 3));
    assertThat(MetricId.SUPPORT.compute(counts)).isEqualTo(2 + 3);
    assertThat(MetricId.TN.compute(counts)).isEqualTo(4);
  }

  @Test
  void aggregateMetricsRefuseOneVsRestCounts() {
    assertThat(MetricId.MACRO_F1.isOneVsRest()).isFalse();
    assertThatThrownBy(() -> MetricId.MACRO_F1.compute(new BinaryCounts(1, 1, 1, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'macro_f1' is not a function of one-vs-rest counts")
        .hasMessageContaining("GroupMetrics.compute");
  }
}
