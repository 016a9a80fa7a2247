package dev.domaineval.config;

/**
 * Sections {@code comparison} and {@code bootstrap}: how candidates are compared with the baseline.
 *
 * @param alpha the false discovery rate of the significance decision, in (0, 1)
 * @param replicates the number of Poisson bootstrap replicates (0: off)
 * @param seed the seed of the replicates' draws
 * @param scope which candidate groups the bootstrap estimates
 */
record ComparisonSection(double alpha, int replicates, long seed, BootstrapScope scope) {
  /**
   * Each replicate recomputes every compared metric of every group in scope on the driver; beyond
   * this the percentiles do not get noticeably more precise.
   */
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
    return new ComparisonSection(alpha, replicates, seed, scope(settings));
  }

  private static BootstrapScope scope(Settings settings) {
    String v = settings.string("bootstrap.scope");
    for (BootstrapScope s : BootstrapScope.values()) {
      if (s.id().equals(v)) {
        return s;
      }
    }
    settings.invalid(
        "bootstrap.scope",
        "expected domains (the overall slice of each domain and of the pooled domain) or all"
            + " (every slice value too), got \""
            + v
            + "\"");
    return BootstrapScope.DOMAINS;
  }
}
