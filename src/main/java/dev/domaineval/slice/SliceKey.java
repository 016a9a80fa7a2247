package dev.domaineval.slice;

import java.util.List;

/**
 * Which rows a group covers along the slice axis: the slice's name and its value. The overall
 * (unsliced) key is {@code ("*", "*")}; a cross's value joins its parts' values with {@code |}.
 */
public record SliceKey(String slice, String value) {
  /** The pooled marker used for the overall slice and the pooled domain. */
  public static final String POOLED = "*";

  /** The value reported for a null slice value. */
  public static final String NULL_VALUE = "(null)";

  /** The value that holds a slice's values beyond the most supported ones (max-slice-values). */
  public static final String OTHER_VALUE = "(other)";

  public static final SliceKey OVERALL = new SliceKey(POOLED, POOLED);

  /**
   * A value of the data that reads like a marker, {@link #NULL_VALUE} or {@link #OTHER_VALUE},
   * after any number of backslashes (a Java regular expression, also valid for Spark's {@code
   * rlike}).
   */
  public static final String MARKER_LIKE = "^\\\\*\\((null|other)\\)$";

  public SliceKey {
    if (slice == null || value == null) {
      throw new IllegalArgumentException("Invalid slice key: null slice or value");
    }
  }

  /**
   * The reported form of a slice value read from the data: a value that reads like a marker gets
   * one more leading backslash ({@code (null)} is reported as {@code \(null)}, {@code \(other)} as
   * {@code \\(other)}), every other value stays as it is. The mapping is injective, so a value of
   * the data never merges with a null ({@code (null)}), with the values beyond {@code
   * max-slice-values} ({@code (other)}) or with another value.
   */
  public static String escape(String value) {
    return value.matches(MARKER_LIKE) ? "\\" + value : value;
  }

  /** The key of a slice whose parts have the given values, in the slice's part order. */
  public static SliceKey of(String slice, List<String> values) {
    return new SliceKey(slice, String.join("|", values));
  }

  public boolean isOverall() {
    return equals(OVERALL);
  }
}
