package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domaineval.counts.ExampleSketch.Entry;
import dev.domaineval.counts.ExampleSketch.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sketch's examples against a brute force over every example: per group and outcome, the k
 * smallest (hash, id) of the examples with that outcome, whatever the split into partitions, the
 * order of merging (through bytes) and the labels each partition happened to see.
 */
class ExampleSketchTest {
  private static final ScoreSketch.Group ALL = new ScoreSketch.Group(0, List.of());

  /** One example: its group's value, outcome flags, prediction key (null: missing) and label. */
  record Example(
      String id, long hash, String lang, String label, String key, boolean broken, boolean leaked) {
    ScoreSketch.Group group() {
      return new ScoreSketch.Group(1, Collections.singletonList(lang));
    }
  }

  private static List<Example> examples(Random random, int n, int labels, int junkKeys) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String label = "c" + random.nextInt(labels);
      String key;
      double r = random.nextDouble();
      if (r < 0.6) {
        key = label;
      } else if (r < 0.8) {
        key = "c" + random.nextInt(labels);
      } else if (r < 0.9) {
        key = "junk" + random.nextInt(junkKeys);
      } else {
        key = null;
      }
      // Few distinct hashes, so ties are broken by the id.
      out.add(
          new Example(
              "id" + i,
              random.nextInt(n / 2),
              random.nextBoolean() ? null : "l" + random.nextInt(3),
              label,
              key,
              random.nextDouble() < 0.2,
              random.nextDouble() < 0.1));
    }
    return out;
  }

  private static void absorb(ExampleSketch sketch, Example e) {
    sketch.label(e.label());
    for (ScoreSketch.Group g : List.of(ALL, e.group())) {
      if (e.broken()) {
        sketch.add(g, Outcome.BROKEN, e.hash(), e.id());
      }
      if (e.leaked()) {
        sketch.add(g, Outcome.LEAKED, e.hash(), e.id());
      }
      if (!e.label().equals(e.key())) {
        sketch.addWrong(g, e.key() == null ? ExampleSketch.MISSING : e.key(), e.hash(), e.id());
      }
    }
  }

  /** The brute force: per group and outcome, the k smallest of its examples. */
  private static Map<ScoreSketch.Group, Map<Outcome, List<Entry>>> expected(
      List<Example> examples, Set<String> labels, int k) {
    Map<ScoreSketch.Group, Map<Outcome, List<Entry>>> all = new LinkedHashMap<>();
    for (Example e : examples) {
      for (ScoreSketch.Group g : List.of(ALL, e.group())) {
        Map<Outcome, List<Entry>> byOutcome =
            all.computeIfAbsent(g, x -> new EnumMap<>(Outcome.class));
        Entry entry = new Entry(e.hash(), e.id());
        if (e.broken()) {
          byOutcome.computeIfAbsent(Outcome.BROKEN, x -> new ArrayList<>()).add(entry);
        }
        if (e.leaked()) {
          byOutcome.computeIfAbsent(Outcome.LEAKED, x -> new ArrayList<>()).add(entry);
        }
        if (e.key() == null || !labels.contains(e.key())) {
          byOutcome.computeIfAbsent(Outcome.INVALID, x -> new ArrayList<>()).add(entry);
        }
      }
    }
    all.values()
        .forEach(
            byOutcome ->
                byOutcome.replaceAll(
                    (o, list) -> list.stream().sorted(Entry.ORDER).limit(k).toList()));
    all.values().removeIf(Map::isEmpty);
    return all;
  }

  @Test
  void mergedPartitionsKeepTheBottomKOfEveryOutcome() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      int k = 1 + random.nextInt(6);
      int labels = 2 + random.nextInt(4);
      List<Example> examples = examples(random, 300 + random.nextInt(500), labels, 40);
      Set<String> labelKeys = new HashSet<>();
      examples.forEach(e -> labelKeys.add(e.label()));

      int partitions = 1 + random.nextInt(8);
      List<ExampleSketch> parts = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new ExampleSketch(k, labels));
      }
      for (Example e : examples) {
        absorb(parts.get(random.nextInt(partitions)), e);
      }
      Collections.shuffle(parts, random);
      ExampleSketch merged = new ExampleSketch(k, labels);
      parts.forEach(p -> merged.mergeBytes(p.toBytes()));

      assertThat(merged.resolve(labelKeys))
          .as("seed %d, k %d, %d partitions", seed, k, partitions)
          .isEqualTo(expected(examples, labelKeys, k));
    }
  }

  @Test
  void aValidKeyNeverSeenAsALabelInAPartitionIsNotInvalid() {
    ExampleSketch first = new ExampleSketch(2, 2);
    first.label("spam");
    // "ham" is wrong here and not yet known as a label.
    first.addWrong(ALL, "ham", 1, "a");
    first.addWrong(ALL, "junk", 5, "b");
    ExampleSketch second = new ExampleSketch(2, 2);
    second.label("ham");
    second.addWrong(ALL, ExampleSketch.MISSING, 3, "c");

    ExampleSketch merged = new ExampleSketch(2, 2).merge(first).merge(second);

    assertThat(merged.resolve(Set.of("spam", "ham")).get(ALL).get(Outcome.INVALID))
        .containsExactly(new Entry(3, "c"), new Entry(5, "b"));
  }

  @Test
  void wrongKeysAreBoundedByTheClassesPlusK() {
    // 1 valid wrong key, 5,000 distinct junk answers: at most maxClasses + k keys are kept.
    ExampleSketch sketch = new ExampleSketch(3, 1);
    for (int i = 0; i < 5000; i++) {
      sketch.addWrong(ALL, "junk" + i, 10_000 - i, "j" + i);
      sketch.addWrong(ALL, "ham", i, "h" + i);
    }
    ExampleSketch read = new ExampleSketch(3, 1).mergeBytes(sketch.toBytes());

    assertThat(read.entries()).isLessThanOrEqualTo((1 + 3) * 3);
    assertThat(read.resolve(Set.of("ham")).get(ALL).get(Outcome.INVALID))
        .containsExactly(
            new Entry(5001, "j4999"), new Entry(5002, "j4998"), new Entry(5003, "j4997"));
  }

  @Test
  void renamedGroupsMergeTheirExamples() {
    ExampleSketch sketch = new ExampleSketch(2, 2);
    ScoreSketch.Group a = new ScoreSketch.Group(1, List.of("a"));
    ScoreSketch.Group b = new ScoreSketch.Group(1, List.of("b"));
    sketch.add(a, Outcome.FIXED, 7, "x");
    sketch.add(b, Outcome.FIXED, 2, "y");
    sketch.add(b, Outcome.FIXED, 9, "z");
    ScoreSketch.Group other = new ScoreSketch.Group(1, List.of("(other)"));

    Map<ScoreSketch.Group, Map<Outcome, List<Entry>>> renamed =
        sketch.renamed(g -> other).resolve(Set.of());

    assertThat(renamed).containsOnlyKeys(other);
    assertThat(renamed.get(other).get(Outcome.FIXED))
        .containsExactly(new Entry(2, "y"), new Entry(7, "x"));
  }

  @Test
  void equalHashesAreOrderedByTheIdsUtf8BytesAsSparkOrdersStrings() {
    // U+FF61 sorts after the surrogate pair of U+1F600 in UTF-16 (String.compareTo), before it in
    // UTF-8 bytes and code points (Spark's order of strings).
    String halfwidth = "\uFF61";
    String emoji = "\uD83D\uDE00";
    ExampleSketch sketch = new ExampleSketch(1, 2);
    sketch.add(ALL, Outcome.BROKEN, 7, emoji);
    sketch.add(ALL, Outcome.BROKEN, 7, halfwidth);

    assertThat(sketch.resolve(Set.of()).get(ALL).get(Outcome.BROKEN))
        .containsExactly(new Entry(7, halfwidth));

    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      String a = randomText(random);
      String b = randomText(random);
      int bytes =
          java.util.Arrays.compareUnsigned(
              a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(Integer.signum(Entry.ORDER.compare(new Entry(1, a), new Entry(1, b))))
          .as("%s vs %s", a, b)
          .isEqualTo(Integer.signum(bytes));
    }
  }

  private static String randomText(Random random) {
    int[] pool = {'a', 'b', 0xE9, 0x4E2D, 0xFF61, 0x1F600, 0x10000};
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(4); n > 0; n--) {
      s.appendCodePoint(pool[random.nextInt(pool.length)]);
    }
    return s.toString();
  }

  @Test
  void sketchesOfAnotherKDoNotMerge() {
    byte[] bytes = new ExampleSketch(5, 2).toBytes();

    assertThatThrownBy(() -> new ExampleSketch(4, 2).mergeBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExampleSketch(4, 2).add(ALL, Outcome.INVALID, 1, "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
