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

  public SliceKey {
    if (slice == null || value == null) {
      throw new IllegalArgumentException("Invalid slice key: null slice or value");
    }
  }

  /** The key of a slice whose parts have the given values, in the slice's part order. */
  public static SliceKey of(String slice, List<String> values) {
    return new SliceKey(slice, String.join("|", values));
  }

  public boolean isOverall() {
    return equals(OVERALL);
  }
}
