package dev.domaineval.discovery;

import dev.domaineval.compare.PairedCounts;
import dev.domaineval.counts.DiscoveryCell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What discovery reads for one candidate and domain: the paired outcomes of the candidate against
 * the baseline, counted per combination of slice values at the finest grain, on each {@link Half}.
 * It is a cube of counts, not rows: its size depends on the slice values, never on the number of
 * examples.
 *
 * <p>Each cell holds one value per dimension (null for a missing value, a value of its own, as the
 * pass groups it) and, per half, the cell's {@link PairedCounts} (both right, fixed, broken, both
 * wrong, numbers of examples), from which every count discovery needs follows: examples {@code
 * n()}, candidate wrong {@code broken + bothWrong}, baseline wrong {@code fixed + bothWrong},
 * fixed, broken. Counts are additive: a slice's counts are the sum of its cells'.
 *
 * @param candidate the candidate model
 * @param domain the domain
 * @param dimensions the slice dimensions' names, distinct, in the configured order
 * @param cells the cells, one per distinct combination of values (empty cells may be left out)
 */
public record DiscoveryCube(
    String candidate, String domain, List<String> dimensions, List<Cell> cells) {

  public DiscoveryCube {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(domain, "domain");
    dimensions = List.copyOf(dimensions);
    cells = List.copyOf(cells);
    if (new HashSet<>(dimensions).size() != dimensions.size()) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discovery cube of %s on %s: repeated dimension in %s; name each slice once",
              candidate, domain, dimensions));
    }
    Set<List<String>> seen = new HashSet<>();
    for (Cell cell : cells) {
      if (cell.values().size() != dimensions.size()) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid discovery cube of %s on %s: cell %s has %d values for %d dimensions %s",
                candidate,
                domain,
                cell.values(),
                cell.values().size(),
                dimensions.size(),
                dimensions));
      }
      if (!seen.add(cell.values())) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid discovery cube of %s on %s: cell %s appears twice; add its counts into"
                    + " one cell (Builder.add does)",
                candidate, domain, cell.values()));
      }
    }
  }

  /**
   * The counts of one combination of slice values.
   *
   * @param values one value per dimension, in the cube's order; null for a missing value
   * @param discovery the counts of the cell's examples on the discovery half
   * @param confirmation the counts of the cell's examples on the confirmation half
   */
  public record Cell(List<String> values, PairedCounts discovery, PairedCounts confirmation) {
    public Cell {
      values = Collections.unmodifiableList(new ArrayList<>(values));
      Objects.requireNonNull(discovery, "discovery");
      Objects.requireNonNull(confirmation, "confirmation");
    }

    /** The cell's counts on {@code half}. */
    public PairedCounts counts(Half half) {
      return half == Half.DISCOVERY ? discovery : confirmation;
    }
  }

  /** The domain's counts on {@code half}: the sum of every cell's. */
  public PairedCounts total(Half half) {
    PairedCounts sum = new PairedCounts(0, 0, 0, 0);
    for (Cell cell : cells) {
      sum = sum.plus(cell.counts(half));
    }
    return sum;
  }

  /**
   * The counts on {@code half} of the examples that satisfy every predicate (the whole domain for
   * none), by a scan of the cells.
   *
   * @throws IllegalArgumentException if a predicate names a dimension the cube does not have
   */
  public PairedCounts count(List<Predicate> conjunction, Half half) {
    int[] dims = new int[conjunction.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = indexOf(conjunction.get(i).dimension());
    }
    PairedCounts sum = new PairedCounts(0, 0, 0, 0);
    for (Cell cell : cells) {
      boolean matches = true;
      for (int i = 0; i < dims.length && matches; i++) {
        matches = Objects.equals(cell.values().get(dims[i]), conjunction.get(i).value());
      }
      if (matches) {
        sum = sum.plus(cell.counts(half));
      }
    }
    return sum;
  }

  /** The position of {@code dimension} in {@link #dimensions()}. */
  int indexOf(String dimension) {
    int index = dimensions.indexOf(dimension);
    if (index < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Unknown dimension '%s' of the discovery cube of %s on %s (dimensions: %s)",
              dimension, candidate, domain, dimensions));
    }
    return index;
  }

  /**
   * The cubes of the pass's discovery cells, one per (candidate, domain), sorted by candidate and
   * domain.
   *
   * @param dimensions the names of the searched dimensions, in the cells' value order
   */
  public static List<DiscoveryCube> of(List<DiscoveryCell> cells, List<String> dimensions) {
    Map<List<String>, Builder> builders =
        new java.util.TreeMap<>(
            java.util.Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
    for (DiscoveryCell c : cells) {
      builders
          .computeIfAbsent(
              List.of(c.candidate(), c.domain()),
              k -> new Builder(c.candidate(), c.domain(), dimensions))
          .add(
              c.half() == 0 ? Half.DISCOVERY : Half.CONFIRMATION,
              new PairedCounts(c.bothRight(), c.fixed(), c.broken(), c.bothWrong()),
              c.values().toArray(String[]::new));
    }
    List<DiscoveryCube> out = new ArrayList<>();
    builders.values().forEach(b -> out.add(b.build()));
    return out;
  }

  /** A builder for the given candidate, domain and dimensions. */
  public static Builder builder(String candidate, String domain, String... dimensions) {
    return new Builder(candidate, domain, Arrays.asList(dimensions));
  }

  /** Collects cells; counts added twice to the same values are summed. */
  public static final class Builder {
    private static final PairedCounts ZERO = new PairedCounts(0, 0, 0, 0);

    private final String candidate;
    private final String domain;
    private final List<String> dimensions;
    private final Map<List<String>, PairedCounts[]> cells = new LinkedHashMap<>();

    private Builder(String candidate, String domain, List<String> dimensions) {
      this.candidate = candidate;
      this.domain = domain;
      this.dimensions = List.copyOf(dimensions);
    }

    /** Adds {@code counts} to the cell of {@code values} on {@code half}. */
    public Builder add(Half half, PairedCounts counts, String... values) {
      List<String> key = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(values)));
      if (key.size() != dimensions.size()) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid cell %s: %d values for %d dimensions %s",
                key, key.size(), dimensions.size(), dimensions));
      }
      PairedCounts[] halves = cells.computeIfAbsent(key, k -> new PairedCounts[] {ZERO, ZERO});
      halves[half.ordinal()] = halves[half.ordinal()].plus(counts);
      return this;
    }

    /** Adds the same counts to the cell of {@code values} on both halves. */
    public Builder addToBoth(PairedCounts counts, String... values) {
      return add(Half.DISCOVERY, counts, values).add(Half.CONFIRMATION, counts, values);
    }

    public DiscoveryCube build() {
      List<Cell> out = new ArrayList<>();
      cells.forEach((values, halves) -> out.add(new Cell(values, halves[0], halves[1])));
      return new DiscoveryCube(candidate, domain, dimensions, out);
    }
  }
}
