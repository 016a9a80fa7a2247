package dev.domaineval.discovery;

import dev.domaineval.compare.PairedCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random cubes of counts for the discovery tests; every draw comes from the given seed. */
final class RandomCubes {

  private RandomCubes() {}

  /**
   * Paired counts of {@code n} examples, each independently both right, fixed, broken or both wrong
   * with the probabilities {@code fixed}, {@code broken}, {@code bothWrong} (the rest both right).
   */
  static PairedCounts draw(Random random, long n, double fixed, double broken, double bothWrong) {
    long[] cells = new long[4];
    for (long i = 0; i < n; i++) {
      double u = random.nextDouble();
      if (u < fixed) {
        cells[1]++;
      } else if (u < fixed + broken) {
        cells[2]++;
      } else if (u < fixed + broken + bothWrong) {
        cells[3]++;
      } else {
        cells[0]++;
      }
    }
    return new PairedCounts(cells[0], cells[1], cells[2], cells[3]);
  }

  /** Names d0, d1, ... and values v0, v1, ... of each dimension; the last value of d0 is null. */
  static List<List<String>> values(int[] cardinalities) {
    List<List<String>> out = new ArrayList<>();
    for (int d = 0; d < cardinalities.length; d++) {
      List<String> values = new ArrayList<>();
      for (int v = 0; v < cardinalities[d]; v++) {
        values.add(d == 0 && v == cardinalities[d] - 1 ? null : "v" + v);
      }
      out.add(values);
    }
    return out;
  }

  /** Every combination of one value per dimension. */
  static List<List<String>> combinations(List<List<String>> values) {
    List<List<String>> out = new ArrayList<>();
    out.add(new ArrayList<>());
    for (List<String> dimension : values) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : out) {
        for (String value : dimension) {
          List<String> combination = new ArrayList<>(prefix);
          combination.add(value);
          next.add(combination);
        }
      }
      out = next;
    }
    return out;
  }

  /**
   * A cube whose cells have random sizes (up to {@code maxCellSize} per half, some cells left out)
   * and random error rates, so that some slices stand out.
   */
  static DiscoveryCube structured(long seed, int[] cardinalities, int maxCellSize) {
    Random random = new Random(seed);
    String[] dimensions = new String[cardinalities.length];
    for (int d = 0; d < dimensions.length; d++) {
      dimensions[d] = "d" + d;
    }
    DiscoveryCube.Builder builder = DiscoveryCube.builder("cand", "dom", dimensions);
    for (List<String> cell : combinations(values(cardinalities))) {
      if (random.nextInt(6) == 0) {
        continue;
      }
      double broken = new double[] {0.01, 0.05, 0.1, 0.3}[random.nextInt(4)];
      double bothWrong = new double[] {0.02, 0.1, 0.2}[random.nextInt(3)];
      for (Half half : Half.values()) {
        builder.add(
            half,
            draw(random, random.nextInt(maxCellSize + 1), 0.03, broken, bothWrong),
            cell.toArray(new String[0]));
      }
    }
    return builder.build();
  }

  /**
   * A cube without any effect: every cell's examples have the same outcome probabilities; only the
   * cell sizes (uniform in [minCellSize, maxCellSize] per half) and the draws vary.
   */
  static DiscoveryCube flat(
      long seed, String domain, int[] cardinalities, int minCellSize, int maxCellSize) {
    Random random = new Random(seed);
    String[] dimensions = new String[cardinalities.length];
    for (int d = 0; d < dimensions.length; d++) {
      dimensions[d] = "d" + d;
    }
    DiscoveryCube.Builder builder = DiscoveryCube.builder("cand", domain, dimensions);
    for (List<String> cell : combinations(values(cardinalities))) {
      for (Half half : Half.values()) {
        int n = minCellSize + random.nextInt(maxCellSize - minCellSize + 1);
        builder.add(half, draw(random, n, 0.04, 0.04, 0.08), cell.toArray(new String[0]));
      }
    }
    return builder.build();
  }
}
