package dev.domaineval.compare;

/**
 * The paired test of one comparison row and the 95 % interval of its delta (candidate − baseline).
 *
 * @param method the test and interval the row's metric is compared with
 * @param pValue the two-sided p-value, or null when the data are too few for the method (see {@code
 *     note})
 * @param low the interval's lower bound, or null with {@code pValue}
 * @param high the interval's upper bound, or null with {@code pValue}
 * @param note why the row has no p-value, or null
 */
public record PairedTestResult(
    PairedTestMethod method, Double pValue, Double low, Double high, String note) {
  public PairedTestResult {
    java.util.Objects.requireNonNull(method, "method");
    if ((low == null) != (high == null) || (low != null && low > high)) {
      throw new IllegalArgumentException(
          String.format("Invalid interval [%s, %s] of a paired difference", low, high));
    }
  }

  /** A test that could not be run, and why. */
  public static PairedTestResult untested(PairedTestMethod method, String note) {
    return new PairedTestResult(method, null, null, null, note);
  }

  public boolean hasInterval() {
    return low != null;
  }
}
