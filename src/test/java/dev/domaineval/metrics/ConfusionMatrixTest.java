package dev.domaineval.metrics;

import static dev.domaineval.metrics.ConfusionMatrix.INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.metrics.ConfusionMatrix.Cell;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  // actual \ predicted   bird  cat  dog  fox  (invalid)   row sum
  // bird                   3    1    0    1      0          5
  // cat                    0    4    1    0      1          6
  // dog                    1    0    2    0      2          5
  // column sum             4    5    3    1      3         16
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
  void sumsRowsColumnsDiagonalAndInvalidColumn() {
    assertThat(ANIMALS.total()).isEqualTo(16);
    assertThat(ANIMALS.correct()).isEqualTo(3 + 4 + 2);
    assertThat(ANIMALS.invalidCount()).isEqualTo(1 + 2);
    assertThat(ANIMALS.support("cat")).isEqualTo(6);
    assertThat(ANIMALS.support("fox")).isZero();
    assertThat(ANIMALS.predictedCount("bird")).isEqualTo(4);
    assertThat(ANIMALS.predictedCount(INVALID)).isEqualTo(3);
    assertThat(ANIMALS.count("dog", INVALID)).isEqualTo(2);
    assertThat(ANIMALS.count("dog", "cat")).isZero();
    assertThat(ANIMALS.count("eel", "eel")).isZero();
  }

  @Test
  void classesAreTheSortedUnionOfActualAndValidPredictedLabelsWithoutInvalid() {
    assertThat(ANIMALS.classes()).containsExactly("bird", "cat", "dog", "fox");
    assertThat(ANIMALS.actualClasses()).containsExactly("bird", "cat", "dog");
  }

  @Test
  void classesIgnoreZeroCountCells() {
    ConfusionMatrix matrix = ConfusionMatrix.builder().add("a", "a", 2).add("a", "z", 0).build();

    assertThat(matrix.classes()).containsExactly("a");
    assertThat(matrix.cells()).containsExactly(new Cell("a", "a", 2));
  }

  @Test
  void binaryCountsCountAnInvalidPredictionAsFnOfItsClassAndTnOfTheOthers() {
    // cat: tp 4, fp = column 5 - 4, fn = row 6 - 4 (one dog, one invalid),
    // tn = 16 - 4 - 1 - 2, which includes dog's 2 invalid predictions.
    assertThat(ANIMALS.binaryCounts("cat")).isEqualTo(new BinaryCounts(4, 1, 2, 16 - 4 - 1 - 2));
    // fox is only predicted: one false positive, everything else a true negative.
    assertThat(ANIMALS.binaryCounts("fox")).isEqualTo(new BinaryCounts(0, 1, 0, 15));
  }

  @Test
  void binaryCountsOfAnAbsentClassAreAllTrueNegatives() {
    assertThat(ANIMALS.binaryCounts("eel")).isEqualTo(new BinaryCounts(0, 0, 0, 16));
  }

  @Test
  void binaryCountsRejectTheInvalidToken() {
    assertThatThrownBy(() -> ANIMALS.binaryCounts(INVALID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'(invalid)': it is not a class label")
        .hasMessageContaining("[bird, cat, dog, fox]");
  }

  @Test
  void cellsAreTheNonZeroCellsSortedByActualThenPredicted() {
    // '(' sorts before letters, so the invalid column comes first within a row.
    assertThat(ANIMALS.cells())
        .containsExactly(
            new Cell("bird", "bird", 3),
            new Cell("bird", "cat", 1),
            new Cell("bird", "fox", 1),
            new Cell("cat", INVALID, 1),
            new Cell("cat", "cat", 4),
            new Cell("cat", "dog", 1),
            new Cell("dog", INVALID, 2),
            new Cell("dog", "bird", 1),
            new Cell("dog", "dog", 2));
  }

  @Test
  void aCellAddedTwiceSums() {
    ConfusionMatrix matrix =
        ConfusionMatrix.builder().add("a", "b", 2).add("a", "b", 3).add("a", "a", 1).build();

    assertThat(matrix.count("a", "b")).isEqualTo(2 + 3);
    assertThat(matrix.total()).isEqualTo(6);
  }

  @Test
  void matricesAreEqualByContentRegardlessOfOrderAndZeroCells() {
    ConfusionMatrix one = ConfusionMatrix.builder().add("a", "a", 1).add("b", INVALID, 2).build();
    ConfusionMatrix other =
        ConfusionMatrix.builder()
            .add("b", INVALID, 1)
            .add("c", "c", 0)
            .add("a", "a", 1)
            .add("b", INVALID, 1)
            .build();

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(one).isNotEqualTo(ConfusionMatrix.builder().add("a", "a", 1).build());
    assertThat(one.toString()).isEqualTo("ConfusionMatrix[a->a=1, b->(invalid)=2]");
  }

  @Test
  void ofBuildsFromNestedMaps() {
    ConfusionMatrix matrix =
        ConfusionMatrix.of(Map.of("a", Map.of("a", 5L, INVALID, 1L), "b", Map.of("a", 2L)));

    assertThat(matrix)
        .isEqualTo(
            ConfusionMatrix.builder()
                .add("a", "a", 5)
                .add("a", INVALID, 1)
                .add("b", "a", 2)
                .build());
  }

  @Test
  void plusAddsCountsAndEmptyIsItsIdentity() {
    ConfusionMatrix a = ConfusionMatrix.builder().add("x", "x", 1).add("x", "y", 2).build();
    ConfusionMatrix b = ConfusionMatrix.builder().add("x", "y", 3).add("y", INVALID, 4).build();

    assertThat(a.plus(b))
        .isEqualTo(
            ConfusionMatrix.builder()
                .add("x", "x", 1)
                .add("x", "y", 2 + 3)
                .add("y", INVALID, 4)
                .build())
        .isEqualTo(b.plus(a));
    assertThat(a.plus(ConfusionMatrix.empty())).isEqualTo(a);
  }

  @Test
  void emptyMatrixHasNoClassesAndZeroCounts() {
    ConfusionMatrix empty = ConfusionMatrix.builder().build();

    assertThat(empty).isEqualTo(ConfusionMatrix.empty());
    assertThat(empty.total()).isZero();
    assertThat(empty.classes()).isEmpty();
    assertThat(empty.cells()).isEmpty();
    assertThat(empty.binaryCounts("a")).isEqualTo(new BinaryCounts(0, 0, 0, 0));
  }

  @Test
  void handlesCountsInTheBillions() {
    long billions = 3_000_000_000L;
    ConfusionMatrix matrix =
        ConfusionMatrix.builder().add("a", "a", billions).add("a", "b", billions).build();

    assertThat(matrix.total()).isEqualTo(6_000_000_000L);
    assertThat(matrix.binaryCounts("b")).isEqualTo(new BinaryCounts(0, billions, 0, billions));
  }

  @Test
  void rejectsANegativeCount() {
    assertThatThrownBy(() -> ConfusionMatrix.builder().add("cat", "dog", -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid count -3 for cell (actual 'cat', predicted 'dog')")
        .hasMessageContaining("must be >= 0");
  }

  @Test
  void rejectsInvalidAsAnActualClass() {
    assertThatThrownBy(() -> ConfusionMatrix.builder().add(INVALID, "cat", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'(invalid)' is reserved for predictions that are no answer")
        .hasMessageContaining("never a true class");
  }

  @Test
  void rejectsANullPredictionPointingToTheInvalidToken() {
    assertThatThrownBy(() -> ConfusionMatrix.builder().add("cat", null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("predicted null")
        .hasMessageContaining("use ConfusionMatrix.INVALID ('(invalid)')");
  }

  @Test
  void rejectsANullActualClass() {
    assertThatThrownBy(() -> ConfusionMatrix.builder().add(null, "cat", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actual null")
        .hasMessageContaining("Drop or relabel examples without a label");
  }

  @Test
  void ofRejectsANullCount() {
    Map<String, Long> row = new HashMap<>();
    row.put("b", null);

    assertThatThrownBy(() -> ConfusionMatrix.of(Map.of("a", row)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid cell (actual 'a', predicted 'b'): count is null");
  }
}
