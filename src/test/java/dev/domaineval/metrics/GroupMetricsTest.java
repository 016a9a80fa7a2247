package dev.domaineval.metrics;

import static dev.domaineval.metrics.ConfusionMatrix.INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GroupMetricsTest {

  private static final MetricId[] PER_CLASS = {
    MetricId.PRECISION,
    MetricId.RECALL,
    MetricId.F1,
    MetricId.TP,
    MetricId.FP,
    MetricId.FN,
    MetricId.TN,
    MetricId.SUPPORT
  };
  private static final MetricId[] AGGREGATE = {
    MetricId.ACCURACY,
    MetricId.MACRO_PRECISION,
    MetricId.MACRO_RECALL,
    MetricId.MACRO_F1,
    MetricId.WEIGHTED_PRECISION,
    MetricId.WEIGHTED_RECALL,
    MetricId.WEIGHTED_F1,
    MetricId.BALANCED_ACCURACY,
    MetricId.MCC,
    MetricId.COHEN_KAPPA,
    MetricId.COUNT,
    MetricId.INVALID_RATE
  };
  private static final MetricId[] BINARY = {
    MetricId.PRECISION, MetricId.RECALL, MetricId.F1, MetricId.SPECIFICITY, MetricId.PREVALENCE
  };

  // actual \ predicted   spam  ham  (invalid)   support
  // spam                   8    2      0          10
  // ham                    1    8      1          10
  private static final ConfusionMatrix SPAM =
      ConfusionMatrix.builder()
          .add("spam", "spam", 8)
          .add("spam", "ham", 2)
          .add("ham", "spam", 1)
          .add("ham", "ham", 8)
          .add("ham", INVALID, 1)
          .build();

  // actual \ predicted   bird  cat  dog  fox  (invalid)   support
  // bird                   3    1    0    1      0          5
  // cat                    0    4    1    0      1          6
  // dog                    1    0    2    0      2          5
  // predicted              4    5    3    1      3         16
  // fox is only predicted, never a label.
  private static final ConfusionMatrix ANIMALS =
      ConfusionMatrix.builder()
          .add("bird", "bird", 3)
          .add("bird", "cat", 1)
          .add("bird", "fox", 1)
          .add("cat", "cat", 4)
          .add("cat", "dog", 1)
          .add("cat", INVALID, 1)
          .add("dog", "bird", 1)
          .add("dog", "dog", 2)
          .add("dog", INVALID, 2)
          .build();

  @Test
  void binaryDomainHasPerClassAggregateAndPositiveClassRowsInAFixedOrder() {
    List<MetricValue> values = GroupMetrics.compute(SPAM, "spam");

    List<String> expected = new ArrayList<>();
    for (String cls : List.of("ham", "spam")) {
      Arrays.stream(PER_CLASS).forEach(m -> expected.add(cls + " " + m.id()));
    }
    Arrays.stream(AGGREGATE).forEach(m -> expected.add("null " + m.id()));
    Arrays.stream(BINARY).forEach(m -> expected.add("null " + m.id()));
    assertThat(values).extracting(v -> v.cls() + " " + v.metric().id()).isEqualTo(expected);
  }

  @Test
  void binaryDomainMetrics() {
    List<MetricValue> values = GroupMetrics.compute(SPAM, "spam");

    // spam one-vs-rest: tp 8, fp 1, fn 2, tn 20 - 8 - 1 - 2 (ham's invalid prediction included).
    assertValue(values, "spam", MetricId.PRECISION, 8.0 / (8 + 1));
    assertValue(values, "spam", MetricId.RECALL, 8.0 / (8 + 2));
    assertValue(values, "spam", MetricId.F1, 2.0 * 8 / (2 * 8 + 1 + 2));
    assertValue(values, "spam", MetricId.TN, 20 - 8 - 1 - 2);
    assertThat(find(values, "spam", MetricId.TN).support()).isEqualTo(10);
    // ham one-vs-rest: tp 8, fp 2, fn 1 + 1 (the invalid prediction is a miss of ham).
    assertValue(values, "ham", MetricId.FN, 1 + 1);
    assertValue(values, "ham", MetricId.RECALL, 8.0 / (8 + 2));

    assertValue(values, null, MetricId.ACCURACY, (8.0 + 8) / 20);
    assertValue(values, null, MetricId.MACRO_PRECISION, (8.0 / 9 + 8.0 / 10) / 2);
    assertValue(values, null, MetricId.MACRO_F1, (16.0 / 19 + 16.0 / 20) / 2);
    assertValue(values, null, MetricId.WEIGHTED_PRECISION, (10 * 8.0 / 9 + 10 * 8.0 / 10) / 20);
    assertValue(values, null, MetricId.BALANCED_ACCURACY, (8.0 / 10 + 8.0 / 10) / 2);
    // t = (ham 10, spam 10), p = (ham 10, spam 9, invalid 1), c = 16, s = 20.
    assertValue(
        values,
        null,
        MetricId.MCC,
        (16.0 * 20 - (10 * 10 + 10 * 9))
            / Math.sqrt((400.0 - (100 + 100)) * (400 - (100 + 81 + 1))));
    // Chance agreement Σ t·p = 10·10 + 10·9 = 190 of 400 pairs: (20·16 − 190) / (400 − 190).
    assertValue(values, null, MetricId.COHEN_KAPPA, (20.0 * 16 - 190) / (400 - 190));
    assertValue(values, null, MetricId.COUNT, 20);
    assertValue(values, null, MetricId.INVALID_RATE, 1.0 / 20);

    assertValue(values, null, MetricId.PRECISION, 8.0 / (8 + 1));
    assertValue(values, null, MetricId.RECALL, 8.0 / (8 + 2));
    assertValue(values, null, MetricId.F1, 2.0 * 8 / (2 * 8 + 1 + 2));
    assertValue(values, null, MetricId.PREVALENCE, 10.0 / 20);
    assertThat(find(values, null, MetricId.PRECISION).support()).isEqualTo(20);
  }

  @Test
  void specificityCountsAnInvalidPredictionOnANegativeExampleAsWrong() {
    MetricValue specificity = find(GroupMetrics.compute(SPAM, "spam"), null, MetricId.SPECIFICITY);

    // 8 of the 10 ham examples were predicted ham; the one-vs-rest tn / (tn + fp) would be 9 / 10.
    assertThat(specificity.value()).isCloseTo(8.0 / 10, within(1e-12));
    assertThat(specificity.ciLow())
        .isCloseTo(WilsonInterval.of(8, 10).orElseThrow().low(), within(1e-12));
  }

  @Test
  void precisionRecallAndAccuracyCarryWilsonIntervals() {
    List<MetricValue> values = GroupMetrics.compute(SPAM, "spam");

    // Wilson(16, 20) and Wilson(8, 9), evaluated in 50-digit decimal arithmetic.
    MetricValue accuracy = find(values, null, MetricId.ACCURACY);
    assertThat(accuracy.ciLow()).isCloseTo(0.583982567748106, within(1e-12));
    assertThat(accuracy.ciHigh()).isCloseTo(0.919342337420202, within(1e-12));
    MetricValue precision = find(values, "spam", MetricId.PRECISION);
    assertThat(precision.ciLow()).isCloseTo(0.565000294423344, within(1e-12));
    assertThat(precision.ciHigh()).isCloseTo(0.980109112361455, within(1e-12));
    assertThat(find(values, null, MetricId.PRECISION)).isEqualTo(withClass(precision, null, 20));
    MetricValue recall = find(values, "spam", MetricId.RECALL);
    assertThat(recall.ciLow()).isEqualTo(WilsonInterval.of(8, 10).orElseThrow().low());

    for (MetricId metric : new MetricId[] {MetricId.F1, MetricId.TP, MetricId.SUPPORT}) {
      assertThat(find(values, "spam", metric).hasInterval()).as(metric.id()).isFalse();
    }
    for (MetricId metric : new MetricId[] {MetricId.MACRO_F1, MetricId.MCC, MetricId.PREVALENCE}) {
      assertThat(find(values, null, metric).hasInterval()).as(metric.id()).isFalse();
    }
  }

  @Test
  void multiclassWithInvalidPredictionsAndAPredictedOnlyClass() {
    List<MetricValue> values = GroupMetrics.compute(ANIMALS, null);

    assertThat(values.stream().filter(v -> !v.isAggregate()).map(MetricValue::cls).distinct())
        .containsExactly("bird", "cat", "dog", "fox");
    assertThat(values.stream().filter(MetricValue::isAggregate).map(MetricValue::metric))
        .containsExactly(AGGREGATE);

    // bird: tp 3, fp 1, fn 2. cat: tp 4, fp 1, fn 2. dog: tp 2, fp 1, fn 3. fox: tp 0, fp 1, fn 0.
    assertValue(values, "bird", MetricId.PRECISION, 3.0 / (3 + 1));
    assertValue(values, "cat", MetricId.RECALL, 4.0 / (4 + 2));
    assertValue(values, "dog", MetricId.F1, 2.0 * 2 / (2 * 2 + 1 + 3));
    // cat's tn includes the 2 invalid predictions on dog examples.
    assertValue(values, "cat", MetricId.TN, 16 - 4 - 1 - 2);
    assertValue(values, "fox", MetricId.PRECISION, 0.0);
    assertValue(values, "fox", MetricId.RECALL, 0.0);
    assertValue(values, "fox", MetricId.SUPPORT, 0);
    assertValue(values, "fox", MetricId.TN, 16 - 1);
    assertThat(find(values, "fox", MetricId.RECALL).hasInterval()).isFalse();
    assertThat(find(values, "fox", MetricId.PRECISION).hasInterval()).isTrue();

    assertValue(values, null, MetricId.ACCURACY, (3.0 + 4 + 2) / 16);
    // Macro averages include the predicted-only class fox with precision 0.
    assertValue(values, null, MetricId.MACRO_PRECISION, (3.0 / 4 + 4.0 / 5 + 2.0 / 3 + 0) / 4);
    assertValue(values, null, MetricId.MACRO_RECALL, (3.0 / 5 + 4.0 / 6 + 2.0 / 5 + 0) / 4);
    // Mean of per-class F1, not the F1 of macro precision and recall.
    assertValue(values, null, MetricId.MACRO_F1, (6.0 / 9 + 8.0 / 11 + 4.0 / 8 + 0) / 4);
    // Weighted averages give fox weight 0 (support 0).
    assertValue(
        values,
        null,
        MetricId.WEIGHTED_PRECISION,
        (5 * 3.0 / 4 + 6 * 4.0 / 5 + 5 * 2.0 / 3 + 0 * 0.0) / 16);
    assertValue(
        values, null, MetricId.WEIGHTED_RECALL, (5 * 3.0 / 5 + 6 * 4.0 / 6 + 5 * 2.0 / 5) / 16);
    assertValue(
        values, null, MetricId.WEIGHTED_F1, (5 * 6.0 / 9 + 6 * 8.0 / 11 + 5 * 4.0 / 8) / 16);
    // Balanced accuracy averages recall over the actual classes only, so fox is left out.
    assertValue(values, null, MetricId.BALANCED_ACCURACY, (3.0 / 5 + 4.0 / 6 + 2.0 / 5) / 3);
    // t = (5, 6, 5, 0, 0), p = (4, 5, 3, 1, 3) over (bird, cat, dog, fox, invalid); c = 9, s = 16.
    assertValue(
        values,
        null,
        MetricId.MCC,
        (9.0 * 16 - (5 * 4 + 6 * 5 + 5 * 3))
            / Math.sqrt((256.0 - (25 + 36 + 25)) * (256.0 - (16 + 25 + 9 + 1 + 9))));
    // Σ t·p = 5·4 + 6·5 + 5·3 = 65 (fox and (invalid) are never a label): (16·9 − 65) / (256 − 65).
    assertValue(values, null, MetricId.COHEN_KAPPA, (16.0 * 9 - 65) / (256 - 65));
    assertValue(values, null, MetricId.INVALID_RATE, 3.0 / 16);
    assertThat(find(values, null, MetricId.MCC).support()).isEqualTo(16);
  }

  @Test
  void rejectsTheInvalidTokenAsPositiveClass() {
    assertThatThrownBy(() -> GroupMetrics.compute(SPAM, INVALID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid positive class '(invalid)'")
        .hasMessageContaining("Set the domain's positive class");
  }

  /** Every row a case must produce, in order, with its value and whether it has an interval. */
  record Expected(String cls, MetricId metric, double value, boolean hasInterval) {}

  static Stream<Arguments> zeroDenominatorCases() {
    List<Expected> empty = new ArrayList<>();
    for (MetricId metric : AGGREGATE) {
      empty.add(new Expected(null, metric, 0.0, false));
    }
    for (MetricId metric : BINARY) {
      empty.add(new Expected(null, metric, 0.0, false));
    }

    // actual \ predicted   spam  ham
    // spam                   0    3
    // ham                    0    5
    ConfusionMatrix nothingPredictedPositive =
        ConfusionMatrix.builder().add("spam", "ham", 3).add("ham", "ham", 5).build();
    List<Expected> nothingPredictedPositiveRows =
        rows(
            perClass("ham", 5.0 / 8, 5.0 / 5, 10.0 / (10 + 3 + 0), 5, 3, 0, 0, 5),
            perClass("spam", 0.0, 0.0 / 3, 0.0 / (0 + 0 + 3), 0, 0, 3, 5, 3),
            aggregate(
                5.0 / 8,
                (5.0 / 8 + 0) / 2,
                (1.0 + 0) / 2,
                (10.0 / 13 + 0) / 2,
                (5 * 5.0 / 8 + 3 * 0.0) / 8,
                (5 * 1.0 + 3 * 0.0) / 8,
                (5 * 10.0 / 13 + 3 * 0.0) / 8,
                (1.0 + 0) / 2,
                // p = (ham 8): no variance in the predictions.
                0.0,
                // Chance agreement 5·8 + 3·0 = 40 of 64: (8·5 − 40) / (64 − 40).
                (8.0 * 5 - 40) / (64 - 40),
                8,
                0.0 / 8),
            List.of(
                new Expected(null, MetricId.PRECISION, 0.0, false),
                new Expected(null, MetricId.RECALL, 0.0 / 3, true),
                new Expected(null, MetricId.F1, 0.0, false),
                new Expected(null, MetricId.SPECIFICITY, 5.0 / 5, true),
                new Expected(null, MetricId.PREVALENCE, 3.0 / 8, false)));

    // actual \ predicted   ham  (invalid)      (spam, the positive class, absent)
    // ham                   4      1
    ConfusionMatrix positiveAbsent =
        ConfusionMatrix.builder().add("ham", "ham", 4).add("ham", INVALID, 1).build();
    List<Expected> positiveAbsentRows =
        rows(
            perClass("ham", 4.0 / 4, 4.0 / 5, 8.0 / (8 + 0 + 1), 4, 0, 1, 0, 5),
            aggregate(
                4.0 / 5,
                4.0 / 4,
                4.0 / 5,
                8.0 / 9,
                4.0 / 4,
                4.0 / 5,
                8.0 / 9,
                4.0 / 5,
                // t = (ham 5): no variance in the labels.
                0.0,
                // Chance agreement 5·4 = 20 of 25: (5·4 − 20) / (25 − 20).
                (5.0 * 4 - 20) / (25 - 20),
                5,
                1.0 / 5),
            List.of(
                new Expected(null, MetricId.PRECISION, 0.0, false),
                new Expected(null, MetricId.RECALL, 0.0, false),
                new Expected(null, MetricId.F1, 0.0, false),
                new Expected(null, MetricId.SPECIFICITY, 4.0 / 5, true),
                new Expected(null, MetricId.PREVALENCE, 0.0 / 5, false)));

    // actual \ predicted   (invalid)
    // spam                     2
    // ham                      3
    ConfusionMatrix onlyInvalid =
        ConfusionMatrix.builder().add("spam", INVALID, 2).add("ham", INVALID, 3).build();
    List<Expected> onlyInvalidRows =
        rows(
            perClass("ham", 0.0, 0.0 / 3, 0.0 / 3, 0, 0, 3, 2, 3),
            perClass("spam", 0.0, 0.0 / 2, 0.0 / 2, 0, 0, 2, 3, 2),
            aggregate(0.0 / 5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 / 25, 5, 5.0 / 5),
            List.of(
                new Expected(null, MetricId.PRECISION, 0.0, false),
                new Expected(null, MetricId.RECALL, 0.0 / 2, true),
                new Expected(null, MetricId.F1, 0.0, false),
                // An invalid prediction on a negative example is not a true negative.
                new Expected(null, MetricId.SPECIFICITY, 0.0 / 3, true),
                new Expected(null, MetricId.PREVALENCE, 2.0 / 5, false)));

    return Stream.of(
        arguments("empty matrix", ConfusionMatrix.empty(), empty),
        arguments(
            "nothing predicted positive", nothingPredictedPositive, nothingPredictedPositiveRows),
        arguments("positive class absent", positiveAbsent, positiveAbsentRows),
        arguments("only invalid predictions", onlyInvalid, onlyInvalidRows));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("zeroDenominatorCases")
  void everyMetricIsZeroRatherThanUndefinedWhereItsDenominatorIsZero(
      String description, ConfusionMatrix matrix, List<Expected> expected) {
    List<MetricValue> values = GroupMetrics.compute(matrix, "spam");

    assertThat(values)
        .extracting(v -> v.cls() + " " + v.metric().id())
        .containsExactlyElementsOf(
            expected.stream().map(e -> e.cls() + " " + e.metric().id()).toList());
    for (int i = 0; i < values.size(); i++) {
      MetricValue actual = values.get(i);
      Expected row = expected.get(i);
      String where = row.cls() + " " + row.metric().id();
      assertThat(actual.value()).as(where).isFinite().isCloseTo(row.value(), within(1e-12));
      assertThat(actual.hasInterval()).as(where + " has interval").isEqualTo(row.hasInterval());
      assertThat(actual.ciHigh() == null).as(where + " ciHigh null").isEqualTo(!row.hasInterval());
    }
  }

  @Test
  void zeroDenominatorCasesCoverEveryMetric() {
    assertThat(
            zeroDenominatorCases()
                .flatMap(a -> ((List<?>) a.get()[2]).stream())
                .map(e -> ((Expected) e).metric()))
        .contains(
            java.util.Arrays.stream(MetricId.values())
                .filter(m -> !m.isScoreMetric())
                // The answer metrics' zero denominators: NonAnswersTest.
                .filter(m -> !m.hasScope(Scope.ANSWERS))
                .toArray(MetricId[]::new));
  }

  @Test
  void metricsOfMergedCountsEqualMetricsOfTheCombinedData() {
    String[] trueA = {"a", "a", "b", "c", "c"};
    String[] predA = {"a", "b", "b", INVALID, "c"};
    String[] trueB = {"a", "b", "b", "b", "d"};
    String[] predB = {"a", "a", "b", INVALID, "d"};
    ConfusionMatrix a = fromRows(trueA, predA);
    ConfusionMatrix b = fromRows(trueB, predB);
    ConfusionMatrix combined = fromRows(concat(trueA, trueB), concat(predA, predB));

    assertThat(a.plus(b)).isEqualTo(combined);
    assertThat(GroupMetrics.compute(a.plus(b), "a")).isEqualTo(GroupMetrics.compute(combined, "a"));
    // One-vs-rest counts add up as well, even for d, which only group b has.
    for (String cls : combined.classes()) {
      BinaryCounts merged = a.binaryCounts(cls).plus(b.binaryCounts(cls));
      assertThat(merged).as(cls).isEqualTo(combined.binaryCounts(cls));
      assertThat(MetricId.F1.compute(merged))
          .as(cls)
          .isEqualTo(find(GroupMetrics.compute(combined), cls, MetricId.F1).value());
    }
  }

  @Test
  void multiclassComputeHasNoPositiveClassRows() {
    assertThat(GroupMetrics.compute(SPAM)).isEqualTo(GroupMetrics.compute(SPAM, null));
    assertThat(GroupMetrics.compute(SPAM).stream().filter(MetricValue::isAggregate))
        .extracting(MetricValue::metric)
        .containsExactly(AGGREGATE);
  }

  @SafeVarargs
  private static List<Expected> rows(List<Expected>... parts) {
    List<Expected> all = new ArrayList<>();
    for (List<Expected> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  private static List<Expected> perClass(
      String cls,
      double precision,
      double recall,
      double f1,
      long tp,
      long fp,
      long fn,
      long tn,
      long support) {
    return List.of(
        new Expected(cls, MetricId.PRECISION, precision, tp + fp > 0),
        new Expected(cls, MetricId.RECALL, recall, tp + fn > 0),
        new Expected(cls, MetricId.F1, f1, false),
        new Expected(cls, MetricId.TP, tp, false),
        new Expected(cls, MetricId.FP, fp, false),
        new Expected(cls, MetricId.FN, fn, false),
        new Expected(cls, MetricId.TN, tn, false),
        new Expected(cls, MetricId.SUPPORT, support, false));
  }

  private static List<Expected> aggregate(double... valuesInOrder) {
    List<Expected> rows = new ArrayList<>();
    for (int i = 0; i < AGGREGATE.length; i++) {
      // Only accuracy carries an interval, and only when there are examples.
      boolean hasInterval = AGGREGATE[i] == MetricId.ACCURACY;
      rows.add(new Expected(null, AGGREGATE[i], valuesInOrder[i], hasInterval));
    }
    return rows;
  }

  private static MetricValue withClass(MetricValue value, String cls, long support) {
    return new MetricValue(
        cls, value.metric(), value.value(), value.ciLow(), value.ciHigh(), support);
  }

  private static void assertValue(
      List<MetricValue> values, String cls, MetricId metric, double expected) {
    assertThat(find(values, cls, metric).value())
        .as(cls + " " + metric.id())
        .isCloseTo(expected, within(1e-12));
  }

  private static MetricValue find(List<MetricValue> values, String cls, MetricId metric) {
    return values.stream()
        .filter(v -> Objects.equals(v.cls(), cls) && v.metric() == metric)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + cls + " " + metric.id()));
  }

  static ConfusionMatrix fromRows(String[] yTrue, String[] yPred) {
    ConfusionMatrix.Builder builder = ConfusionMatrix.builder();
    for (int i = 0; i < yTrue.length; i++) {
      builder.add(yTrue[i], yPred[i], 1);
    }
    return builder.build();
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
  }

  @Test
  void theValueOfOneRowEqualsItsRowAmongAllTheGroupsMetrics() {
    java.util.Random random = new java.util.Random(3);
    String[] labels = {"a", "b", "c"};
    for (int t = 0; t < 200; t++) {
      ConfusionMatrix.Builder b = ConfusionMatrix.builder();
      for (String actual : labels) {
        for (String predicted : List.of("a", "b", "c", INVALID)) {
          if (random.nextInt(3) > 0) {
            b.add(actual, predicted, random.nextInt(50));
          }
        }
      }
      ConfusionMatrix m = b.build();
      String positive = t % 2 == 0 ? null : "a";
      for (MetricValue v : GroupMetrics.compute(m, positive)) {
        assertThat(GroupMetrics.value(m.classCounts(), positive, v.cls(), v.metric()))
            .as("%s of %s in %s", v.metric(), v.cls(), m)
            .isEqualTo(v.value());
      }
    }
    assertThatThrownBy(
            () ->
                GroupMetrics.value(
                    ConfusionMatrix.empty().classCounts(), null, null, MetricId.PRECISION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No row of metric 'precision'");
  }
}
