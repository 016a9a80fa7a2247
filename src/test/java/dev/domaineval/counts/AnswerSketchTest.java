package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The invalid answers' sketch against exact counting (brute force): exact while it holds every
 * distinct answer, within its bounds and without false negatives beyond, whatever the split into
 * partitions.
 */
class AnswerSketchTest {
  /** Answer i of a skewed vocabulary: a few frequent answers and a long tail. */
  private static String answer(Random random, int distinct) {
    int i = (int) Math.floor(Math.pow(random.nextDouble(), 3) * distinct);
    return "answer " + i;
  }

  /** The stream's sketch, split at random into {@code partitions} merged through their bytes. */
  private static AnswerSketch sketched(List<String> stream, int partitions, Random random) {
    List<AnswerSketch> parts = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      parts.add(new AnswerSketch());
    }
    for (String s : stream) {
      parts.get(random.nextInt(partitions)).add(s, s);
    }
    AnswerSketch merged = new AnswerSketch();
    parts.forEach(p -> merged.mergeBytes(p.toBytes()));
    return merged;
  }

  private static Map<String, Long> exact(List<String> stream) {
    Map<String, Long> counts = new HashMap<>();
    stream.forEach(s -> counts.merge(s, 1L, Long::sum));
    return counts;
  }

  @Test
  void countsAreExactWhileTheSketchHoldsEveryAnswer() {
    Random random = new Random(7);
    List<String> stream = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      stream.add(answer(random, AnswerSketch.MAX_ITEMS - 10));
    }
    AnswerSketch sketch = sketched(stream, 9, random);
    Map<String, Long> exact = exact(stream);
    assertThat(sketch.maximumError()).isZero();
    assertThat(sketch.answers()).isEqualTo(stream.size());
    List<AnswerSketch.Answer> all = sketch.invalid(Set.of(), Integer.MAX_VALUE);
    assertThat(all).hasSize(exact.size());
    for (AnswerSketch.Answer a : all) {
      assertThat(a.predictions()).as(a.answer()).isEqualTo(exact.get(a.answer()));
      assertThat(a.maxPredictions()).isEqualTo(a.predictions());
    }
    // Most first, ties by text.
    List<AnswerSketch.Answer> top = sketch.invalid(Set.of(), 20);
    List<String> expected =
        exact.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(20)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(top).extracting(AnswerSketch.Answer::answer).isEqualTo(expected);
  }

  @Test
  void beyondItsSizeEveryCountIsWithinItsBoundsAndNoFrequentAnswerIsMissed() {
    for (int seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      List<String> stream = new ArrayList<>();
      for (int i = 0; i < 200_000; i++) {
        stream.add(answer(random, 20_000));
      }
      AnswerSketch sketch = sketched(stream, 12, random);
      Map<String, Long> exact = exact(stream);
      assertThat(sketch.maximumError()).isPositive();
      List<AnswerSketch.Answer> all = sketch.invalid(Set.of(), Integer.MAX_VALUE);
      for (AnswerSketch.Answer a : all) {
        long truth = exact.get(a.answer());
        assertThat(truth).as(a.answer()).isBetween(a.predictions(), a.maxPredictions());
        assertThat(a.maxPredictions() - a.predictions()).isLessThanOrEqualTo(sketch.maximumError());
      }
      Set<String> listed = new java.util.HashSet<>();
      all.forEach(a -> listed.add(a.answer()));
      exact.forEach(
          (answer, n) -> {
            if (n > sketch.maximumError()) {
              assertThat(listed)
                  .as("count %d > error %d", n, sketch.maximumError())
                  .contains(answer);
            }
          });
      // The most frequent answer (about 7,400 of 200,000, the next about 1,900) is first.
      assertThat(sketch.invalid(Set.of(), 20).get(0).answer()).isEqualTo("answer 0");
    }
  }

  @Test
  void answersWhoseKeyIsALabelAreLeftOut() {
    AnswerSketch sketch = new AnswerSketch();
    sketch.add("Spam!!", "spam");
    sketch.add("Spam!!", "spam");
    sketch.add("maybe", "maybe");
    sketch.add("", null);
    List<AnswerSketch.Answer> invalid = sketch.invalid(Set.of("spam", "ham"), 20);
    assertThat(invalid)
        .containsExactly(
            new AnswerSketch.Answer("", false, "", 1, 1),
            new AnswerSketch.Answer("maybe", false, "maybe", 1, 1));
  }

  @Test
  void answersAreKeptToTheirFirstHundredCharacters() {
    String emoji = "\uD83D\uDE00";
    String exactly = "x".repeat(AnswerSketch.MAX_CHARS);
    String longer = emoji.repeat(AnswerSketch.MAX_CHARS + 5);
    AnswerSketch sketch = new AnswerSketch();
    sketch.add(exactly, exactly);
    sketch.add(longer, longer);
    sketch.add(longer + " and more", "other key");
    List<AnswerSketch.Answer> invalid = sketch.invalid(Set.of(), 20);
    assertThat(invalid)
        .containsExactlyInAnyOrder(
            new AnswerSketch.Answer(exactly, false, exactly, 1, 1),
            new AnswerSketch.Answer(emoji.repeat(AnswerSketch.MAX_CHARS), true, longer, 1, 1),
            new AnswerSketch.Answer(emoji.repeat(AnswerSketch.MAX_CHARS), true, "other key", 1, 1));
    assertThat(AnswerSketch.truncated(longer).codePointCount(0, 2 * AnswerSketch.MAX_CHARS))
        .isEqualTo(AnswerSketch.MAX_CHARS);
  }
}
