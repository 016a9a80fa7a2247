package dev.domaineval.config;

/**
 * Sections {@code comparison} and {@code bootstrap}: how candidates are compared with the baseline.
 *
 * @param alpha the false discovery rate of the significance decision, in (0, 1)
 * @param replicates the number of Poisson bootstrap replicates (0: off)
 * @param seed the seed of the replicate weights
 */
record ComparisonSection(double alpha, int replicates, long seed) {
  /** Each replicate is one more sum per count in the pass; beyond this it is not a sample. */
  static final int MAX_REPLICATES = 2000;

  static ComparisonSection read(Settings settings) {
    double alpha =
        settings.read(
            "comparison.alpha", 0.0, () -> settings.config().getDouble("comparison.alpha"));
    if (!(alpha > 0 && alpha < 1)) {
      settings.invalid(
          "comparison.alpha", "expected a false discovery rate in (0, 1), such as 0.05");
    }
    int replicates = settings.integer("bootstrap.replicates");
    if (replicates < 0 || replicates > MAX_REPLICATES) {
      settings.invalid(
          "bootstrap.replicates",
          "expected 0 (off) or a number of replicates up to "
              + MAX_REPLICATES
              + ", got "
              + replicates
              + ". 100 to 1000 is usual");
    }
    long seed = settings.longInteger("bootstrap.seed");
    return new ComparisonSection(alpha, replicates, seed);
  }
}
