package dev.domaineval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClassCountsTest {
  private static final String INVALID = ConfusionMatrix.INVALID;

  @Test
  void sumsAreTheMatrixs() {
    ConfusionMatrix m =
        ConfusionMatrix.builder()
            .add("a", "a", 5)
            .add("a", "b", 2)
            .add("a", INVALID, 1)
            .add("b", "b", 7)
            .add("b", "c", 3)
            .add("b", INVALID, 4)
            .build();

    ClassCounts c = m.classCounts();

    assertThat(c.classes()).containsExactly("a", "b", "c");
    assertThat(c.invalidIndex()).isEqualTo(3);
    assertThat(c.total()).isEqualTo(22);
    assertThat(c.correct()).isEqualTo(12);
    assertThat(c.invalidCount()).isEqualTo(5);
    assertThat(c.actualClassCount()).isEqualTo(2);
    assertThat(c.nonAnswerCount(0)).isEqualTo(1);
    assertThat(c.nonAnswerCount(1)).isEqualTo(4);
    assertThat(c.predictedCount(2)).isEqualTo(3);
    assertThat(c.support(2)).isZero();
    for (String cls : List.of("a", "b", "c")) {
      assertThat(c.binaryCounts(cls)).isEqualTo(m.binaryCounts(cls));
    }
    assertThat(c.binaryCounts("z")).isEqualTo(new BinaryCounts(0, 0, 0, 22));
    assertThat(c.predictedIndexOf(INVALID)).isEqualTo(3);
    assertThat(c.indexOf("z")).isEqualTo(-1);
  }

  /** Derived with one example more, the counts equal those of the matrix built with it. */
  @Test
  void oneMoreExampleEqualsTheMatrixBuiltWithIt() {
    Random random = new Random(5);
    String[] labels = {"a", "b", "c"};
    String[] predictions = {"a", "b", "c", "d", INVALID};
    for (int t = 0; t < 300; t++) {
      Map<String, Map<String, Long>> counts = new TreeMap<>();
      for (String actual : labels) {
        for (String predicted : predictions) {
          if (random.nextInt(3) == 0) {
            counts
                .computeIfAbsent(actual, k -> new TreeMap<>())
                .put(predicted, 1L + random.nextInt(20));
          }
        }
      }
      if (counts.isEmpty()) {
        continue;
      }
      ConfusionMatrix m = ConfusionMatrix.of(counts);
      ClassCounts c = m.classCounts();
      // A cell of a known actual class and a known prediction (the class list stays).
      List<ConfusionMatrix.Cell> cells = m.cells();
      String actual = cells.get(random.nextInt(cells.size())).actual();
      List<String> known = new java.util.ArrayList<>(m.classes());
      known.add(INVALID);
      String predicted = known.get(random.nextInt(known.size()));
      counts.get(actual).merge(predicted, 1L, Long::sum);
      ConfusionMatrix expected = ConfusionMatrix.of(counts);

      ClassCounts moved = c.plusOne(c.indexOf(actual), c.predictedIndexOf(predicted));

      assertThat(moved).isEqualTo(expected.classCounts());
      assertThat(moved.actualClassCount()).isEqualTo(expected.actualClasses().size());
      for (MetricValue v : GroupMetrics.compute(expected, "a")) {
        assertThat(GroupMetrics.value(moved, "a", v.cls(), v.metric()))
            .as("%s of %s", v.metric(), v.cls())
            .isEqualTo(v.value());
      }
    }
  }

  @Test
  void aCellOutsideTheClassesIsRejected() {
    ClassCounts c = ConfusionMatrix.builder().add("a", "b", 1).build().classCounts();

    assertThatThrownBy(() -> c.plusOne(2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid cell (2, 0) of counts with 2 classes");
    // Indices 2, 3 and 4 are the non-answers (invalid, refused, abstained); 5 is nothing.
    assertThat(c.plusOne(0, 4).abstainedCount()).isEqualTo(1);
    assertThatThrownBy(() -> c.plusOne(0, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builtFromCellsByIndexTheCountsAreTheMatrixs() {
    ConfusionMatrix m =
        ConfusionMatrix.builder()
            .add("a", "a", 5)
            .add("a", INVALID, 1)
            .add("b", "c", 3)
            .add("b", "b", 2)
            .build();

    ClassCounts built =
        ClassCounts.builder(List.of("a", "b", "c"))
            .add(0, 0, 5)
            .add(0, 3, 1)
            .add(1, 2, 3)
            .add(1, 1, 2)
            .build();

    assertThat(built).isEqualTo(m.classCounts());
    assertThat(built.actualClassCount()).isEqualTo(2);
  }

  @Test
  void theBuilderRejectsWhatNoMatrixHas() {
    assertThatThrownBy(() -> ClassCounts.builder(List.of("b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sorted and distinct");
    assertThatThrownBy(() -> ClassCounts.builder(List.of(INVALID, "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which is no class");
    assertThatThrownBy(() -> ClassCounts.builder(List.of("a", "b")).add(0, 0, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Class 'b' has neither an example nor a prediction");
    assertThatThrownBy(() -> ClassCounts.builder(List.of("a")).add(0, 4, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid cell (0, 4)");
    assertThatThrownBy(() -> ClassCounts.builder(List.of("(refused)", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which is no class");
  }
}
