package dev.domaineval.metrics;

/** The zero-denominator policy of every metric in this package, in one place. */
public final class Ratio {

  private Ratio() {}

  /**
   * Returns {@code numerator / denominator}, or 0.0 when the denominator is 0.
   *
   * <p>0 rather than undefined, as scikit-learn ({@code zero_division=0}) and MLlib report it, so
   * our numbers (and the macro averages that include them) match what users get from those tools.
   */
  public static double of(double numerator, double denominator) {
    return denominator == 0 ? 0.0 : numerator / denominator;
  }
}
