package dev.domaineval.discovery;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One condition of a discovered slice: a slice dimension equals a value. The value is as the slices
 * table writes it: the pass reads slice values in that form ({@link SliceKey#NULL_VALUE} for a
 * missing value, {@link SliceKey#OTHER_VALUE} for the values beyond {@code max-slice-values}, a
 * data value that reads like one of them escaped, see {@link SliceKey#escape}); null stands for
 * {@link SliceKey#NULL_VALUE} in cubes built by hand.
 *
 * @param dimension the slice's name, as configured
 * @param value the value, or null
 */
public record Predicate(String dimension, String value) {
  public Predicate {
    Objects.requireNonNull(dimension, "dimension");
  }

  /** {@code dimension = value}, such as {@code source = partner_api}. */
  public String text() {
    return dimension + " = " + (value == null ? SliceKey.NULL_VALUE : value);
  }

  /**
   * The conjunction's readable form, its predicates joined by {@code AND} in the given order:
   * {@code source = partner_api AND length_bucket = long}.
   */
  public static String text(List<Predicate> conjunction) {
    return conjunction.stream().map(Predicate::text).collect(Collectors.joining(" AND "));
  }
}
