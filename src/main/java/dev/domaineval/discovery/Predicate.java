package dev.domaineval.discovery;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One condition of a discovered slice: a slice dimension equals a value. The value is the data's
 * (null for a missing value, a value of its own); {@link #text()} shows it as the slices table does
 * ({@link SliceKey#NULL_VALUE} for null, {@link SliceKey#escape} otherwise).
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
    return dimension + " = " + (value == null ? SliceKey.NULL_VALUE : SliceKey.escape(value));
  }

  /**
   * The conjunction's readable form, its predicates joined by {@code AND} in the given order:
   * {@code source = partner_api AND length_bucket = long}.
   */
  public static String text(List<Predicate> conjunction) {
    return conjunction.stream().map(Predicate::text).collect(Collectors.joining(" AND "));
  }
}
