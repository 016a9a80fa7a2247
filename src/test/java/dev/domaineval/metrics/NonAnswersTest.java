package dev.domaineval.metrics;

import static dev.domaineval.metrics.ConfusionMatrix.ABSTAINED;
import static dev.domaineval.metrics.ConfusionMatrix.INVALID;
import static dev.domaineval.metrics.ConfusionMatrix.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Refusals and abstentions are wrong like invalid answers: every metric but MCC and the rates of
 * each kind is that of the matrix with all three in {@code (invalid)}; MCC treats each as a
 * predicted label of its own, as scikit-learn's {@code matthews_corrcoef} does with any label.
 */
class NonAnswersTest {
  //            predicted
  //            a    b   (invalid) (refused) (abstained)
  // actual a   30   4   2         5         1
  // actual b   6    20  1         3         0
  private static ConfusionMatrix split() {
    return ConfusionMatrix.builder()
        .add("a", "a", 30)
        .add("a", "b", 4)
        .add("a", INVALID, 2)
        .add("a", REFUSED, 5)
        .add("a", ABSTAINED, 1)
        .add("b", "a", 6)
        .add("b", "b", 20)
        .add("b", INVALID, 1)
        .add("b", REFUSED, 3)
        .build();
  }

  private static ConfusionMatrix merged() {
    return ConfusionMatrix.builder()
        .add("a", "a", 30)
        .add("a", "b", 4)
        .add("a", INVALID, 8)
        .add("b", "a", 6)
        .add("b", "b", 20)
        .add("b", INVALID, 4)
        .build();
  }

  @Test
  void nonAnswersAreNoClassAndEveryMetricButMccAndTheRatesReadThemAsInvalid() {
    ConfusionMatrix m = split();
    assertThat(m.classes()).containsExactly("a", "b");
    assertThat(m.refusedCount()).isEqualTo(8);
    assertThat(m.abstainedCount()).isEqualTo(1);
    ClassCounts c = m.classCounts();
    assertThat(c.invalidCount()).isEqualTo(3);
    assertThat(c.refusedCount()).isEqualTo(8);
    assertThat(c.abstainedCount()).isEqualTo(1);
    assertThat(c.nonAnswerCount()).isEqualTo(12);

    List<MetricValue> a = GroupMetrics.compute(m, "a");
    List<MetricValue> b = GroupMetrics.compute(merged(), "a");
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      MetricId id = a.get(i).metric();
      if (id == MetricId.MCC || id == MetricId.INVALID_RATE) {
        continue;
      }
      assertThat(a.get(i).value()).as(id.id()).isCloseTo(b.get(i).value(), within(1e-12));
    }
    assertThat(value(a, MetricId.INVALID_RATE)).isCloseTo(3.0 / 72, within(1e-12));
  }

  @Test
  void mccCountsEachNonAnswerAsALabelOfItsOwn() {
    // scikit-learn's multiclass MCC over the labels a, b, (invalid), (refused), (abstained):
    // cov(t, p) = c·s − Σ t_k p_k, cov(p, p) = s² − Σ p_k², cov(t, t) = s² − Σ t_k².
    long[][] cells = {
      {30, 4, 2, 5, 1}, {6, 20, 1, 3, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}
    };
    double s = 0;
    double c = 0;
    double[] t = new double[5];
    double[] p = new double[5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        s += cells[i][j];
        t[i] += cells[i][j];
        p[j] += cells[i][j];
        c += i == j ? cells[i][j] : 0;
      }
    }
    double tp = 0;
    double pp = 0;
    double tt = 0;
    for (int k = 0; k < 5; k++) {
      tp += t[k] * p[k];
      pp += p[k] * p[k];
      tt += t[k] * t[k];
    }
    double expected = (c * s - tp) / Math.sqrt((s * s - tt) * (s * s - pp));

    assertThat(value(GroupMetrics.compute(split(), "a"), MetricId.MCC))
        .isCloseTo(expected, within(1e-12));
    assertThat(value(GroupMetrics.compute(merged(), "a"), MetricId.MCC))
        .isNotCloseTo(expected, within(1e-6));
  }

  @Test
  void oneMoreExampleOfANonAnswerIsTheMatrixWithIt() {
    ClassCounts c = split().classCounts();
    int refused = c.predictedIndexOf(REFUSED);
    assertThat(refused).isEqualTo(c.invalidIndex() + 1);
    assertThat(c.plusOne(c.indexOf("b"), refused))
        .isEqualTo(
            split().plus(ConfusionMatrix.builder().add("b", REFUSED, 1).build()).classCounts());
  }

  @Test
  void theAnswerMetricsAreZeroRatherThanUndefinedWhereTheirDenominatorIsZero() {
    // Nothing at all, and everything refused: no example, or none answered.
    ConfusionMatrix allRefused = ConfusionMatrix.builder().add("a", REFUSED, 4).build();
    for (ConfusionMatrix m : List.of(ConfusionMatrix.empty(), allRefused)) {
      List<MetricValue> values = GroupMetrics.compute(m, null, true);
      for (MetricId id : MetricId.ofScope(Scope.ANSWERS)) {
        assertThat(value(values, id)).as(id.id()).isFinite();
      }
    }
    List<MetricValue> refused = GroupMetrics.compute(allRefused, null, true);
    assertThat(value(refused, MetricId.REFUSAL_RATE)).isEqualTo(1.0);
    assertThat(value(refused, MetricId.COVERAGE)).isEqualTo(0.0);
    assertThat(value(refused, MetricId.SELECTIVE_ACCURACY)).isEqualTo(0.0);
    // Without the flag a group has none of them.
    assertThat(GroupMetrics.compute(allRefused, null))
        .noneMatch(v -> v.metric().hasScope(Scope.ANSWERS));
  }

  private static double value(List<MetricValue> values, MetricId id) {
    List<MetricValue> found = new ArrayList<>();
    for (MetricValue v : values) {
      if (v.metric() == id && v.cls() == null) {
        found.add(v);
      }
    }
    assertThat(found).as(id.id()).hasSize(1);
    return found.get(0).value();
  }
}
