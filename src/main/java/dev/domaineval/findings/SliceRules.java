package dev.domaineval.findings;

import dev.domaineval.slice.SliceKey;
import java.util.Locale;

/** Findings about the slices themselves; they inform and do not change verdicts. */
public final class SliceRules {
  private SliceRules() {}

  /**
   * {@code TOO_MANY_SLICE_VALUES} (warn, informs): a slice had more values than reported.
   *
   * @param slice the slice (dimension) name
   * @param values its number of distinct values
   * @param kept how many of them are reported
   * @param otherRows the (example, model) rows of the values counted as {@code (other)}
   */
  public static Finding tooManyValues(String slice, long values, int kept, long otherRows) {
    return new Finding(
        Severity.WARN,
        FindingCode.TOO_MANY_SLICE_VALUES,
        null,
        SliceKey.POOLED,
        new SliceKey(slice, SliceKey.OTHER_VALUE),
        String.format(
            Locale.ROOT,
            "Slice '%s' has %d distinct values: the %d with the most examples are reported and"
                + " the other %d values (%d example-model rows) are counted as '%s'. Slice on a"
                + " coarser expression, or raise max-slice-values if you need them all (the"
                + " outputs grow with it).",
            slice,
            values,
            kept,
            values - kept,
            otherRows,
            SliceKey.OTHER_VALUE),
        Finding.Effect.INFORMS);
  }
}
