package dev.domaineval.discovery;

import dev.domaineval.compare.PairedCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cube's discovery-half counts summed over the cells per combination of values of a set of
 * dimensions (its projection on them), each computed once and shared by the searches of the cube.
 * Values are coded as small integers per dimension once, so a projection hashes int arrays rather
 * than lists of strings.
 */
final class CubeProjections {

  /** The values of one combination, as codes in the order of the projection's dimensions. */
  record Key(int[] codes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(codes, k.codes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
      return Arrays.toString(codes);
    }
  }

  private final DiscoveryCube cube;
  private final int[][] codes;
  private final List<List<String>> values = new ArrayList<>();
  private final Map<List<Integer>, Map<Key, PairedCounts>> cache = new HashMap<>();

  CubeProjections(DiscoveryCube cube) {
    this.cube = cube;
    int dimensions = cube.dimensions().size();
    List<Map<String, Integer>> index = new ArrayList<>();
    for (int d = 0; d < dimensions; d++) {
      index.add(new HashMap<>());
      values.add(new ArrayList<>());
    }
    codes = new int[cube.cells().size()][dimensions];
    for (int c = 0; c < codes.length; c++) {
      List<String> cell = cube.cells().get(c).values();
      for (int d = 0; d < dimensions; d++) {
        List<String> known = values.get(d);
        codes[c][d] = index.get(d).computeIfAbsent(cell.get(d), v -> add(known, v));
      }
    }
  }

  private static int add(List<String> known, String value) {
    known.add(value);
    return known.size() - 1;
  }

  DiscoveryCube cube() {
    return cube;
  }

  /** The value of {@code dimension} with the given code. */
  String value(int dimension, int code) {
    return values.get(dimension).get(code);
  }

  /** The discovery-half counts per combination of values of {@code dims} (ascending positions). */
  Map<Key, PairedCounts> of(int[] dims) {
    return cache.computeIfAbsent(Arrays.stream(dims).boxed().toList(), k -> compute(dims));
  }

  private Map<Key, PairedCounts> compute(int[] dims) {
    Map<Key, long[]> sums = new HashMap<>();
    for (int c = 0; c < codes.length; c++) {
      int[] key = new int[dims.length];
      for (int i = 0; i < dims.length; i++) {
        key[i] = codes[c][dims[i]];
      }
      PairedCounts counts = cube.cells().get(c).discovery();
      long[] sum = sums.computeIfAbsent(new Key(key), k -> new long[4]);
      sum[0] = Math.addExact(sum[0], counts.bothRight());
      sum[1] = Math.addExact(sum[1], counts.fixed());
      sum[2] = Math.addExact(sum[2], counts.broken());
      sum[3] = Math.addExact(sum[3], counts.bothWrong());
    }
    Map<Key, PairedCounts> out = new HashMap<>(sums.size() * 2);
    sums.forEach((k, s) -> out.put(k, new PairedCounts(s[0], s[1], s[2], s[3])));
    return out;
  }
}
