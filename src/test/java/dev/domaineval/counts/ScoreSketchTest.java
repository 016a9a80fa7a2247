package dev.domaineval.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A sketch's groups against counts kept here per example (brute force): per group and bucket the
 * examples of each label and the exact sum of their scores, per group the sums of log losses and
 * squared errors; the same whatever the split into partitions and the order of merging, through its
 * bytes, and when groups are renamed onto each other.
 */
class ScoreSketchTest {
  private static final int BUCKETS = 10_000;

  /** One example: its slice values (two dimensions), label and score. */
  record Example(String lang, String source, boolean positive, double score) {
    double logLoss() {
      double p = Math.min(Math.max(score, 1e-15), 1 - 1e-15);
      return positive ? -Math.log(p) : -Math.log(1 - p);
    }

    double squaredError() {
      double y = positive ? 1 : 0;
      return (score - y) * (score - y);
    }

    int bucket() {
      return ScoreBuckets.of(score, BUCKETS);
    }
  }

  /** What a group holds, computed here. */
  record Expected(
      TreeMap<Integer, long[]> counts,
      TreeMap<Integer, List<Double>> scores,
      List<Double> logLosses,
      List<Double> squaredErrors) {
    Expected() {
      this(new TreeMap<>(), new TreeMap<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  /** A group as the visitor saw it. */
  record Seen(
      int[] buckets,
      long[] positives,
      long[] negatives,
      double[] scoreSums,
      double logLossSum,
      double squaredErrorSum) {}

  /** Grouping 0: overall; 1: lang; 2: source; 3: lang x source. */
  private static List<List<String>> groupValues(Example e) {
    return List.of(
        List.of(), List.of(e.lang()), List.of(e.source()), List.of(e.lang(), e.source()));
  }

  private static void add(ScoreSketch sketch, Example e) {
    List<List<String>> values = groupValues(e);
    for (int g = 0; g < values.size(); g++) {
      int group =
          values.get(g).size() == 1
              ? sketch.group(g, values.get(g).get(0))
              : sketch.group(g, values.get(g));
      if (values.get(g).isEmpty()) {
        assertThat(sketch.overallGroup(g)).isEqualTo(group);
      }
      sketch.add(group, e.bucket(), e.positive(), e.score(), e.logLoss(), e.squaredError());
    }
  }

  private static List<Example> examples(long seed, int n) {
    Random random = new Random(seed);
    String[] langs = {"en", "de", "fr", "(null)"};
    String[] sources = {"web", "api", "mail"};
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean positive = random.nextDouble() < 0.3;
      // Scores with 4 decimals, many of them shared, some at the edges 0 and 1.
      double score =
          i % 97 == 0
              ? (i % 2 == 0 ? 0.0 : 1.0)
              : Math.round(((positive ? 0.3 : 0) + random.nextDouble() * 0.7) * 10_000) / 10_000.0;
      score = Math.min(1, score);
      out.add(
          new Example(
              langs[random.nextInt(langs.length)],
              sources[random.nextInt(sources.length)],
              positive,
              score));
    }
    return out;
  }

  private static Map<ScoreSketch.Group, Expected> expected(List<Example> examples) {
    Map<ScoreSketch.Group, Expected> out = new LinkedHashMap<>();
    for (Example e : examples) {
      List<List<String>> values = groupValues(e);
      for (int g = 0; g < values.size(); g++) {
        Expected x =
            out.computeIfAbsent(new ScoreSketch.Group(g, values.get(g)), k -> new Expected());
        x.counts().computeIfAbsent(e.bucket(), b -> new long[2])[e.positive() ? 0 : 1]++;
        x.scores().computeIfAbsent(e.bucket(), b -> new ArrayList<>()).add(e.score());
        x.logLosses().add(e.logLoss());
        x.squaredErrors().add(e.squaredError());
      }
    }
    return out;
  }

  private static Map<ScoreSketch.Group, Seen> seen(byte[] bytes) {
    return seen(List.of(bytes));
  }

  private static Map<ScoreSketch.Group, Seen> seen(List<byte[]> parts) {
    Map<ScoreSketch.Group, Seen> out = new LinkedHashMap<>();
    ScoreSketch.forEachGroup(
        parts,
        (group, buckets, positives, negatives, scoreSums, logLossSum, squaredErrorSum) ->
            assertThat(
                    out.put(
                        group,
                        new Seen(
                            buckets, positives, negatives, scoreSums, logLossSum, squaredErrorSum)))
                .as("group %s visited once", group)
                .isNull());
    return out;
  }

  /** The exact sum of doubles rounded to 1e-15 each, as FixedPointSum defines it. */
  private static double exactSum(List<Double> terms) {
    long high = 0;
    long low = 0;
    for (double t : terms) {
      high += FixedPointSum.high(t);
      low += FixedPointSum.low(t);
    }
    return FixedPointSum.value(high, low);
  }

  private static void assertMatches(Map<ScoreSketch.Group, Seen> seen, List<Example> examples) {
    Map<ScoreSketch.Group, Expected> expected = expected(examples);
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (group, x) -> {
          Seen s = seen.get(group);
          assertThat(s.buckets())
              .as("buckets of %s", group)
              .containsExactly(x.counts().keySet().stream().mapToInt(Integer::intValue).toArray());
          for (int i = 0; i < s.buckets().length; i++) {
            long[] c = x.counts().get(s.buckets()[i]);
            assertThat(new long[] {s.positives()[i], s.negatives()[i]})
                .as("counts of %s bucket %d", group, s.buckets()[i])
                .containsExactly(c);
            assertThat(s.scoreSums()[i])
                .as("score sum of %s bucket %d", group, s.buckets()[i])
                .isEqualTo(exactSum(x.scores().get(s.buckets()[i])));
          }
          assertThat(s.logLossSum()).as("log loss of %s", group).isEqualTo(exactSum(x.logLosses()));
          assertThat(s.squaredErrorSum())
              .as("squared error of %s", group)
              .isEqualTo(exactSum(x.squaredErrors()));
        });
  }

  @Test
  void everyGroupHoldsTheCountsAndExactSumsOfItsExamples() {
    List<Example> examples = examples(1, 5_000);
    ScoreSketch sketch = new ScoreSketch();
    examples.forEach(e -> add(sketch, e));
    // 1 overall + 4 langs + 3 sources + 12 crosses.
    assertThat(sketch.groups()).isEqualTo(20);
    assertMatches(seen(sketch.toBytes()), examples);
  }

  @Test
  void partitionsMergedInAnyOrderGiveTheSameBytes() {
    List<Example> examples = examples(2, 6_000);
    ScoreSketch whole = new ScoreSketch();
    examples.forEach(e -> add(whole, e));

    // Three partitions of different content, merged in two orders, one through its bytes.
    List<ScoreSketch> parts = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      parts.add(new ScoreSketch());
    }
    for (int i = 0; i < examples.size(); i++) {
      add(parts.get((i * 7 + i / 100) % 3), examples.get(i));
    }
    byte[] forward =
        new ScoreSketch().merge(parts.get(0)).merge(parts.get(1)).merge(parts.get(2)).toBytes();
    ScoreSketch roundTrip = ScoreSketch.fromBytes(parts.get(2).toBytes());
    byte[] backward = roundTrip.merge(parts.get(1)).merge(parts.get(0)).toBytes();
    byte[] fromBytes =
        new ScoreSketch()
            .mergeBytes(parts.get(1).toBytes())
            .mergeBytes(parts.get(0).toBytes())
            .mergeBytes(parts.get(2).toBytes())
            .toBytes();

    assertMatches(seen(forward), examples);
    assertMatches(seen(backward), examples);
    assertThat(canonical(seen(forward))).isEqualTo(canonical(seen(backward)));
    assertThat(canonical(seen(forward))).isEqualTo(canonical(seen(whole.toBytes())));
    assertThat(canonical(seen(fromBytes))).isEqualTo(canonical(seen(whole.toBytes())));
    // Read as one without merging: the same groups, counts and sums, in the groups' order.
    List<byte[]> partBytes = parts.stream().map(ScoreSketch::toBytes).toList();
    Map<ScoreSketch.Group, Seen> streamed = seen(partBytes);
    assertMatches(streamed, examples);
    assertThat(canonical(streamed)).isEqualTo(canonical(seen(whole.toBytes())));
    assertThat(new ArrayList<>(streamed.keySet()))
        .isSortedAccordingTo(ScoreSketch.GROUP_ORDER)
        .isEqualTo(new ArrayList<>(seen(whole.toBytes()).keySet()));
    // The same content gives the same bytes, whatever the order of the merges.
    assertThat(forward).isEqualTo(whole.toBytes());
    assertThat(backward).isEqualTo(whole.toBytes());
  }

  @Test
  void bytesReadBackAsTheSameSketch() {
    List<Example> examples = examples(3, 2_000);
    ScoreSketch sketch = new ScoreSketch();
    examples.forEach(e -> add(sketch, e));
    byte[] bytes = sketch.toBytes();
    ScoreSketch back = ScoreSketch.fromBytes(bytes);
    assertThat(back.toBytes()).isEqualTo(bytes);
    assertThat(back.cells()).isEqualTo(sketch.cells());
    // About ten bytes per cell: keys as differences, counts and sums as variable-length numbers.
    assertThat(bytes.length).isLessThan(16 * sketch.cells());
  }

  @Test
  void renamedGroupsMergeExactly() {
    List<Example> examples = examples(4, 3_000);
    ScoreSketch sketch = new ScoreSketch();
    examples.forEach(e -> add(sketch, e));
    // Keep en, de as they are and count the other languages as (other), as a capped slice does.
    ScoreSketch capped =
        sketch.renamed(
            g -> {
              if (g.grouping() != 1 && g.grouping() != 3) {
                return g;
              }
              List<String> values = new ArrayList<>(g.values());
              if (!List.of("en", "de").contains(values.get(0))) {
                values.set(0, "(other)");
              }
              return new ScoreSketch.Group(g.grouping(), values);
            });
    List<Example> cappedExamples = new ArrayList<>();
    for (Example e : examples) {
      String lang = List.of("en", "de").contains(e.lang()) ? e.lang() : "(other)";
      cappedExamples.add(new Example(lang, e.source(), e.positive(), e.score()));
    }
    assertMatches(seen(capped.toBytes()), cappedExamples);
  }

  @Test
  void nullValuesAreGroupsOfTheirOwn() {
    ScoreSketch sketch = new ScoreSketch();
    int nullGroup = sketch.group(1, (String) null);
    int empty = sketch.group(1, "");
    assertThat(nullGroup).isNotEqualTo(empty);
    sketch.add(nullGroup, 5, true, 0.0005, 0.1, 0.2);
    sketch.add(empty, 5, false, 0.0005, 0.1, 0.2);
    Map<ScoreSketch.Group, Seen> seen = seen(sketch.toBytes());
    assertThat(seen.keySet())
        .containsExactly(
            new ScoreSketch.Group(1, Arrays.asList((String) null)),
            new ScoreSketch.Group(1, List.of("")));
  }

  @Test
  void bytesOfAnotherFormatAreRefused() {
    byte[] bytes = new ScoreSketch().toBytes();
    bytes[3] = 9;
    assertThatThrownBy(() -> ScoreSketch.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
  }

  /** The visited groups in a fixed order, their arrays as lists (comparable with equals). */
  private static Map<String, List<Object>> canonical(Map<ScoreSketch.Group, Seen> seen) {
    Map<String, List<Object>> out = new TreeMap<>();
    seen.forEach(
        (g, s) ->
            out.put(
                g.toString(),
                List.of(
                    Arrays.toString(s.buckets()),
                    Arrays.toString(s.positives()),
                    Arrays.toString(s.negatives()),
                    Arrays.toString(s.scoreSums()),
                    s.logLossSum(),
                    s.squaredErrorSum())));
    return out;
  }
}
