package dev.domaineval.slice;

import dev.domaineval.config.SliceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns slice specs into the groupings of the one-pass aggregation.
 *
 * <p>Dimensions are the column and expression slices; each has a fixed position. A reported
 * grouping is the overall key (no dimension) or one slice (one dimension, or the dimensions of a
 * cross), each once per domain and once for the pooled domain {@code *}.
 *
 * <p>Counting happens in two steps. First the joined rows are counted at the grain of a few
 * <em>base sets</em> of dimensions; then every reported grouping is rolled up from the small result
 * of the base set that covers it. With up to {@value #MAX_CROSSED} dimensions and none of high
 * cardinality there is one base set, the finest grain (all dimensions), and each example is counted
 * once. More dimensions are crossed {@value #MAX_CROSSED} at a time, in configured order, one base
 * set each: the product of many small slices would make the finest grain about as large as the
 * input (7 slices of 2 to 12 values, crossed, gave 1.7 M cells for 2 M rows), and each base set
 * costs only one more counted row per example. A high-cardinality dimension is not crossed with the
 * others: each grouping that uses it gets a base set of its own, and so does a cross whose parts
 * lie in different base sets.
 */
public final class SlicePlan {
  /** The most dimensions crossed in one base set. */
  public static final int MAX_CROSSED = 4;

  private final List<SliceSpec> dimensions;
  private final List<Grouping> groupings;
  private final List<Set<Integer>> baseSets;

  /** One reported grouping along the slice axis (independent of the domain axis). */
  public record Grouping(String name, List<Integer> dimensions, int baseSet) {
    public Grouping {
      dimensions = List.copyOf(dimensions);
    }

    public boolean isOverall() {
      return dimensions.isEmpty();
    }

    /** The key of a value tuple read in this grouping's dimension order. */
    public SliceKey key(List<String> values) {
      return isOverall() ? SliceKey.OVERALL : SliceKey.of(name, values);
    }
  }

  private SlicePlan(
      List<SliceSpec> dimensions, List<Grouping> groupings, List<Set<Integer>> baseSets) {
    this.dimensions = List.copyOf(dimensions);
    this.groupings = List.copyOf(groupings);
    this.baseSets = List.copyOf(baseSets);
  }

  /** Builds the plan of validated slice specs (crosses name existing column/expr slices). */
  public static SlicePlan of(List<SliceSpec> slices) {
    List<SliceSpec> dims = new ArrayList<>();
    Map<String, Integer> position = new LinkedHashMap<>();
    for (SliceSpec s : slices) {
      if (!s.isCross()) {
        position.put(s.name(), dims.size());
        dims.add(s);
      }
    }
    if (dims.size() > 62) {
      // One bit per dimension and one for the domain must fit a non-negative long.
      throw new IllegalArgumentException(
          "Invalid slice plan: " + dims.size() + " dimensions, at most 62 fit a grouping id");
    }
    List<Set<Integer>> bases = new ArrayList<>();
    Set<Integer> chunk = new LinkedHashSet<>();
    for (int i = 0; i < dims.size(); i++) {
      if (!dims.get(i).highCardinality()) {
        chunk.add(i);
        if (chunk.size() == MAX_CROSSED) {
          bases.add(Set.copyOf(chunk));
          chunk.clear();
        }
      }
    }
    if (!chunk.isEmpty() || bases.isEmpty()) {
      bases.add(Set.copyOf(chunk));
    }
    int crossed = bases.size();
    List<Grouping> groupings = new ArrayList<>();
    groupings.add(new Grouping(SliceKey.POOLED, List.of(), 0));
    for (SliceSpec s : slices) {
      List<Integer> parts = new ArrayList<>();
      if (s.isCross()) {
        for (String p : s.parts()) {
          parts.add(position.get(p));
        }
      } else {
        parts.add(position.get(s.name()));
      }
      int base = -1;
      for (int b = 0; b < crossed && base < 0; b++) {
        if (bases.get(b).containsAll(parts)) {
          base = b;
        }
      }
      if (base < 0) {
        Set<Integer> own = Set.copyOf(parts);
        base = bases.indexOf(own);
        if (base < 0) {
          bases.add(own);
          base = bases.size() - 1;
        }
      }
      groupings.add(new Grouping(s.name(), parts, base));
    }
    return new SlicePlan(dims, groupings, bases);
  }

  /** The column and expression slices, in position order. */
  public List<SliceSpec> dimensions() {
    return dimensions;
  }

  /** The overall grouping first, then one per slice in configured order. */
  public List<Grouping> groupings() {
    return groupings;
  }

  /** The dimension sets counted in the first step; index 0 is the finest grain. */
  public List<Set<Integer>> baseSets() {
    return baseSets;
  }

  /**
   * The dimensions slice discovery searches, in position order: the column and expression slices of
   * the finest grain (base set 0: the first {@value #MAX_CROSSED} that are not high-cardinality, in
   * configured order), not the leakage slices. Its cube is the finest grain's counts, so the search
   * costs the pass no row.
   */
  public List<Integer> discoveryDimensions() {
    List<Integer> out = new ArrayList<>();
    for (int d = 0; d < dimensions.size(); d++) {
      if (baseSets.get(0).contains(d) && searchable(dimensions.get(d))) {
        out.add(d);
      }
    }
    return out;
  }

  /** The names of {@link #discoveryDimensions()}, in the same order. */
  public List<String> discoverySliceNames() {
    return discoveryDimensions().stream().map(d -> dimensions.get(d).name()).toList();
  }

  /**
   * The column and expression slices discovery leaves out: the high-cardinality ones, and those
   * beyond the finest grain's first {@value #MAX_CROSSED}.
   */
  public List<String> discoveryLeftOut() {
    List<String> out = new ArrayList<>();
    for (int d = 0; d < dimensions.size(); d++) {
      if (!baseSets.get(0).contains(d) && searchable(dimensions.get(d))) {
        out.add(dimensions.get(d).name());
      }
    }
    return out;
  }

  private static boolean searchable(SliceSpec s) {
    return s.kind() == SliceSpec.Kind.COLUMN || s.kind() == SliceSpec.Kind.EXPRESSION;
  }

  /**
   * The value Spark's {@code grouping_id(domain, d0, ..., dk-1)} takes for a grouping: one bit per
   * argument, the first argument most significant, set where the column is aggregated away.
   *
   * @param grouping the slice grouping
   * @param pooledDomain whether the domain is pooled into {@code *}
   */
  public long groupingId(Grouping grouping, boolean pooledDomain) {
    return groupingId(Set.copyOf(grouping.dimensions()), pooledDomain);
  }

  /** The grouping id of a base set, whose domain is never pooled. */
  public long baseSetId(int baseSet) {
    return groupingId(baseSets.get(baseSet), false);
  }

  private long groupingId(Set<Integer> kept, boolean pooledDomain) {
    int n = dimensions.size() + 1;
    long id = pooledDomain ? 1L << (n - 1) : 0L;
    for (int i = 0; i < dimensions.size(); i++) {
      if (!kept.contains(i)) {
        id |= 1L << (n - 2 - i);
      }
    }
    return id;
  }
}
