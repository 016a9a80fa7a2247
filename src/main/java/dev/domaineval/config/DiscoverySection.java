package dev.domaineval.config;

/** Reads and checks section {@code discovery} ({@link DiscoverySpec}). */
final class DiscoverySection {
  /** The most predicates searched: the dimensions of the pass's finest grain. */
  static final int MAX_PREDICATES = 4;

  /** The most slices kept per candidate, domain and error definition. */
  static final int MAX_TOP_K = 100;

  private DiscoverySection() {}

  static DiscoverySpec read(Settings settings) {
    boolean enabled = settings.bool("discovery.enabled");
    int maxPredicates = settings.integer("discovery.max-predicates");
    if (maxPredicates < 1 || maxPredicates > MAX_PREDICATES) {
      settings.invalid(
          "discovery.max-predicates",
          "expected 1 to " + MAX_PREDICATES + " predicates per slice, got " + maxPredicates);
    }
    long minSupport = settings.longInteger("discovery.min-support");
    if (minSupport < 0) {
      settings.invalid(
          "discovery.min-support",
          "expected 0 (each domain policy's min-support) or a number of examples, got "
              + minSupport);
    }
    int topK = settings.integer("discovery.top-k");
    if (topK < 1 || topK > MAX_TOP_K) {
      settings.invalid(
          "discovery.top-k",
          "expected 1 to " + MAX_TOP_K + " slices per candidate and domain, got " + topK);
    }
    double alpha =
        settings.read("discovery.alpha", 0.0, () -> settings.config().getDouble("discovery.alpha"));
    if (!(alpha > 0 && alpha <= 1)) {
      settings.invalid(
          "discovery.alpha",
          "expected a weight in (0, 1] (1: only the error rate counts), such as 0.95, got "
              + alpha);
    }
    boolean gate = settings.bool("discovery.gate");
    return new DiscoverySpec(enabled, maxPredicates, minSupport, topK, alpha, gate);
  }
}
